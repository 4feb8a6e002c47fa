// Cost estimate of a sweep (see sweep_estimate.hpp). Deliberately rough: the
// cost of a tick grows with the populations, so factors that change them
// (customers, employees, market size) move the real time away from point 0's.
#include "sim/runs/sweep_estimate.hpp"

#include "sim/runs/compare.hpp"
#include "sim/runs/sweep_exec.hpp"
#include "sim/scenario/param_check.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>
#include <thread>

namespace ambassim {
namespace {

constexpr std::int64_t kCalibrationTicks = 20;
// Bytes of metadata (groups, attributes, coordinates, statistics) per file,
// measured on the shipped sweeps' point files; and outcome metrics per run.
constexpr std::uint64_t kFileOverhead = 512 * 1024;
constexpr std::uint64_t kMetricsPerRun = 32;

std::string bytes_text(std::uint64_t bytes) {
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    double v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1000 && u < 4) v /= 1000, ++u;
    std::ostringstream out;
    out << format_number(std::round(v * 10) / 10) << " " << units[u];
    return out.str();
}

}  // namespace

SweepEstimate estimate_sweep(const SweepPlan& plan, std::size_t points) {
    Scenario sc = plan.point_scenario(0);
    auto& sim = sc.params.simulation;
    const std::int64_t ticks = sim.ticks;
    const double warmup_ticks = std::ceil(sim.warmup_days / sim.dt_days);
    sim.ticks = std::min(ticks, kCalibrationTicks);
    sim.warmup_days = std::min(sim.warmup_days, static_cast<double>(kCalibrationTicks) * sim.dt_days);
    sc.plan.threads = 1;
    const auto start = std::chrono::steady_clock::now();
    const ComparisonData data = run_comparison(sc, {plan.strategies.front()}, 1);
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    SweepEstimate e;
    e.calibration_ticks = sim.ticks + static_cast<std::int64_t>(std::ceil(sim.warmup_days / sim.dt_days));
    e.seconds_per_tick = elapsed / static_cast<double>(std::max<std::int64_t>(1, e.calibration_ticks));
    const auto S = static_cast<double>(plan.strategies.size()), R = static_cast<double>(plan.replicates);
    // A point steps every strategy's run and one warm-up per replicate (shared by the strategies).
    e.core_seconds = e.seconds_per_tick * static_cast<double>(points) * (S * R * static_cast<double>(ticks) + R * warmup_ticks);

    std::uint64_t all = 0, scalar = 0, listed = 0;
    for (const auto& [path, s] : data.series) {
        const auto width = static_cast<std::uint64_t>(data.width(path));
        all += width;
        if (width == 1 && s.shape.size() == 3) scalar += 1;
        if (std::find(plan.spec.series.begin(), plan.spec.series.end(), path) != plan.spec.series.end()) listed += width;
    }
    const std::uint64_t selected = plan.spec.series_mode == SeriesMode::all      ? all
                                   : plan.spec.series_mode == SeriesMode::scalar ? scalar
                                   : plan.spec.series_mode == SeriesMode::list   ? listed
                                                                                 : 0;
    const auto runs_per_point = static_cast<std::uint64_t>(S * R);
    const auto T = static_cast<std::uint64_t>(ticks);
    e.point_file_bytes = kFileOverhead + 8 * runs_per_point * T * all;
    e.merged_bytes = kFileOverhead + 8 * plan.points() * runs_per_point * (T * selected + kMetricsPerRun);
    return e;
}

std::string describe_estimate(const SweepPlan& plan, const SweepEstimate& e, std::size_t points, std::int64_t threads) {
    const std::int64_t cores =
        threads > 0 ? threads : std::max<std::int64_t>(1, static_cast<std::int64_t>(std::thread::hardware_concurrency()));
    std::ostringstream out;
    out << "run time:   about " << format_number(std::round(e.core_seconds / 36) / 100) << " core-hours for "
        << points << " points, about " << format_number(std::round(e.core_seconds / static_cast<double>(cores) / 36) / 100)
        << " h on " << cores << " core" << (cores == 1 ? "" : "s") << " (calibrated: "
        << format_number(std::round(e.seconds_per_tick * 1e6) / 1e3) << " ms per tick of point 0; factors that grow"
        << " the populations cost more)\n";
    out << "disk:       at most about " << bytes_text(e.point_file_bytes * plan.points() + e.merged_bytes) << ": "
        << plan.points() << " point files of up to " << bytes_text(e.point_file_bytes) << ", sweep.h5 up to "
        << bytes_text(e.merged_bytes) << " (uncompressed sizes; gzip usually shrinks them several times)\n";
    return out.str();
}

}  // namespace ambassim
