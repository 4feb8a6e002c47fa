// Local sweep execution: every point reaches the sink exactly once with a
// complete comparison, results do not depend on the thread count, and a
// stop requested before the start runs nothing.
#include "sim/runs/sweep_exec.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <mutex>

using namespace ambassim;

namespace {
SweepPlan tiny_plan() {
    SweepSpec spec = parse_sweep_spec(R"([sweep]
base = "b.toml"
design = "grid"
strategies = ["none", "ambassadorship_first"]
replicates = 2
[[sweep.parameters]]
key = "customers.churn_per_year"
values = [0.1, 0.2, 0.3]
)",
                                      "s.toml", "");
    spec.base_text = "[simulation]\nticks = 12\nwarmup_days = 5\n[organisation]\nemployees = 40\nunits = 2\n"
                     "[customers]\ncustomers = 300\n";
    return make_sweep_plan(spec);
}

std::map<std::size_t, std::vector<double>> run_all(const SweepPlan& plan, std::int64_t threads, std::size_t& calls) {
    std::map<std::size_t, std::vector<double>> active;
    std::mutex m;
    SweepProgress progress;
    const std::vector<std::size_t> points{0, 1, 2};
    const std::size_t done = run_points_locally(
        plan, points, threads,
        [&](std::size_t p, const Scenario& sc, const ComparisonData& d) {
            std::lock_guard lock(m);
            CHECK(d.complete);
            CHECK(sc.params.customers.churn_per_year == plan.design(p, 0));
            ++calls;
            active[p] = d.series.at("/customers/active").data;
        },
        progress, nullptr);
    CHECK(done == 3);
    CHECK(progress.points.load() == 3);
    CHECK(progress.ticks.load() == sweep_ticks(plan, 3));
    return active;
}
}  // namespace

TEST_CASE("sweep exec: every point once, the same results at 1 and 3 threads") {
    const SweepPlan plan = tiny_plan();
    std::size_t calls1 = 0, calls3 = 0;
    const auto one = run_all(plan, 1, calls1);
    const auto three = run_all(plan, 3, calls3);
    CHECK(calls1 == 3);
    CHECK(calls3 == 3);
    REQUIRE(one.size() == 3);
    CHECK(one == three);
    CHECK(one.at(0).size() == 2 * 2 * 12);
    CHECK(one.at(0) != one.at(2));  // the churn rate matters
}

TEST_CASE("sweep exec: a stop before the start runs no point") {
    const SweepPlan plan = tiny_plan();
    std::atomic<bool> stop{true};
    SweepProgress progress;
    std::size_t calls = 0;
    const std::size_t done = run_points_locally(
        plan, {0, 1, 2}, 2, [&](std::size_t, const Scenario&, const ComparisonData&) { ++calls; }, progress, &stop);
    CHECK(done == 0);
    CHECK(calls == 0);
}
