// A sweep's run on one process: which points of this shard are still to run
// (complete point files are skipped: resume), clearing their leftovers, and
// running them through a scheduler (this machine's TBB pool by default; the
// CLI passes one that spreads points over MPI ranks, so this library stays
// MPI-free). What a finished point becomes (its file) is the sink's business.
#pragma once

#include "sim/runs/sweep_dir.hpp"
#include "sim/runs/sweep_exec.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace ambassim {

// Runs the given points by calling run_point(p) once for each (from any
// thread); run_point returns false when the point was stopped. Used for MPI.
using PointScheduler =
    std::function<void(const std::vector<std::size_t>& points, const std::function<bool(std::size_t)>& run_point)>;

struct SweepShard {
    std::size_t shard = 1, shards = 1;  // this process runs points p with p mod shards == shard - 1
};

struct SweepPending {
    std::vector<std::size_t> points;   // of this shard, not yet complete
    std::size_t complete_before = 0;   // of this shard, already complete
};

// The shard's points that still have to run (reads the point files).
SweepPending pending_points(const SweepPlan& plan, const SweepDirectory& dir, const SweepShard& shard);

struct SweepRunOptions {
    std::int64_t threads = 0;                 // worker threads (0 = all cores)
    const std::atomic<bool>* stop = nullptr;  // set: no new tick, no new point
    PointScheduler scheduler;                 // empty: all points in this process's TBB arena
};

// Clears the pending points' leftovers and runs them, calling sink for each
// finished one. Returns the number of points this process finished.
std::size_t run_sweep(const SweepPlan& plan, const SweepDirectory& dir, const std::vector<std::size_t>& points,
                      const SweepRunOptions& options, const PointSink& sink, SweepProgress& progress);

}  // namespace ambassim
