// Runs the points of a sweep on this machine: all points in parallel in one
// TBB arena, each point's comparison nested inside (run_comparison_here), so
// there is one pool of `threads` workers and no oversubscription; each point
// is isolated so a worker waiting inside it only takes work of that point,
// which bounds the worlds alive at once by the thread count.
#pragma once

#include "sim/runs/compare.hpp"
#include "sim/runs/sweep_plan.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace ambassim {

// Called once per finished point (never for a point cut short by `stop`),
// possibly from several threads at once: the sink serialises its own HDF5
// writes (HDF5's C++ API is not thread-safe) and can summarise in parallel.
using PointSink = std::function<void(std::size_t point, const Scenario& scenario, const ComparisonData& data)>;

struct SweepProgress {
    std::atomic<std::int64_t> ticks{0};   // ticks stepped so far
    std::atomic<std::int64_t> points{0};  // points finished (sink called)
};

// Ticks the given points step (for progress totals).
std::int64_t sweep_ticks(const SweepPlan& plan, std::size_t points);

// Runs `points` (indices into the plan) with `threads` workers (0 = all cores).
// Returns the number of points finished; fewer than requested only if `stop`.
std::size_t run_points_locally(const SweepPlan& plan, const std::vector<std::size_t>& points, std::int64_t threads,
                               const PointSink& sink, SweepProgress& progress, const std::atomic<bool>* stop);

// The same, calling `report(ticks_done, ticks_total)` about ten times a
// second from a helper thread (a progress bar, log lines, a Python callback).
std::size_t run_points_reporting(const SweepPlan& plan, const std::vector<std::size_t>& points, std::int64_t threads,
                                 const PointSink& sink, const ProgressFn& report, const std::atomic<bool>* stop);

// Runs one point in the calling arena (the unit an MPI rank executes).
bool run_point(const SweepPlan& plan, std::size_t point, const PointSink& sink, SweepProgress& progress,
               const std::atomic<bool>* stop);

}  // namespace ambassim
