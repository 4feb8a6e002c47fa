// Cost estimate of a sweep (see sweep_estimate.hpp). Deliberately rough: the
// cost of a tick grows with the populations, so factors that change them
// (customers, employees, market size) move the real time away from point 0's.
#include "sim/runs/sweep_estimate.hpp"

#include "sim/runs/compare.hpp"
#include "sim/engine/run_arena.hpp"
#include "sim/runs/sweep_exec.hpp"
#include "sim/scenario/param_check.hpp"
#include "sim/util/number_format.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <sstream>
#include <thread>

namespace ambassim {
namespace {

constexpr std::int64_t kCalibrationTicks = 20;
// sweep.h5's metadata (groups, attributes, coordinates) and outcome metrics per run.
constexpr std::uint64_t kMergedOverhead = 300'000;
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

struct Calibration {
    double seconds = 0;
    std::uint64_t bytes = 0;
    ComparisonData data;
};

// Point 0 with `ticks` ticks and no warm-up, run and written twice; the faster time.
Calibration calibrate(const SweepPlan& plan, std::int64_t ticks, const PointWriter& write) {
    Scenario sc = plan.point_scenario(0);
    sc.params.simulation.ticks = ticks;
    sc.params.simulation.warmup_days = 0;
    RunArena arena(1);  // run_comparison_here: no progress thread, whose polling would dominate the time
    std::atomic<std::int64_t> ticks_done{0};
    Calibration c;
    for (int i = 0; i < 2; ++i) {
        const auto start = std::chrono::steady_clock::now();
        c.data = arena.execute([&] { return run_comparison_here(sc, plan.strategies, plan.replicates, ticks_done); });
        c.bytes = write(sc, c.data);
        const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        c.seconds = i == 0 ? t : std::min(c.seconds, t);
    }
    return c;
}

}  // namespace

SweepEstimate estimate_sweep(const SweepPlan& plan, std::size_t points, const PointWriter& write) {
    const auto& sim = plan.point_scenario(0).params.simulation;
    const auto T = static_cast<double>(sim.ticks);
    const double warmup_ticks = std::ceil(sim.warmup_days / sim.dt_days);
    const Calibration one = calibrate(plan, 1, write);
    const Calibration more = calibrate(plan, 1 + kCalibrationTicks, write);
    const auto S = static_cast<double>(plan.strategies.size()), R = static_cast<double>(plan.replicates);
    const double run_ticks = S * R * static_cast<double>(kCalibrationTicks);

    SweepEstimate e;
    e.seconds_per_run_tick = std::max(0.0, more.seconds - one.seconds) / run_ticks;
    e.seconds_per_point = std::max(0.0, one.seconds - S * R * e.seconds_per_run_tick);
    // A point warms up one world per replicate (shared by the strategies), then steps every run.
    e.core_seconds = static_cast<double>(points) *
                     (e.seconds_per_point + (S * R * T + R * warmup_ticks) * e.seconds_per_run_tick);
    const double bytes_per_tick =
        std::max(0.0, static_cast<double>(more.bytes) - static_cast<double>(one.bytes)) / kCalibrationTicks;
    e.point_file_bytes = static_cast<std::uint64_t>(static_cast<double>(one.bytes) + bytes_per_tick * (T - 1));

    std::uint64_t scalar = 0, all = 0, listed = 0;
    for (const auto& [path, series] : more.data.series) {
        const auto width = static_cast<std::uint64_t>(more.data.width(path));
        all += width;
        if (series.shape.size() == 3) scalar += 1;
        if (std::find(plan.spec.series.begin(), plan.spec.series.end(), path) != plan.spec.series.end()) listed += width;
    }
    const std::uint64_t selected = plan.spec.series_mode == SeriesMode::all      ? all
                                   : plan.spec.series_mode == SeriesMode::scalar ? scalar
                                   : plan.spec.series_mode == SeriesMode::list   ? listed
                                                                                 : 0;
    const auto runs = static_cast<std::uint64_t>(S * R);
    e.merged_bytes = kMergedOverhead + 8 * plan.points() * runs * (static_cast<std::uint64_t>(T) * selected + kMetricsPerRun);
    return e;
}

std::string describe_estimate(const SweepPlan& plan, const SweepEstimate& e, std::size_t points, std::int64_t threads) {
    const std::int64_t cores =
        threads > 0 ? threads : std::max<std::int64_t>(1, static_cast<std::int64_t>(std::thread::hardware_concurrency()));
    std::ostringstream out;
    out << "run time:   ";
    if (points == 0) {
        out << "nothing left to run\n";
    } else {
        out << "about " << format_duration(e.core_seconds / static_cast<double>(cores)) << " on " << cores << " core"
            << (cores == 1 ? "" : "s") << " for " << points << " point" << (points == 1 ? "" : "s") << " ("
            << format_duration(e.core_seconds) << " of one core, calibrated on point 0: "
            << format_number(std::round(e.seconds_per_point * 1e4) / 10) << " ms per point + "
            << format_number(std::round(e.seconds_per_run_tick * 1e6) / 1e3)
            << " ms per tick of a run; factors that grow the populations cost more)\n";
    }
    out << "disk:       about " << bytes_text(e.point_file_bytes * plan.points() + e.merged_bytes) << ": "
        << plan.points() << " point files of about " << bytes_text(e.point_file_bytes) << ", sweep.h5 up to "
        << bytes_text(e.merged_bytes) << " (uncompressed: gzip usually shrinks it several times)\n";
    return out.str();
}

}  // namespace ambassim
