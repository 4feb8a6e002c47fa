// Sweep plans: design sizes per design kind, grid order, integer keys
// rounded as applied, complements, per-point scenarios, defaults from the
// base scenario and the message for a point that breaks a cross-field rule.
#include "sim/runs/sweep_plan.hpp"

#include <catch2/catch.hpp>

using namespace ambassim;

namespace {
SweepPlan plan_of(const std::string& sweep, const std::string& base = "[compare]\nreplicates = 5\n") {
    SweepSpec spec = parse_sweep_spec(sweep, "s.toml", "");
    spec.path = "s.toml";
    spec.base_text = base;
    return make_sweep_plan(spec);
}
const std::string kTwo = R"(
[[sweep.parameters]]
key = "customers.churn_per_year"
min = 0.1
max = 0.3
[[sweep.parameters]]
key = "organisation.units"
min = 2
max = 5
)";
}  // namespace

TEST_CASE("sweep plan: a grid in odometer order with integer keys rounded") {
    const SweepPlan p = plan_of("[sweep]\nbase = \"b.toml\"\ndesign = \"grid\"\nlevels = 3\n" + kTwo);
    REQUIRE(p.points() == 9);
    CHECK(p.design(0, 0) == Approx(0.1));
    CHECK(p.design(0, 1) == 2);
    CHECK(p.design(1, 1) == 4);  // 3.5 rounds to 4: the value applied is recorded
    CHECK(p.design(2, 1) == 5);
    CHECK(p.design(3, 0) == Approx(0.2));
    const auto a = p.point_assignments(1);
    REQUIRE(a.size() == 2);
    CHECK(a[0].text == "customers.churn_per_year=0.1");
    CHECK(std::get<double>(a[0].value) == 0.1);  // typed: never re-parsed from the text
    CHECK(a[1].text == "organisation.units=4");
    CHECK(std::get<std::int64_t>(a[1].value) == 4);
    const Scenario s = p.point_scenario(5);
    CHECK(s.params.customers.churn_per_year == Approx(0.2));
    CHECK(s.params.organisation.units == 5);
    CHECK(s.overrides == std::vector<std::string>{"customers.churn_per_year=0.2", "organisation.units=5"});
    // strategies and replicates default to the base scenario's [compare]
    CHECK(p.strategies == std::vector<std::string>{"none", "engagement_first", "ambassadorship_first", "balanced"});
    CHECK(p.replicates == 5);
    CHECK(p.runs() == 9 * 4 * 5);
}

TEST_CASE("sweep plan: sizes of the continuous designs") {
    const std::string head = "[sweep]\nbase = \"b.toml\"\nstrategies = [\"none\"]\nreplicates = 1\n";
    CHECK(plan_of(head + "design = \"latin_hypercube\"\nsamples = 7\n" + kTwo).points() == 7);
    CHECK(plan_of(head + "design = \"saltelli\"\nsamples = 8\n" + kTwo).points() == 8 * (2 + 2));
    CHECK(plan_of(head + "design = \"morris\"\nsamples = 5\n" + kTwo).points() == 5 * (2 + 1));
}

TEST_CASE("sweep plan: the same sweep file gives the same design") {
    const std::string text = "[sweep]\nbase = \"b.toml\"\ndesign = \"latin_hypercube\"\nsamples = 6\nseed = 4\n" + kTwo;
    CHECK(plan_of(text).design.values == plan_of(text).design.values);
    const std::string other = "[sweep]\nbase = \"b.toml\"\ndesign = \"latin_hypercube\"\nsamples = 6\nseed = 5\n" + kTwo;
    CHECK(plan_of(text).design.values != plan_of(other).design.values);
}

TEST_CASE("sweep plan: a complement is set to one minus the value") {
    const SweepPlan p = plan_of(R"([sweep]
base = "b.toml"
design = "grid"
levels = 2
[[sweep.parameters]]
key = "customers.loyalty_bond_weight"
complement = "customers.loyalty_satisfaction_weight"
min = 0.25
max = 0.75
)");
    const Scenario s = p.point_scenario(1);
    CHECK(s.params.customers.loyalty_bond_weight == 0.75);
    CHECK(s.params.customers.loyalty_satisfaction_weight == 0.25);
}

TEST_CASE("sweep plan: the sweep.set keys apply before the factors and errors name the point") {
    const SweepPlan p = plan_of("[sweep]\nbase = \"b.toml\"\ndesign = \"grid\"\nlevels = 2\n[sweep.set]\n"
                                "\"simulation.ticks\" = 17\n" + kTwo);
    CHECK(p.base.params.simulation.ticks == 17);
    CHECK(p.point_scenario(3).params.simulation.ticks == 17);
    CHECK_THROWS_WITH(plan_of(R"([sweep]
base = "b.toml"
design = "grid"
levels = 2
[[sweep.parameters]]
key = "customers.loyalty_bond_weight"
min = 0.25
max = 0.75
)"),
                      "s.toml: point 0 (customers.loyalty_bond_weight=0.25): [[sweep.parameters]] `customers.loyalty_bond_weight` (line 6): "
                      "customers.loyalty_satisfaction_weight + customers.loyalty_bond_weight = 0.55; they must sum to 1");
    CHECK_THROWS_WITH(plan_of("[sweep]\nbase = \"b.toml\"\ndesign = \"grid\"\n[sweep.set]\n\"simulation.ticks\" = -1\n" + kTwo),
                      "s.toml:5:1: key `simulation.ticks` = -1 is out of range [1, 10000000]");
    // A cross-field rule broken by a [sweep.set] key names its line too (not a --set nobody typed).
    CHECK_THROWS_WITH(plan_of("[sweep]\nbase = \"b.toml\"\ndesign = \"grid\"\n[sweep.set]\n\"customers.loyalty_bond_weight\" = 0.9\n" + kTwo),
                      "s.toml:5:1: customers.loyalty_satisfaction_weight + customers.loyalty_bond_weight = 1.2; they must sum to 1");
}

TEST_CASE("sweep plan: categorical factors are typed levels in grids and stratified in Latin hypercubes") {
    const std::string factors = R"(
[[sweep.parameters]]
key = "market.network"
values = ["well_mixed", "scale_free"]
[[sweep.parameters]]
key = "customers.churn_per_year"
values = [0.1, 0.2, 0.3]
)";
    const SweepPlan g = plan_of("[sweep]\nbase = \"b.toml\"\ndesign = \"grid\"\n" + factors);
    REQUIRE(g.points() == 6);
    CHECK(g.factors[0].labels == std::vector<std::string>{"well_mixed", "scale_free"});
    CHECK(g.design(0, 0) == 0);  // the matrix records the level's index
    CHECK(g.design(3, 0) == 1);
    const auto a = g.point_assignments(3);
    CHECK(std::get<std::string>(a[0].value) == "scale_free");  // typed, never text re-parsed
    CHECK(a[0].text == "market.network=\"scale_free\"");
    CHECK(g.point_scenario(3).params.market.network == "scale_free");
    CHECK(g.point_scenario(0).params.market.network == "well_mixed");
    CHECK(g.point_values(4) == "market.network=\"scale_free\", customers.churn_per_year=0.2");

    const SweepPlan l = plan_of("[sweep]\nbase = \"b.toml\"\ndesign = \"latin_hypercube\"\nsamples = 7\n" + factors);
    REQUIRE(l.points() == 7);
    std::size_t count[2] = {0, 0}, numeric[3] = {0, 0, 0};
    for (std::size_t p = 0; p < 7; ++p) {
        ++count[static_cast<std::size_t>(l.design(p, 0))];
        ++numeric[static_cast<std::size_t>(std::lround(l.design(p, 1) * 10)) - 1];
        CHECK(l.point_scenario(p).params.market.network == l.factors[0].labels[static_cast<std::size_t>(l.design(p, 0))]);
    }
    // Stratified: 7 points over 2 levels give 3 and 4, over 3 levels 2, 2 and 3.
    CHECK(std::min(count[0], count[1]) == 3);
    CHECK(std::max(count[0], count[1]) == 4);
    for (std::size_t n : numeric) CHECK((n == 2 || n == 3));
}

TEST_CASE("sweep plan: a list of base scenarios as a factor") {
    SweepSpec spec = parse_sweep_spec(R"([sweep]
design = "grid"
[[sweep.parameters]]
key = "base"
values = ["a.toml", "sub/b.toml"]
[[sweep.parameters]]
key = "customers.churn_per_year"
values = [0.1, 0.2]
)", "s.toml", "/d");
    CHECK(spec.base_paths == std::vector<std::string>{"/d/a.toml", "/d/sub/b.toml"});
    CHECK(spec.base_path == "/d/a.toml");
    CHECK(spec.factors[0].factor.labels == std::vector<std::string>{"a.toml", "sub/b.toml"});
    spec.path = "s.toml";
    spec.base_texts = {"[organisation]\nunits = 3\n", "[organisation]\nunits = 5\n"};
    spec.base_text = spec.base_texts[0];
    const SweepPlan p = make_sweep_plan(spec);
    REQUIRE(p.points() == 4);
    CHECK(p.point_scenario(1).params.organisation.units == 3);
    CHECK(p.point_scenario(2).params.organisation.units == 5);
    CHECK(p.point_scenario(2).path == "/d/sub/b.toml");
    CHECK(p.point_assignments(2).size() == 1);  // the base is no assignment
    CHECK(p.point_values(2) == "base=sub/b.toml, customers.churn_per_year=0.1");
    CHECK(describe_plan(p).find("  base: a.toml, sub/b.toml\n") != std::string::npos);
}
