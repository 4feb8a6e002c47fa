// Tests for models/customer_dynamics.hpp: encounter quality, memory updates,
// loyalty weights, the 0-10 score and NPS classes, churn, spend and the Bass
// adoption hazard with channel attribution.
#include "models/customer_dynamics.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace ambassim;

TEST_CASE("functional quality mixes engagement, focus and process and emotional quality ambassadorship and engagement", "[customers]") {
    EncounterParams n;
    const auto q = encounter_quality(n, 1.0f, 0.0f, 0.6f, 0.0f, 0.5f, 0, 0);
    CHECK(q.functional == Approx(n.functional_engagement_weight));
    CHECK(q.emotional == Approx(n.emotional_ambassadorship_weight * 0.6 + n.emotional_engagement_weight * 1.0));
    n.emotional_engagement_weight = 0;  // the claim "ambassadorship drives the bond" can be turned off, or up
    n.emotional_ambassadorship_weight = 1;
    CHECK(encounter_quality(n, 1.0f, 0.0f, 0.6f, 0.0f, 0.5f, 0, 0).emotional == Approx(0.6));
    n.emotional_ambassadorship_weight = 0;
    n.emotional_engagement_weight = 1;
    CHECK(encounter_quality(n, 1.0f, 0.0f, 0.6f, 0.0f, 0.5f, 0, 0).emotional == Approx(1.0));
    n = EncounterParams{};
    const auto q2 = encounter_quality(n, 0.0f, 0.0f, 0.2f, 1.0f, 0.5f, 0, 0);
    CHECK(q2.functional == Approx(n.functional_process_weight));
    // Overload costs quality: load 1.5 with penalty 0.5 keeps 75%.
    const auto q3 = encounter_quality(n, 1.0f, 1.0f, 1.0f, 1.0f, 1.5f, 0, 0);
    CHECK(q3.functional == Approx(0.75));
    CHECK(q3.emotional == Approx(0.75));
    const auto q4 = encounter_quality(n, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 10, -10);
    CHECK(q4.functional == 1.0f);
    CHECK(q4.emotional == 0.0f);
}

TEST_CASE("memory: encounters teach, unserved needs hurt, and time fades", "[customers]") {
    CustomerParams cp;
    const CustomerMemory m{0.5f, 0.2f};
    const auto s = served(m, cp, {1.0f, 1.0f});
    CHECK(s.satisfaction == Approx(0.5 + cp.satisfaction_learning * 0.5));
    CHECK(s.bond == Approx(0.2 + cp.bond_learning * 0.8));
    const auto u = unserved(m, cp);
    CHECK(u.satisfaction == Approx(0.5 * (1 - cp.unserved_satisfaction_penalty)));
    const auto f = fade({1.0f, 1.0f}, cp, 0.5, 0.25);
    CHECK(f.satisfaction == Approx(cp.satisfaction.mean + (1 - cp.satisfaction.mean) * 0.5));
    CHECK(f.bond == Approx(cp.bond.mean + (1 - cp.bond.mean) * 0.25));
}

TEST_CASE("loyalty and advocacy follow the configured weights", "[customers]") {
    CustomerParams cp;
    cp.loyalty_satisfaction_weight = 0.3;
    cp.loyalty_bond_weight = 0.7;
    CHECK(loyalty(cp, {1.0f, 0.0f}) == Approx(0.3));
    CHECK(loyalty(cp, {0.0f, 1.0f}) == Approx(0.7));
    cp.loyalty_satisfaction_weight = 0.9;  // the claim reversed by a scenario
    cp.loyalty_bond_weight = 0.1;
    CHECK(loyalty(cp, {1.0f, 0.0f}) > loyalty(cp, {0.0f, 1.0f}));
}

TEST_CASE("likelihood to recommend is 0..10 and classes follow NPS cut-offs", "[customers]") {
    CustomerParams cp;
    cp.advocacy_satisfaction_weight = 0;
    cp.advocacy_bond_weight = 1;
    cp.advocacy_offset = 0;
    CHECK(likelihood_to_recommend(cp, {0, 0.0f}, 0) == 0);
    CHECK(likelihood_to_recommend(cp, {0, 1.0f}, 0) == 10);
    CHECK(likelihood_to_recommend(cp, {0, 1.0f}, 5.0f) == 10);
    CHECK(likelihood_to_recommend(cp, {0, 0.0f}, -5.0f) == 0);
    CHECK(likelihood_to_recommend(cp, {0, 0.82f}, 0) == 9);  // floor(11*0.82) = 9
    CHECK(nps_class(10) == NpsClass::promoter);
    CHECK(nps_class(9) == NpsClass::promoter);
    CHECK(nps_class(8) == NpsClass::passive);
    CHECK(nps_class(7) == NpsClass::passive);
    CHECK(nps_class(6) == NpsClass::detractor);
    CHECK(nps_class(0) == NpsClass::detractor);
}

TEST_CASE("churn and spend respond to loyalty around the reference", "[customers]") {
    CustomerParams cp;
    CHECK(churn_hazard_per_year(cp, cp.loyalty_reference) == Approx(cp.churn_per_year));
    CHECK(churn_hazard_per_year(cp, cp.loyalty_reference + 0.1) ==
          Approx(cp.churn_per_year * std::exp(-0.1 * cp.churn_loyalty_sensitivity)));
    CHECK(spend_per_year(cp, cp.loyalty_reference) == Approx(cp.spend_per_year));
    CHECK(spend_per_year(cp, cp.loyalty_reference + 0.1) > cp.spend_per_year);
    cp.spend_loyalty_sensitivity = 50;
    CHECK(spend_per_year(cp, 0.0) == 0.0);  // never negative
}

TEST_CASE("adoption hazard is the Bass hazard with channel attribution", "[customers]") {
    MarketParams m;
    m.bass_p_per_year = 0.03;
    m.bass_q_per_year = 0.38;
    m.negative_wom_per_year = 0.2;
    double ref = -1;
    CHECK(adoption_hazard_per_year(m, CustomerStatus::prospect, 0.5, 0.0, ref) == Approx(0.03 + 0.19));
    CHECK(ref == Approx(0.19 / 0.22));
    CHECK(adoption_hazard_per_year(m, CustomerStatus::prospect, 0.0, 0.0, ref) == Approx(0.03));
    CHECK(ref == 0.0);
    CHECK(adoption_hazard_per_year(m, CustomerStatus::prospect, 0.0, 0.1, ref) == Approx(0.01));
    CHECK(adoption_hazard_per_year(m, CustomerStatus::prospect, 0.0, 1.0, ref) == 0.0);
    m.winback_factor = 0.5;
    CHECK(adoption_hazard_per_year(m, CustomerStatus::churned, 0.5, 0.0, ref) == Approx(0.11));
}

TEST_CASE("clamp_unit equals std::clamp to [0,1] bit for bit", "[customers]") {
    const double inf = std::numeric_limits<double>::infinity();
    for (double x : {-inf, -2.0, -1e-300, -0.0, 0.0, 1e-300, 0.3, 0.999999, 1.0, 1.0000001, 7.0, inf}) {
        INFO("x = " << x);
        const double a = clamp_unit(x), b = std::clamp(x, 0.0, 1.0);
        CHECK(a == b);
        CHECK(std::signbit(a) == std::signbit(b));
    }
    CHECK(std::isnan(clamp_unit(std::numeric_limits<double>::quiet_NaN())));
}
