// Tests for analysis/comparison.cpp and analysis/outcomes.cpp on synthetic
// comparison data with hand-computed statistics.
#include "analysis/compare/comparison.hpp"

#include <catch2/catch.hpp>

using namespace ambassim;

namespace {

// 2 strategies x 3 replicates x 4 ticks; every series constant 1 except those set.
ComparisonData synthetic() {
    ComparisonData d;
    d.strategies = {"a", "b"};
    d.replicates = 3;
    d.ticks = 4;
    d.dt_days = 1;
    d.ticks_run = {4, 4, 4, 4, 4, 4};
    auto add = [&](const std::string& path, std::uint64_t width) {
        StackedSeries s;
        s.shape = {2, 3, 4};
        if (width > 1) s.shape.push_back(width);
        s.data.assign(2 * 3 * 4 * width, 1.0);
        d.series[path] = s;
    };
    for (const char* p : {"/customers/active", "/customers/churned", "/customers/nps", "/customers/promoters",
                          "/customers/acquired_referral", "/customers/acquired_marketing",
                          "/customers/cumulative_revenue", "/programs/cumulative_spend", "/customers/mean_bond",
                          "/customers/mean_satisfaction"})
        add(p, 1);
    for (const char* p : {"/employees/mean_engagement", "/employees/mean_customer_focus",
                          "/employees/mean_ambassadorship", "/employees/mean_experience", "/employees/headcount",
                          "/employees/quits"})
        add(p, 3);
    add("/programs/cumulative_family_spend", 2);
    return d;
}

void set_run(ComparisonData& d, const std::string& path, std::size_t s, std::size_t r, std::vector<double> v) {
    auto& data = d.series.at(path).data;
    std::copy(v.begin(), v.end(), data.begin() + static_cast<std::ptrdiff_t>((s * 3 + r) * 4));
}

const MetricSummary& metric(const ComparisonSummary& s, const std::string& outcome, const std::string& m) {
    for (const auto& x : s.metrics)
        if (outcomes()[x.outcome].name == outcome && x.metric == m) return x;
    throw std::runtime_error("no metric");
}

}  // namespace

TEST_CASE("per-strategy estimates and paired differences of a known input", "[comparison]") {
    ComparisonData d = synthetic();
    // active customers: a ends at 103, 104, 105; b ends at 100 in every replicate;
    // a is behind b until tick 3 (index 2).
    for (std::size_t r = 0; r < 3; ++r) {
        set_run(d, "/customers/active", 0, r, {99, 99, 101, 103.0 + static_cast<double>(r)});
        set_run(d, "/customers/active", 1, r, {100, 100, 100, 100});
    }
    const ComparisonSummary s = summarise_comparison(d);
    const MetricSummary& m = metric(s, "active_customers", "horizon");
    CHECK(m.per_strategy[0].mean == 104.0);
    CHECK(m.per_strategy[0].sd == 1.0);
    CHECK(m.per_strategy[1].mean == 100.0);
    CHECK(m.differences[0][1].diff.mean == 4.0);
    CHECK(m.differences[1][0].diff.mean == -4.0);
    CHECK(m.differences[0][0].diff.mean == 0.0);
    const MetricSummary& avg = metric(s, "active_customers", "average");
    CHECK(avg.per_strategy[0].mean == Approx((99 + 99 + 101 + 104) / 4.0));
    bool found = false;
    for (const auto& v : s.verdicts)
        if (outcomes()[v.outcome].name == "active_customers" && v.metric == "horizon") {
            found = true;
            REQUIRE(v.crossover_day.has_value());
            CHECK(*v.crossover_day == 3.0);
            CHECK(v.sentence == "a has 4.0% more active customers than b (95% CI 1.5% to 6.5%) on day 4; overtakes b on day 3");
        }
    CHECK(found);
    // Mean trajectory band of strategy a at the last tick.
    CHECK(s.trajectories[0][0][3].mean == 104.0);
}

TEST_CASE("flows are accumulated and stocks over roles are head-count weighted", "[comparison][outcomes]") {
    ComparisonData d = synthetic();
    set_run(d, "/customers/churned", 0, 0, {1, 2, 3, 4});
    const Outcome& churned = outcomes()[1];
    REQUIRE(churned.name == "churned");
    CHECK(outcome_trajectory(d, churned, 0, 0) == std::vector<double>{1, 3, 6, 10});
    // engagement [tick x role]: roles 0.2, 0.5, 0.8 with head counts 6, 3, 1 at every tick
    auto& e = d.series.at("/employees/mean_engagement").data;
    auto& h = d.series.at("/employees/headcount").data;
    for (std::size_t t = 0; t < 4; ++t) {
        e[t * 3 + 0] = 0.2, e[t * 3 + 1] = 0.5, e[t * 3 + 2] = 0.8;
        h[t * 3 + 0] = 6, h[t * 3 + 1] = 3, h[t * 3 + 2] = 1;
    }
    Outcome engagement;
    for (const auto& o : outcomes())
        if (o.name == "engagement") engagement = o;
    CHECK(outcome_trajectory(d, engagement, 0, 0)[2] == Approx((6 * 0.2 + 3 * 0.5 + 0.8) / 10));
    CHECK(metric_value({1, 2, 3, 6}, "average") == 3.0);
    CHECK(metric_value({1, 2, 3, 6}, "total") == 6.0);
    CHECK(outcome_metrics(engagement) == std::vector<std::string>{"horizon", "average"});
    CHECK(outcome_metrics(churned) == std::vector<std::string>{"total"});
}

TEST_CASE("identical strategies yield exactly zero differences and no win", "[comparison][crn]") {
    const ComparisonSummary s = summarise_comparison(synthetic());
    for (const auto& m : s.metrics) {
        CHECK(m.differences[0][1].diff.mean == 0.0);
        CHECK_FALSE(m.differences[0][1].significant());
    }
    for (const auto& v : s.verdicts) CHECK(v.sentence.find("are identical in") != std::string::npos);
}
