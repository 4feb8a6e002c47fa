// Tests for analysis/fit/calibrate.cpp: a parameter no target depends on is
// reported as not pinned down; the result does not depend on the thread
// count; impossible scales are refused; free parameters go through assign().
// The recovery of known parameters
// (about 30 s per seed) is in test_calibrate_recovery.cpp, label validation.
#include "analysis/fit/calibrate.hpp"
#include "analysis/fit/fit_fixtures.hpp"
#include "analysis/fit/set_parameter.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace ambassim;


TEST_CASE("a parameter the targets do not depend on is reported as flat", "[fit][calibrate]") {
    TargetsFile t = testing::generated_targets(404, {{"customers.churn_per_year", 0.25}});
    t.targets.resize(1);  // churn only
    // Spend does not change churn: nothing can pin it down.
    t.parameters = {{"customers.churn_per_year", 0.05, 0.5, 0}, {"customers.spend_per_year", 500, 2000, 0}};
    t.settings.evaluations = 12;
    t.settings.replicates = 2;
    const CalibrationResult r = calibrate(testing::small_company(405), t);
    REQUIRE(r.parameters.size() == 2);
    CHECK(r.parameters[0].pinned);
    CHECK_FALSE(r.parameters[1].pinned);
    CHECK(r.parameters[1].low == Approx(500));
    CHECK(r.parameters[1].high == Approx(2000));
    REQUIRE(r.flat.size() == 1);
    REQUIRE(r.flat[0].components.size() == 1);
    CHECK(r.flat[0].components[0].first == "customers.spend_per_year");
}

TEST_CASE("a calibration is identical at any thread count", "[fit][calibrate]") {
    TargetsFile t = testing::generated_targets(505, {{"customers.churn_per_year", 0.2}});
    t.settings.evaluations = 3;
    t.settings.replicates = 2;
    Scenario one = testing::small_company(506), many = one;
    one.plan.threads = 1;
    many.plan.threads = 3;
    const CalibrationResult a = calibrate(one, t), b = calibrate(many, t);
    REQUIRE(a.parameters.size() == b.parameters.size());
    for (std::size_t j = 0; j < a.parameters.size(); ++j) {
        CHECK(a.parameters[j].value == b.parameters[j].value);
        CHECK(a.parameters[j].low == b.parameters[j].low);
    }
    CHECK(a.chi2 == b.chi2);
    CHECK(a.best_chi2 == b.best_chi2);
}

TEST_CASE("a scale the scenario cannot take is refused", "[fit][calibrate]") {
    const Scenario sc = testing::small_company();
    CHECK(scaled_scenario(sc, 0.5).params.organisation.employees == 75);
    CHECK(scaled_scenario(sc, 0.5).params.customers.customers == 1000);
    CHECK_THROWS_WITH(scaled_scenario(sc, 0.01), Catch::Contains("does not allow evaluations at scale 0.01"));
}

TEST_CASE("free parameters are set through assign: checked, recorded, errors name the targets file's line", "[fit][calibrate]") {
    Scenario sc = testing::small_company();
    const std::vector<FreeParameter> ps{{"customers.churn_per_year", 0.05, 0.5, 9}};
    set_parameters(sc, ps, {0.3}, "t.toml");
    CHECK(sc.params.customers.churn_per_year == 0.3);
    CHECK(sc.overrides.back() == "customers.churn_per_year=0.3");  // provenance, as for a --set
    // A value that breaks a cross-field rule is refused (it used to run an invalid world silently).
    const std::vector<FreeParameter> weight{{"customers.loyalty_bond_weight", 0.1, 0.9, 12}};
    CHECK_THROWS_WITH(set_parameters(sc, weight, {0.9}, "t.toml"),
                      "t.toml:12: parameter `customers.loyalty_bond_weight` = 0.9: customers.loyalty_satisfaction_weight + "
                      "customers.loyalty_bond_weight = 1.2; they must sum to 1");
    CHECK(sc.params.customers.loyalty_bond_weight != 0.9);  // left as it was
}
