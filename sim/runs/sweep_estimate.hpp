// `ambassim sweep --plan`'s cost estimate, from calibration: point 0 run in
// full (every strategy and replicate, one thread, no warm-up) for 1 and for
// 21 ticks and written as a point file by the caller's writer, twice each
// (the best time counts: the machine may be busy). The difference gives the
// cost and the bytes of a run-tick, the rest the fixed cost of a point
// (building worlds, statistics, file metadata); both are scaled to the
// sweep's ticks, warm-ups and points. sweep.h5's size is counted from the
// values it will hold (uncompressed, an upper bound).
#pragma once

#include "sim/runs/compare.hpp"
#include "sim/runs/sweep_plan.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace ambassim {

struct SweepEstimate {
    double seconds_per_run_tick = 0;  // one core
    double seconds_per_point = 0;     // fixed part, one core
    double core_seconds = 0;          // the points to run, on one core
    std::uint64_t point_file_bytes = 0;
    std::uint64_t merged_bytes = 0;   // sweep.h5, upper bound
};

// Writes one point's comparison file somewhere temporary and returns its size in bytes.
using PointWriter = std::function<std::uint64_t(const Scenario& scenario, const ComparisonData& data)>;

// `points`: how many points are still to run.
SweepEstimate estimate_sweep(const SweepPlan& plan, std::size_t points, const PointWriter& write);

// Lines for --plan: "run time:   ..." and "disk:       ...", for `threads` (0 = all cores).
std::string describe_estimate(const SweepPlan& plan, const SweepEstimate& e, std::size_t points, std::int64_t threads);

}  // namespace ambassim
