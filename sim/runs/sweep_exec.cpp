// Local execution of sweep points (see sweep_exec.hpp).
#include "sim/runs/sweep_exec.hpp"

#include "sim/engine/run_arena.hpp"
#include "sim/runs/progress_thread.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>



namespace ambassim {

std::int64_t sweep_ticks(const SweepPlan& plan, std::size_t points) {
    return static_cast<std::int64_t>(points) * comparison_ticks(plan.base, plan.strategies.size(), plan.replicates);
}

bool run_point(const SweepPlan& plan, std::size_t point, const PointSink& sink, SweepProgress& progress,
               const std::atomic<bool>* stop) {
    const Scenario scenario = plan.point_scenario(point);
    const ComparisonData data = run_comparison_here(scenario, plan.strategies, plan.replicates, progress.ticks, stop);
    if (!data.complete) return false;
    sink(point, scenario, data);
    ++progress.points;
    return true;
}

std::size_t run_points_locally(const SweepPlan& plan, const std::vector<std::size_t>& points, std::int64_t threads,
                               const PointSink& sink, SweepProgress& progress, const std::atomic<bool>* stop) {
    RunArena arena(threads);
    std::atomic<std::size_t> finished{0};
    arena.execute([&] {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, points.size(), 1),
                          [&](const tbb::blocked_range<std::size_t>& range) {
                              for (std::size_t i = range.begin(); i != range.end(); ++i) {
                                  if (stop && stop->load()) return;
                                  tbb::this_task_arena::isolate([&] {
                                      if (run_point(plan, points[i], sink, progress, stop)) ++finished;
                                  });
                              }
                          });
    });
    return finished.load();
}

std::size_t run_points_reporting(const SweepPlan& plan, const std::vector<std::size_t>& points, std::int64_t threads,
                                 const PointSink& sink, const ProgressFn& report, const std::atomic<bool>* stop) {
    SweepProgress progress;
    return with_progress_thread(report, progress.ticks, sweep_ticks(plan, points.size()),
                                [&] { return run_points_locally(plan, points, threads, sink, progress, stop); });
}

}  // namespace ambassim
