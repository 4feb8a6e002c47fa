// Global sensitivity estimators on the outputs of a design (designs.hpp):
// Sobol first-order (Saltelli et al. 2010) and total-order (Jansen 1999)
// indices with bootstrap percentile confidence intervals, and Morris
// elementary-effect statistics mu, mu* and sigma (Morris 1991, Campolongo et
// al. 2007). Pure functions; deterministic for a given seed.
#pragma once

#include "sim/runs/designs.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace ambassim {

// A point estimate with a bootstrap percentile interval.
struct IndexEstimate {
    double value = 0;
    double ci_low = 0;
    double ci_high = 0;
};

struct SobolOptions {
    std::size_t resamples = 1000;  // bootstrap resamples; 0: the interval is the point estimate
    double level = 0.95;           // two-sided confidence level of the percentile intervals
    std::uint64_t seed = 0;        // boost::random::mt19937_64 for the resampling
};

struct SobolIndices {
    std::size_t base_samples = 0;        // N
    double variance = 0;                 // V: population variance of f(A) and f(B) together
    std::vector<IndexEstimate> first;    // S_i, one per factor
    std::vector<IndexEstimate> total;    // S_Ti, one per factor
};

// `outputs` holds f at every row of a Saltelli design for `factors` factors,
// in the SaltelliLayout row order (A, B, then A_B^(i) for i = 0..k-1).
//   S_i  = mean_j f(B_j) (f(A_B^(i)_j) - f(A_j)) / V          (Saltelli et al. 2010)
//   S_Ti = mean_j (f(A_j) - f(A_B^(i)_j))^2 / 2 / V           (Jansen 1999)
// Intervals: the N base samples j are resampled with replacement (the same
// draw for every index, so A, B and A_B rows stay together), every index is
// recomputed with its own V, and the interval is the (1 - level)/2 and
// (1 + level)/2 quantiles of the resampled values (linear interpolation
// between order statistics). If V = 0 (constant output) every index is NaN.
// Throws std::invalid_argument if the size is not N (k + 2) or an output is
// not finite.
SobolIndices sobol_indices(std::span<const double> outputs, std::size_t factors, const SobolOptions& options = {});

// Elementary effects of a Morris design (row order as morris() documents:
// trajectories of k + 1 points, consecutive points differing in one factor).
// The effect of the factor that changes between consecutive points is
//   EE = (f(after) - f(before)) / (u(after) - u(before)),
// u the unit coordinate along the factor's scale (to_unit), so effects are
// per whole range of the factor (for a log factor, per whole range of its
// logarithm) and comparable across factors with different units: a linear
// term c x over [lower, upper] has EE = c (upper - lower).
// Result: [factor][trajectory]. The changing factor is read from the points
// themselves, so any one-at-a-time trajectory design is accepted; throws
// std::invalid_argument if consecutive points do not differ in exactly one
// factor, or sizes disagree, or an output is not finite.
std::vector<std::vector<double>> elementary_effects(const std::vector<Factor>& factors, const DesignMatrix& points,
                                                    std::span<const double> outputs);

struct MorrisIndex {
    std::size_t effects = 0;  // number of elementary effects (r)
    double mu = 0;            // mean effect
    double mu_star = 0;       // mean absolute effect (Campolongo et al. 2007)
    double sigma = 0;         // sample standard deviation of the effects (n - 1); 0 for one effect
};

// One entry per factor, from elementary_effects(); a factor without effects
// gets effects = 0 and NaN statistics.
std::vector<MorrisIndex> morris_indices(const std::vector<Factor>& factors, const DesignMatrix& points,
                                        std::span<const double> outputs);
MorrisIndex morris_index(const std::vector<double>& effects);

}  // namespace ambassim
