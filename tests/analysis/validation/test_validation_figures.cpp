// Tests for analysis/validation/validation_figures.cpp and validation_checks.cpp on
// synthetic series (the figures from real runs are checked by tests/validation).
#include "analysis/validation/validation_checks.hpp"
#include "analysis/validation/validation_figures.hpp"
#include "analysis/validation/validation_stats.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <sstream>

using namespace ambassim;
using namespace ambassim::validation;

TEST_CASE("a run that follows the Bass curve has a small deviation and the Bass peak", "[validation]") {
    const double p = 0.03, q = 0.38, N = 10000;
    std::vector<double> days, active;
    for (int k = 1; k <= 520; ++k) {
        days.push_back(7.0 * k);
        active.push_back(std::round(N * bass_share(p, q, 7.0 * k / 365.0, 1 / N)));
    }
    const BassCurve c = bass_curve(days, active, N, p, q, 1 / N);
    CHECK(c.max_abs_deviation < 1e-4);
    CHECK(c.peak_time == Approx(bass_peak_time(p, q)).margin(0.02));
    // Half as many adopters is far off the curve.
    for (auto& a : active) a /= 2;
    CHECK(bass_curve(days, active, N, p, q, 1 / N).max_abs_deviation > 0.3);
}

TEST_CASE("world figures: annual attrition, churn and mean NPS", "[validation]") {
    // Two daily ticks; front line 100 staff, 1 quit per tick -> 2 quits in 2/365 years.
    std::map<std::string, std::vector<double>> s{{"/customers/active", {1000, 1000}},
                                                 {"/customers/churned", {1, 0}},
                                                 {"/customers/nps", {10, 20}},
                                                 {"/employees/headcount", {100, 50, 10, 100, 50, 10}},
                                                 {"/employees/quits", {1, 5, 5, 1, 5, 5}}};
    const WorldFigures f = world_figures([&](const std::string& k) { return s.at(k); }, 1.0);
    CHECK(f.front_line_attrition_per_year == Approx(2.0 / 100 * 365 / 2));
    CHECK(f.churn_per_year == Approx(1.0 / 1000 * 365 / 2));
    CHECK(f.nps == 15.0);
}

TEST_CASE("unit link: correlation across units and its mediation by quality", "[validation]") {
    // 2 ticks x 5 units; satisfaction = quality exactly, engagement drives quality with noise.
    const std::vector<double> eng{0, 0, 0, 0, 0, 0.1, 0.2, 0.3, 0.4, 0.5};
    const std::vector<double> q{0.5, 0.5, 0.5, 0.5, 0.5, 0.30, 0.25, 0.45, 0.40, 0.60};
    std::map<std::string, std::vector<double>> s{{"/units/mean_engagement", eng},
                                                 {"/units/mean_satisfaction", q},
                                                 {"/units/mean_functional_quality", q},
                                                 {"/units/mean_emotional_quality", {0.3, 0.1, 0.2, 0.5, 0.4, 0.3, 0.1, 0.2, 0.5, 0.4}}};
    s["/units/mean_satisfaction"] = {0, 0, 0, 0, 0, 0.30, 0.25, 0.45, 0.40, 0.60};
    const UnitLink l = unit_link([&](const std::string& k) { return s.at(k); }, 5, 1);
    REQUIRE(l.engagement.size() == 5);
    CHECK(l.engagement[4] == 0.5);
    CHECK(l.r > 0.8);
    CHECK(l.partial == Approx(0.0).margin(1e-9));
    CHECK(l.mediated == Approx(1.0));
    CHECK_THROWS_WITH(unit_link([&](const std::string& k) { return s.at(k); }, 3, 1),
                      "unit series do not match the unit count");
}

TEST_CASE("behaviour: correlations of satisfaction and bond with staying", "[validation]") {
    // Four active customers (one prospect ignored); the two with the higher bond stay.
    const Behaviour b = behaviour({0.5, 0.6, 0.5, 0.6, 0.9}, {0.1, 0.2, 0.8, 0.9, 0.9}, {1, 1, 1, 1, 0},
                                  {2, 2, 1, 1, 1});
    CHECK(b.customers == 4);
    CHECK(b.retained_share == 0.5);
    CHECK(b.r_satisfaction == Approx(0.0).margin(1e-12));
    CHECK(b.r_bond == Approx(pearson({0.1, 0.2, 0.8, 0.9}, {0, 0, 1, 1})));
}

TEST_CASE("a measurement passes inside its range only and prints one line", "[validation]") {
    Measurement m{"world", "world.nps", "NPS", 2, 15.5, 24, 9, 43, "src", ""};
    CHECK(m.pass());
    CHECK(format_measurement(m) == "world.nps (seed 2): measured 15.5 vs reference 24 [9, 43] PASS");
    m.measured = 50;
    CHECK_FALSE(m.pass());
    m.measured = std::nan("");
    CHECK_FALSE(m.pass());
    m.measured = 0.5;
    m.reference = std::nan("");
    m.hi = std::numeric_limits<double>::infinity();
    m.lo = 0.1;
    m.note = "x";
    CHECK(format_measurement(m) == "world.nps (seed 2): measured 0.5 vs reference - [0.1, inf] PASS (x)");
    std::ostringstream t;
    write_table(t, {m});
    CHECK(t.str() == "check\tfigure\tseed\tmeasured\treference\tlo\thi\tpass\tlabel\tsource\tnote\n"
                     "world\tworld.nps\t2\t0.5\tnan\t0.1\tinf\tPASS\tNPS\tsrc\tx\n");
    CHECK(validation_scenarios().size() == 8);
}
