// run_scenario: build the world, step it inside a TBB arena of the requested
// size, record every tick, write provenance and trajectories, commit the file.
#include "sim/runner.hpp"

#include "sim/engine.hpp"
#include "sim/hdf5_file.hpp"
#include "sim/recorder.hpp"

#include <tbb/info.h>
#include <tbb/task_arena.h>

#include <chrono>
#include <cmath>

namespace ambassim {
namespace {

double sum_of(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s;
}

// Sum over the ticks of column `col` of a [tick x width] series.
double column_sum(const Recorder& r, const std::string& path, std::int64_t col) {
    const auto& v = r.series(path);
    const auto w = r.width(path);
    double s = 0;
    for (std::size_t i = static_cast<std::size_t>(col); i < v.size(); i += static_cast<std::size_t>(w)) s += v[i];
    return s;
}

double last_mean_over_roles(const Recorder& r, const std::string& path, const Recorder& rec) {
    const auto& v = r.series(path);
    const auto& head = rec.series("/employees/headcount");
    double s = 0, n = 0;
    for (int k = 0; k < kRoles; ++k) {
        const std::size_t i = v.size() - kRoles + static_cast<std::size_t>(k);
        s += v[i] * head[i];
        n += head[i];
    }
    return n > 0 ? s / n : 0;
}

RunSummary summarise(const Recorder& rec, const World& w) {
    RunSummary s;
    s.ticks_run = rec.ticks();
    s.employees = w.params.organisation.employees;
    s.customers_start = w.params.customers.customers;
    if (rec.ticks() == 0) {
        s.customers_end = s.customers_start;
        return s;
    }
    const auto& active = rec.series("/customers/active");
    s.customers_end = static_cast<std::int64_t>(active.back());
    s.acquired_marketing = static_cast<std::int64_t>(sum_of(rec.series("/customers/acquired_marketing")));
    s.acquired_referral = static_cast<std::int64_t>(sum_of(rec.series("/customers/acquired_referral")));
    s.churned = static_cast<std::int64_t>(sum_of(rec.series("/customers/churned")));
    const double years = static_cast<double>(rec.ticks()) * w.dt_years;
    s.churn_per_year = static_cast<double>(s.churned) / (sum_of(active) / static_cast<double>(active.size())) / years;
    s.nps_start = rec.series("/customers/nps").front();
    s.nps_end = rec.series("/customers/nps").back();
    s.revenue_total = rec.series("/customers/cumulative_revenue").back();
    const double front = rec.series("/employees/headcount")[static_cast<std::size_t>(Role::front_line)];
    s.front_line_attrition_per_year =
        front > 0 ? column_sum(rec, "/employees/quits", static_cast<int>(Role::front_line)) / front / years : 0;
    s.engagement_end = last_mean_over_roles(rec, "/employees/mean_engagement", rec);
    s.ambassadorship_end = last_mean_over_roles(rec, "/employees/mean_ambassadorship", rec);
    s.bond_end = rec.series("/customers/mean_bond").back();
    s.satisfaction_end = rec.series("/customers/mean_satisfaction").back();
    return s;
}

}  // namespace

RunSummary run_scenario(const Scenario& scenario, const ProgressFn& progress, const std::atomic<bool>* stop) {
    const auto t0 = std::chrono::steady_clock::now();
    const int threads = scenario.plan.threads > 0 ? static_cast<int>(scenario.plan.threads)
                                                  : tbb::info::default_concurrency();
    tbb::task_arena arena(threads);
    H5Output out(scenario.plan.output, scenario.plan.force);  // refuses an existing output before any work
    World world = arena.execute([&] {
        World w = build_world(scenario.params, scenario.plan.seed, static_cast<std::uint64_t>(scenario.plan.replicate));
        warm_up(w);
        return w;
    });
    write_provenance(out, scenario, world);
    Recorder recorder(world, scenario.record);
    const std::int64_t ticks = scenario.params.simulation.ticks;
    bool complete = true;
    for (std::int64_t t = 0; t < ticks; ++t) {
        if (stop && stop->load()) {
            complete = false;
            break;
        }
        TickStats st = arena.execute([&] { return step(world); });
        recorder.record(st);
        if (recorder.snapshot_due(st.tick)) recorder.snapshot(world, out);
        if (progress) progress(t + 1, ticks);
    }
    recorder.write(out);
    out.set_attribute("/", "complete", std::int64_t{complete ? 1 : 0});
    out.set_attribute("/", "ticks_run", recorder.ticks());
    out.commit();

    RunSummary s = summarise(recorder, world);
    s.output = scenario.plan.output;
    s.complete = complete;
    s.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return s;
}

}  // namespace ambassim
