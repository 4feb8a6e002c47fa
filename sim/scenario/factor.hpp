// One parameter a sweep file varies (docs/sweep-format.md): its key and its
// range or explicit levels. A plain value type shared by the sweep file
// reader (sim/scenario) and the designs that sample it (sim/runs/designs.hpp).
#pragma once

#include <string>
#include <vector>

namespace ambassim {

enum class Scale { linear, log };

// One parameter varied by a design. Continuous designs (Latin hypercube,
// Saltelli, Morris) map a unit coordinate u in [0, 1] to lower + u (upper -
// lower), or for a log factor to lower (upper / lower)^u (lower > 0).
// `values`, when not empty, is an explicit list of levels that only a full
// factorial grid can use (lower, upper and scale are then ignored); the
// continuous designs reject such a factor.
struct Factor {
    std::string name;  // scenario key, e.g. "customers.churn_per_year"
    double lower = 0;
    double upper = 1;
    Scale scale = Scale::linear;
    std::vector<double> values;
};

}  // namespace ambassim
