// Sensitivity of every sweep target (sweep_data.hpp) to the design's
// factors: Sobol indices with bootstrap intervals on a Saltelli design,
// Morris mu, mu* and sigma on a Morris design, Spearman rank correlations on
// any design (used for Latin hypercubes). A target that cannot be analysed
// (constant, or with non-finite values) gets NaN indices and a note rather
// than stopping the whole analysis.
#pragma once

#include "analysis/sweep/sensitivity.hpp"
#include "analysis/sweep/sweep_data.hpp"

#include <string>
#include <vector>

namespace ambassim {

struct SweepSobol {
    std::size_t target = 0;  // index into the targets
    SobolIndices indices;    // NaN indices if constant or not finite
    std::string note;        // "" or why the indices are NaN
    std::string warning;     // "" or why the design is too small for these indices (sobol_warning)
};

// "" unless the indices are too noisy to mean anything: an index outside
// [0, 1] by more than half its bootstrap interval's width (N = 8 gives total
// indices of 1.6 and 2.2), or an interval wider than 0.5. Otherwise one
// sentence naming the worst index, e.g. "N = 8 base samples are too few:
// S_T of customers.bond_learning is 2.2 [1.1, 3.0], outside [0, 1] by more
// than its interval; increase sweep.samples (x4 halves the intervals)".
std::string sobol_warning(const SobolIndices& indices, const std::vector<Factor>& factors);

// Needs a Saltelli design; targets are analysed in parallel (each with the
// same resampling seed, so the result does not depend on the thread count).
std::vector<SweepSobol> sweep_sobol(const SweepData& d, const std::vector<SweepTarget>& targets,
                                    const SobolOptions& options);

struct SweepMorris {
    std::size_t target = 0;
    std::vector<MorrisIndex> indices;  // one per factor
    // Steps where the applied values did not change at all (an integer
    // factor rounded to the same value): no effect can be computed there.
    std::size_t skipped_steps = 0;
    std::string note;
};

// Needs a Morris design. Effects are (f(after) - f(before)) / (u(after) -
// u(before)) as in elementary_effects(), computed from the applied values.
// Throws InputError if two consecutive points of a trajectory differ in more
// than one factor.
std::vector<SweepMorris> sweep_morris(const SweepData& d, const std::vector<SweepTarget>& targets);

// Ranks 1..n, ties given their average rank.
std::vector<double> average_ranks(const std::vector<double>& x);
// Spearman's rho: the Pearson correlation of the average ranks; NaN if
// either side is constant or holds a non-finite value.
double spearman(const std::vector<double>& x, const std::vector<double>& y);

struct SweepSpearman {
    std::size_t target = 0;
    std::vector<double> rho;  // one per factor
};

// Rho of every factor's column with every difference target.
std::vector<SweepSpearman> sweep_spearman(const SweepData& d, const std::vector<SweepTarget>& targets);

}  // namespace ambassim
