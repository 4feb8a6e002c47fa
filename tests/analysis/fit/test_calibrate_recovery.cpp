// Known parameters recovered within the reported intervals on more seeds
// than the quick test in test_calibrate.cpp, and the default survey
// thresholds checked against Lowenstein's shares in the default world
// (label `validation`: about a minute, skipped by the asan preset).
#include "analysis/fit/fit_fixtures.hpp"
#include "analysis/fit/measures.hpp"

#include <catch2/catch.hpp>

using namespace ambassim;

TEST_CASE("calibration recovers known parameters on several seeds", "[fit][calibrate][validation]") {
    for (std::uint64_t seed : {202u, 303u, 404u}) testing::check_recovery(seed);
}

TEST_CASE("the default survey thresholds give Lowenstein's shares in the reference world", "[fit][validation]") {
    // docs/model.md 7.9: 15.5% ambassadors and 29.5% saboteurs under `none`
    // (the default world, after its warm-up; one month measured).
    Scenario sc = parse_scenario("[simulation]\nticks = 30\n", "reference");
    sc.plan.threads = 2;
    const ComparisonData d = run_comparison(sc, {"none"}, 2);
    for (std::size_t r = 0; r < 2; ++r) {
        CHECK(company_measure(d, "ambassador_share", 0, r, {0, 29}) == Approx(0.155).margin(0.03));
        CHECK(company_measure(d, "saboteur_share", 0, r, {0, 29}) == Approx(0.295).margin(0.03));
    }
}
