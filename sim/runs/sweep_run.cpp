// A sweep's run on one process (see sweep_run.hpp).
#include "sim/runs/sweep_run.hpp"

#include "sim/engine/run_arena.hpp"

#include <tbb/info.h>
#include <tbb/task_arena.h>

#include <algorithm>

namespace ambassim {

SweepPending pending_points(const SweepPlan& plan, const SweepDirectory& dir, const SweepShard& shard) {
    SweepPending out;
    for (std::size_t p : shard_points(plan.points(), shard.shard, shard.shards)) {
        if (dir.point_complete(p, plan))
            ++out.complete_before;
        else
            out.points.push_back(p);
    }
    return out;
}

std::size_t run_sweep(const SweepPlan& plan, const SweepDirectory& dir, const std::vector<std::size_t>& points,
                      const SweepRunOptions& options, const PointSink& sink, SweepProgress& progress) {
    // Before anything is allocated: the points in flight at once (one per
    // thread locally, one per rank through a scheduler) each hold a comparison.
    if (!points.empty()) {
        const std::size_t at_once = options.scheduler ? 1
                                                      : std::min<std::size_t>(points.size(), static_cast<std::size_t>(
                                                            options.threads > 0 ? options.threads : tbb::info::default_concurrency()));
        check_comparison_memory(plan.point_scenario(points.front()), plan.strategies.size(), plan.replicates, at_once,
                                plan.spec.path.empty() ? "<sweep>" : plan.spec.path);
    }
    if (!options.scheduler) {
        for (std::size_t p : points) dir.clear_point(p);
        if (options.report) return run_points_reporting(plan, points, options.threads, sink, options.report, options.stop);
        return run_points_locally(plan, points, options.threads, sink, progress, options.stop);
    }
    // A scheduler hands points out one at a time; each runs in this process's
    // arena, isolated so a waiting worker only takes work of that point.
    RunArena arena(options.threads);
    std::atomic<std::size_t> finished{0};
    options.scheduler(points, [&](std::size_t p) {
        dir.clear_point(p);
        const bool done = arena.execute(
            [&] { return tbb::this_task_arena::isolate([&] { return run_point(plan, p, sink, progress, options.stop); }); });
        if (done) ++finished;
        return done;
    });
    return finished.load();
}

}  // namespace ambassim
