// A std::function objective behind NLopt's C callback (nlopt::vfunc), for
// the calibration's and the plan search's derivative-free optimisers.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace ambassim {

struct NloptObjective {
    std::function<double(const std::vector<double>&)> f;
    std::size_t dims;
    // Derivative-free algorithms only: the gradient argument is never asked for.
    static double call(unsigned, const double* x, double*, void* data) {
        auto* o = static_cast<NloptObjective*>(data);
        return o->f(std::vector<double>(x, x + o->dims));
    }
};

}  // namespace ambassim
