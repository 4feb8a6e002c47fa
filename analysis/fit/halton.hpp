// Halton points: a deterministic space-filling sequence in [0,1]^dims, used
// for the calibration's starting design and the robust mode's parameter
// samples (reproducible without a random stream; first 16 primes as bases).
#pragma once

#include <cstddef>
#include <vector>

namespace ambassim {

// Halton point k (1-based) in [0,1]^dims.
inline std::vector<double> halton(std::size_t k, std::size_t dims) {
    static const std::size_t primes[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53};
    std::vector<double> x(dims);
    for (std::size_t d = 0; d < dims; ++d) {
        const std::size_t b = primes[d % 16];
        double f = 1, r = 0;
        for (std::size_t i = k; i > 0; i /= b) f /= static_cast<double>(b), r += f * static_cast<double>(i % b);
        x[d] = r;
    }
    return x;
}

}  // namespace ambassim
