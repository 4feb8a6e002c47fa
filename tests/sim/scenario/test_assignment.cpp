// Typed assignments and the key registry (sim/scenario/assignment.hpp,
// key_registry.hpp): the only write path into a scenario.
#include "sim/scenario/assignment.hpp"
#include "sim/scenario/key_registry.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace ambassim;

TEST_CASE("typed assignments set fields without text and record provenance", "[assignment]") {
    Scenario s;
    assign(s, {make_assignment("customers.churn_per_year", 0.3), make_assignment("organisation.units", std::int64_t{5}),
               make_assignment("market.network", std::string("scale_free")),
               make_assignment("compare.strategies", std::vector<std::string>{"none", "balanced"})});
    CHECK(s.params.customers.churn_per_year == 0.3);
    CHECK(s.params.organisation.units == 5);
    CHECK(s.params.market.network == "scale_free");
    CHECK(s.compare.strategies == std::vector<std::string>{"none", "balanced"});
    CHECK(s.overrides == std::vector<std::string>{"customers.churn_per_year=0.3", "organisation.units=5",
                                                  "market.network=\"scale_free\"",
                                                  "compare.strategies=[\"none\", \"balanced\"]"});
}

TEST_CASE("an assignment's text reads back as the same value", "[assignment]") {
    for (double v : {0.1, 1.0 / 3.0, 1e-7, 12.3456789, 0.30000000000000004}) {
        const Assignment a = make_assignment("customers.churn_per_year", v);
        const Assignment back = parse_assignment(a.text);
        CHECK(std::get<double>(back.value) == v);
    }
    const Assignment phases = parse_assignment("strategy.phases=[{start_day = 0, engagement = 0.5}, {start_day = 10, training = 1}]");
    const auto& list = std::get<std::vector<AllocationPhase>>(phases.value);
    REQUIRE(list.size() == 2);
    const Assignment again = parse_assignment(make_assignment("strategy.phases", list).text);
    const auto& list2 = std::get<std::vector<AllocationPhase>>(again.value);
    REQUIRE(list2.size() == 2);
    CHECK(list2[1].start_day == 10);
    CHECK(list2[1].training == 1);
    CHECK(list2[0].engagement == 0.5);
}

TEST_CASE("integer keys take integral numbers, real keys any number", "[assignment]") {
    Scenario s;
    assign(s, {make_assignment("organisation.units", 4.0), make_assignment("customers.churn_per_year", std::int64_t{1})});
    CHECK(s.params.organisation.units == 4);
    CHECK(s.params.customers.churn_per_year == 1.0);
    CHECK_THROWS_WITH(assign(s, {make_assignment("organisation.units", 4.5)}),
                      "--set organisation.units=4.5: key `organisation.units` takes an integer");
    CHECK_THROWS_WITH(assign(s, {make_assignment("organisation.units", std::string("x"))}),
                      "--set organisation.units=\"x\": key `organisation.units` takes an integer");
    CHECK_THROWS_WITH(assign(s, {make_assignment("customers.churn_per_year", true)}),
                      "--set customers.churn_per_year=true: key `customers.churn_per_year` takes a number");
}

TEST_CASE("typed assignments are checked like a file and leave the scenario unchanged on error", "[assignment]") {
    Scenario s;
    const Scenario before = s;
    CHECK_THROWS_WITH(assign(s, {make_assignment("customers.churn_per_year", 0.2),
                                 make_assignment("customers.churn_per_year", -1.0)}),
                      "--set customers.churn_per_year=-1: key `customers.churn_per_year` = -1 is out of range [0, 50]");
    CHECK_THROWS_WITH(assign(s, {make_assignment("customers.churn_per_year", std::numeric_limits<double>::quiet_NaN())}),
                      Catch::Contains("must be finite"));
    CHECK_THROWS_WITH(assign(s, {make_assignment("customers.churn", 0.2)}),
                      "--set customers.churn=0.2: unknown key `customers.churn`; did you mean `customers.churn_per_year`?");
    CHECK_THROWS_WITH(assign(s, {make_assignment("market.network", std::string("ring"))}),
                      Catch::Contains("is not one of well_mixed|small_world|scale_free"));
    CHECK(s.params.customers.churn_per_year == before.params.customers.churn_per_year);
    CHECK(s.overrides.empty());
}

TEST_CASE("value_of reads a key typed", "[assignment]") {
    Scenario s;
    CHECK(std::get<double>(value_of(s, "customers.churn_per_year")) == s.params.customers.churn_per_year);
    CHECK(std::get<std::int64_t>(value_of(s, "run.seed")) == 1);
    CHECK(std::get<std::string>(value_of(s, "market.network")) == "small_world");
    CHECK_THROWS_AS(value_of(s, "nope"), InputError);
}

TEST_CASE("the key registry knows every key once, its type and the sections", "[assignment][keys]") {
    const KeyRegistry& r = key_registry();
    REQUIRE(r.find("customers.churn_per_year") != nullptr);
    CHECK(r.find("customers.churn_per_year")->type == KeyType::real);
    CHECK(r.find("organisation.employees")->type == KeyType::integer);
    CHECK(r.find("run.seed")->type == KeyType::unsigned_integer);
    CHECK(r.find("run.force")->type == KeyType::boolean);
    CHECK(r.find("market.network")->type == KeyType::string);
    CHECK(r.find("compare.strategies")->type == KeyType::string_list);
    CHECK(r.find("customers") == nullptr);
    CHECK(r.is_section("customers"));
    CHECK(r.is_section("strategy.phases"));
    CHECK_FALSE(r.is_section("customers.churn_per_year"));
    for (std::size_t i = 0; i < r.keys().size(); ++i) {
        CHECK(r.keys()[i].ordinal == i);
        CHECK(r.find(r.keys()[i].key) == &r.keys()[i]);  // no key twice
    }
    CHECK(r.suggest("organization.employees") == "organisation.employees");
}
