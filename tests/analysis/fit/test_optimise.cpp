// Tests for analysis/fit/optimise.cpp, objective.cpp and plan.cpp: on a
// company where only one programme has any effect the optimiser funds only
// it, and the out-of-sample check says the plan beats every built-in; the
// search is identical at any thread count; objectives parse as documented
// and bad ones are refused; decoded plans never exceed the budget.
#include "analysis/fit/fit_fixtures.hpp"
#include "analysis/fit/optimise.hpp"
#include "analysis/fit/optimise_output.hpp"
#include "sim/runs/compare.hpp"
#include "sim/util/errors.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <numeric>

using namespace ambassim;

namespace {

// Only communication of the mission moves anything.
Scenario one_programme_company(std::uint64_t seed = 5) {
    Scenario s = testing::small_company(seed);
    s.params.simulation.warmup_days = 365;
    for (auto* g : {&s.params.programs.career, &s.params.programs.management, &s.params.programs.cohesion,
                    &s.params.programs.alignment, &s.params.programs.training, &s.params.programs.process,
                    &s.params.programs.recognition})
        g->gain_per_year = 0;
    s.params.programs.mission.gain_per_year = 2.0;
    return s;
}

OptimiseSettings settings(const std::string& objective) {
    OptimiseSettings st;
    st.objectives = {parse_objective(objective, "--objective")};
    st.space.programs = {"career", "management", "cohesion", "alignment", "training", "mission", "process", "recognition"};
    st.space.phases = 2;
    st.space.phase_days = 182;
    st.replicates = 2;
    st.evaluations = 30;
    st.test_replicates = 4;
    return st;
}

}  // namespace

TEST_CASE("the optimiser funds the one programme that works and beats every built-in out of sample", "[fit][optimise]") {
    const OptimiseResult r = optimise_plan(one_programme_company(), settings("nps"));
    REQUIRE(r.plans.size() == 1);
    for (const auto& ph : r.plans[0].plan.phases) CHECK(ph.mission >= 0.9);
    CHECK(r.beats_all("optimised"));
    CHECK(r.out_of_sample.size() == builtin_strategies().size());
    CHECK(r.history.size() <= 30);
    CHECK(std::is_sorted(r.best_so_far.begin(), r.best_so_far.end()));
    // The scenario text names the plan as a custom strategy over the original.
    const std::string text = optimised_scenario_text(r, settings("nps"), "one.toml", {"test"});
    CHECK(text.find("base = \"one.toml\"") != std::string::npos);
    CHECK(text.find("[strategies.optimised]\nlabel = \"Optimised (nps)\"\nbudget_per_employee_per_year = 1500.0\n"
                    "[[strategies.optimised.phases]]\nstart_day = 0.0\nmission = 1.0\n") != std::string::npos);
}

TEST_CASE("the written scenario runs the plan exactly as the search evaluated it", "[fit][optimise]") {
    // What `ambassim compare OUT.toml` runs: the file read back by the loader
    // (base = the original, the plan as a named strategy), replicates 0..R-1
    // of its seed, the plan found by its name through params_for_strategy.
    testing::TempDir dir("optimise_written");
    std::ofstream(dir / "small.toml") << testing::kSmallCompanyToml;
    std::ofstream(dir / "one.toml") << R"(base = "small.toml"
[simulation]
warmup_days = 365
[programs]
career_gain_per_year = 0
mission_gain_per_year = 2.0
[run]
seed = 5
)";
    Scenario sc = load_scenario(dir / "one.toml");
    sc.plan.threads = 2;
    OptimiseSettings st = settings("nps@horizon");
    st.evaluations = 12;
    st.test_replicates = 2;
    const OptimiseResult r = optimise_plan(sc, st);
    REQUIRE(r.plans.size() == 1);
    std::ofstream(dir / "out.toml") << optimised_scenario_text(r, st, "one.toml", {"test"});
    const Scenario written = load_scenario(dir / "out.toml");
    REQUIRE(written.strategies.size() == 1);
    CHECK(written.strategies[0].name == "optimised");
    CHECK(written.strategies[0].phases.size() == 2);
    CHECK(comparison_strategies(written, {}).back() == "optimised");  // compare's default list includes it
    const ComparisonData d = run_comparison(written, {"optimised"}, st.replicates);
    double mean = 0;
    for (std::size_t k = 0; k < static_cast<std::size_t>(st.replicates); ++k)
        mean += objective_value(st.objectives[0], d, 0, k) / static_cast<double>(st.replicates);
    CHECK(mean == Approx(r.plans[0].values[0]).epsilon(1e-12));
}

TEST_CASE("a plan search is identical at any thread count", "[fit][optimise]") {
    OptimiseSettings st = settings("retention@horizon + 0.01*referrals");
    st.evaluations = 12;
    Scenario one = one_programme_company(9), many = one;
    one.plan.threads = 1;
    many.plan.threads = 3;
    const OptimiseResult a = optimise_plan(one, st), b = optimise_plan(many, st);
    REQUIRE(a.history.size() == b.history.size());
    for (std::size_t i = 0; i < a.history.size(); ++i) CHECK(a.history[i].values == b.history[i].values);
    CHECK(plan_csv(a, st) == plan_csv(b, st));
    CHECK(out_of_sample_csv(a, st) == out_of_sample_csv(b, st));
}

TEST_CASE("robust mode evaluates every parameter sample", "[fit][optimise]") {
    OptimiseSettings st = settings("nps");
    st.evaluations = 10;
    st.uncertain = {{"programs.mission_gain_per_year", 0.5, 3.0, 0}};
    st.samples = 3;
    st.worst_case = true;
    const OptimiseResult worst = optimise_plan(one_programme_company(), st);
    st.worst_case = false;
    const OptimiseResult mean = optimise_plan(one_programme_company(), st);
    REQUIRE(worst.history.size() == mean.history.size());
    // The worst sample is never better than the mean of the samples.
    for (std::size_t i = 0; i < worst.history.size(); ++i) CHECK(worst.history[i].values[0] <= mean.history[i].values[0]);
    for (const auto& ph : worst.plans[0].plan.phases) CHECK(ph.mission >= 0.9);
}

TEST_CASE("a Pareto front holds the plans no other evaluated plan dominates", "[fit][optimise]") {
    CHECK(pareto_dominates({32, -225000}, {31, -225000}));
    CHECK(pareto_dominates({32, -225000}, {31, -225000.00000001}));  // same spend, rounded differently
    CHECK(pareto_dominates({32, -225000.00000001}, {31, -225000}));
    CHECK_FALSE(pareto_dominates({32, -225000}, {32, -225000}));
    CHECK_FALSE(pareto_dominates({32, -300000}, {31, -225000}));
    OptimiseSettings st = settings("nps");
    st.objectives.push_back(parse_objective("-spend", "--objective"));
    st.space.programs = {"engagement", "ambassadorship"};
    st.space.vary_budget = true;
    st.space.budget_min = 0;
    st.space.budget_max = 3000;
    st.evaluations = 14;
    st.test_replicates = 2;
    const OptimiseResult r = optimise_plan(one_programme_company(), st);
    REQUIRE(r.front.size() >= 2);
    for (std::size_t i = 0; i < r.history.size(); ++i) {
        const bool on_front = std::find(r.front.begin(), r.front.end(), i) != r.front.end();
        bool dominated = false;
        for (const auto& h : r.history) dominated = dominated || pareto_dominates(h.values, r.history[i].values);
        CHECK(on_front == !dominated);
    }
    // The cheapest end of the front spends nothing; its other end spends.
    double lo = 1e300, hi = -1e300;
    for (std::size_t i : r.front) lo = std::min(lo, -r.history[i].values[1]), hi = std::max(hi, -r.history[i].values[1]);
    CHECK(lo == 0);
    CHECK(hi > 0);
    CHECK(r.plans.size() >= 2);
}

TEST_CASE("objectives parse as documented and bad ones are refused", "[fit][optimise]") {
    const Objective o = parse_objective("0.5*nps@horizon + 2e-3*referrals - spend", "--objective");
    REQUIRE(o.terms.size() == 3);
    CHECK(o.terms[0].weight == 0.5);
    CHECK(o.terms[0].at_horizon);
    CHECK(o.terms[1].weight == Approx(0.002));
    CHECK_FALSE(o.terms[1].at_horizon);
    CHECK(o.terms[2].weight == -1);
    CHECK(parse_objective("-spend", "x").terms[0].weight == -1);
    using Catch::Contains;
    CHECK_THROWS_WITH(parse_objective("loyalty", "--objective"), Contains("--objective: unknown measure `loyalty`; choose from retention"));
    CHECK_THROWS_WITH(parse_objective("nps@end", "--objective"), Contains("`@end`: say @horizon or @cumulated"));
    CHECK_THROWS_WITH(parse_objective("x*nps", "--objective"), Contains("the weight `x` is not a number"));
    CHECK_THROWS_WITH(parse_objective("nps +", "--objective"), Contains("a sign with no term"));
    CHECK_THROWS_AS(parse_objective("", "--objective"), InputError);
}

TEST_CASE("decoded plans split at most the whole budget", "[fit][optimise]") {
    PlanSpace sp;
    sp.programs = {"career", "training", "mission"};
    sp.phases = 3;
    sp.phase_days = 100;
    sp.vary_budget = true;
    sp.budget_min = 500;
    sp.budget_max = 2500;
    const Plan p = decode_plan(sp, {0.3, 0.3, 0.3, 0, 0, 0, 1, 0, 0.2, 1.0}, 1500);
    REQUIRE(p.phases.size() == 3);
    CHECK(p.phases[1].start_day == 100);
    CHECK(p.phases[0].career + p.phases[0].training + p.phases[0].mission <= 1.0);
    CHECK(p.phases[0].career == Approx(1.0 / 3).margin(1e-6));
    CHECK(p.phases[1].career == Approx(1.0 / 3).margin(1e-6));  // all zero: equal shares
    CHECK(p.phases[2].career == Approx(1.0 / 1.2).margin(1e-6));
    CHECK(p.budget == 2500);
}
