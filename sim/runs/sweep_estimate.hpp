// `ambassim sweep --plan`'s cost estimate: run time from a short calibration
// run (point 0, first strategy, one replicate, a few ticks, one thread) scaled
// by the ticks the sweep steps, and disk space from the number of values the
// point files and sweep.h5 hold (uncompressed, so an upper bound).
#pragma once

#include "sim/runs/sweep_plan.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace ambassim {

struct SweepEstimate {
    double seconds_per_tick = 0;        // calibration: one run, one core
    std::int64_t calibration_ticks = 0;  // ticks stepped by the calibration (warm-up included)
    double core_seconds = 0;             // the points to run, on one core
    std::uint64_t point_file_bytes = 0;  // one point file, upper bound
    std::uint64_t merged_bytes = 0;      // sweep.h5, upper bound
};

// Runs the calibration (about a second for the shipped scenarios). `points`:
// how many points are still to run.
SweepEstimate estimate_sweep(const SweepPlan& plan, std::size_t points);

// Lines for --plan: "run time:   ..." and "disk:       ...", for `threads` (0 = all cores).
std::string describe_estimate(const SweepPlan& plan, const SweepEstimate& e, std::size_t points, std::int64_t threads);

}  // namespace ambassim
