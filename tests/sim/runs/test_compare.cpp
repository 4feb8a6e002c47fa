// Tests for sim/compare.cpp: every run of a comparison equals the same
// strategy and replicate run alone (shared warm-up and common random
// numbers), identical strategies give identical trajectories, and results do
// not depend on the thread count.
#include "sim/engine/engine_fixtures.hpp"
#include "sim/runs/compare.hpp"
#include "sim/output/recorder.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace ambassim;
using namespace ambassim::testing;

namespace {
Scenario small_scenario() {
    Scenario s;
    s.params = small_params();
    s.params.simulation.ticks = 25;
    s.params.simulation.warmup_days = 15;
    s.plan.seed = 21;
    return s;
}

bool same(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
    return true;
}
}  // namespace

TEST_CASE("each run of a comparison equals that strategy and replicate run alone", "[compare]") {
    const Scenario sc = small_scenario();
    const std::vector<std::string> strategies{"engagement_first", "ambassadorship_first"};
    const ComparisonData d = run_comparison(sc, strategies, 2);
    REQUIRE(d.complete);
    REQUIRE(d.series.at("/customers/active").shape == std::vector<std::uint64_t>{2, 2, 25});
    for (std::size_t s = 0; s < 2; ++s)
        for (std::size_t r = 0; r < 2; ++r) {
            Params p = sc.params;
            p.strategy.name = strategies[s];
            World w = build_world(p, sc.plan.seed, r);
            warm_up(w);
            Recorder rec(w, sc.record);
            for (int t = 0; t < 25; ++t) rec.record(step(w));
            for (const char* path : {"/customers/active", "/customers/nps", "/employees/mean_ambassadorship",
                                     "/units/mean_satisfaction", "/customers/bond_quantiles"}) {
                INFO(path << " strategy " << s << " replicate " << r);
                CHECK(same(d.run(path, s, r), rec.series(path)));
            }
        }
}

TEST_CASE("identical strategies give identical trajectories (common random numbers)", "[compare][crn]") {
    const ComparisonData d = run_comparison(small_scenario(), {"balanced", "balanced"}, 3);
    for (std::size_t r = 0; r < 3; ++r)
        for (const auto& [path, s] : d.series) {
            (void)s;
            INFO(path);
            REQUIRE(same(d.run(path, 0, r), d.run(path, 1, r)));
        }
    CHECK_FALSE(same(d.run("/customers/active", 0, 0), d.run("/customers/active", 0, 1)));  // replicates differ
}

TEST_CASE("a comparison does not depend on the thread count", "[compare][determinism]") {
    Scenario one = small_scenario(), many = small_scenario();
    one.plan.threads = 1;
    many.plan.threads = 8;
    const ComparisonData a = run_comparison(one, {"none", "balanced"}, 3);
    const ComparisonData b = run_comparison(many, {"none", "balanced"}, 3);
    for (const auto& [path, s] : a.series) {
        INFO(path);
        REQUIRE(same(s.data, b.series.at(path).data));
    }
}

TEST_CASE("strategy list: explicit, then the scenario's, then the defaults", "[compare]") {
    Scenario s = small_scenario();
    CHECK(comparison_strategies(s, {}) ==
          std::vector<std::string>{"none", "engagement_first", "ambassadorship_first", "balanced"});
    s.compare.strategies = {"balanced", "none"};
    CHECK(comparison_strategies(s, {}) == std::vector<std::string>{"balanced", "none"});
    CHECK(comparison_strategies(s, {"engagement_only"}) == std::vector<std::string>{"engagement_only"});
}

TEST_CASE("a chunked comparison from reused warm-ups equals run_comparison bit for bit", "[compare][live]") {
    const Scenario sc = small_scenario();
    // Warm-ups computed for another strategy, budget and horizon: the warm-up does not depend on them.
    Scenario other = sc;
    other.params.strategy.name = "engagement_only";
    other.params.programs.budget_per_employee_per_year = 4000;
    other.params.programs.career.lag_days = 3;
    other.params.simulation.ticks = 7;
    const std::vector<World> warmed = warm_up_replicates(other, 3);
    REQUIRE(warmed.size() == 3);
    const std::vector<std::string> strategies{"engagement_first", "ambassadorship_first"};
    std::vector<std::int64_t> chunk_ticks;
    const ComparisonData live = run_comparison_chunked(sc, strategies, warmed, 10, [&](const ComparisonData& part) {
        chunk_ticks.push_back(part.ticks);
        CHECK(part.series.at("/customers/active").shape == std::vector<std::uint64_t>{2, 3, static_cast<std::uint64_t>(part.ticks)});
    });
    CHECK(chunk_ticks == std::vector<std::int64_t>{10, 20, 25});
    REQUIRE(live.complete);
    const ComparisonData fresh = run_comparison(sc, strategies, 3);
    REQUIRE(live.series.size() == fresh.series.size());
    for (const auto& [path, s] : fresh.series) {
        INFO(path);
        REQUIRE(same(s.data, live.series.at(path).data));
    }
    CHECK(live.prospects_resolved == fresh.prospects_resolved);
}

TEST_CASE("a chunked comparison stops at the next tick and reports no further chunk", "[compare][live]") {
    const Scenario sc = small_scenario();
    const std::vector<World> warmed = warm_up_replicates(sc, 2);
    std::atomic<bool> stop{false};
    int chunks = 0;
    const ComparisonData d = run_comparison_chunked(sc, {"none", "balanced"}, warmed, 5, [&](const ComparisonData&) {
        if (++chunks == 2) stop = true;
    }, &stop);
    CHECK(chunks == 2);
    CHECK_FALSE(d.complete);
    for (const auto n : d.ticks_run) CHECK(n == 10);
    CHECK(d.ticks == 25);  // stacked to the horizon, NaN after the last tick run
    CHECK(std::isnan(d.run("/customers/active", 0, 0)[10]));
    std::atomic<bool> stopped{true};
    CHECK(warm_up_replicates(sc, 2, &stopped).empty());
}
