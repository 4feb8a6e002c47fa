// Where each strategy wins in a sweep: at every point and for every outcome
// metric, the strategy with the best replicate mean (respecting
// higher_is_better), its paired advantage over the runner-up with a 95% CI,
// and whether that advantage is decisive (the CI excludes zero; otherwise
// the point is a tie). Then, per factor level, the share of points each
// strategy wins. Used for grid and Latin hypercube designs.
#pragma once

#include "analysis/sweep/sweep_data.hpp"

#include <cstddef>
#include <vector>

namespace ambassim {

struct PointWinner {
    std::size_t point = 0, metric = 0;  // metric: index into SweepData::metrics
    std::size_t best = 0;               // best replicate mean
    std::size_t runner_up = 0;          // second best
    // Paired advantage of best over runner-up in the better direction
    // (best - runner-up, or runner-up - best when lower is better), so >= 0;
    // its 95% Student-t interval over replicates. NaN without a finite runner-up.
    double margin = 0, ci_low = 0, ci_high = 0;
    bool decisive = false;  // ci_low > 0 (needs >= 2 replicates); else a tie
};

// Every point x metric (point-major). Needs >= 2 strategies (else empty).
// Strategies whose mean is not finite rank last.
std::vector<PointWinner> sweep_winners(const SweepData& d);

// A factor level: a value (grid: every distinct value of the factor) or,
// when a factor has more than kMaxLevels distinct values (Latin
// hypercubes), one of kBins bins with equal numbers of points.
inline constexpr std::size_t kMaxLevels = 12, kBins = 5;

struct LevelShare {
    std::size_t metric = 0, factor = 0;
    double low = 0, high = 0;  // the level's value range (low == high for a value)
    std::size_t points = 0;
    std::vector<double> wins;  // [strategy]: share of the level's points won decisively
    double ties = 0;           // share of ties
};

// Per metric, factor and level, in that order.
std::vector<LevelShare> winner_shares(const SweepData& d, const std::vector<PointWinner>& winners);

}  // namespace ambassim
