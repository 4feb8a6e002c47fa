// Tests for models/programs.cpp: strategy allocation profiles and the
// saturating, lagged program pressure.
#include "models/programs.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <numeric>

using namespace ambassim;

namespace {
Params with_strategy(const char* name) {
    Params p;
    p.strategy.name = name;
    p.strategy.switch_day = 100;
    return p;
}
// The allocation of the strategy the parameters name.
ProgramVector alloc(const Params& p, double day) { return allocation_on_day(p, strategy_kind(p.strategy.name), day); }
double total(const ProgramVector& v) { return std::accumulate(v.begin(), v.end(), 0.0); }
}  // namespace

TEST_CASE("every strategy and network name resolves to its kind, once", "[programs]") {
    CHECK(strategy_kind("ambassadorship_first") == StrategyKind::ambassadorship_first);
    CHECK(strategy_kind("custom") == StrategyKind::custom);
    CHECK(network_kind("well_mixed") == NetworkKind::well_mixed);
    CHECK_THROWS_AS(strategy_kind("Balanced"), std::invalid_argument);
    CHECK_THROWS_AS(network_kind("ring"), std::invalid_argument);
    // Every documented choice has a kind.
    for (const char* choices : {kStrategyChoices, kNetworkChoices}) {
        std::string all(choices), item;
        for (std::size_t b = 0, e; b <= all.size(); b = e + 1) {
            e = std::min(all.find('|', b), all.size());
            item = all.substr(b, e - b);
            if (choices == kStrategyChoices) CHECK_NOTHROW(strategy_kind(item));
            else CHECK_NOTHROW(network_kind(item));
        }
    }
}

TEST_CASE("built-in strategies allocate the documented shares", "[programs]") {
    CHECK(total(alloc(with_strategy("none"), 0)) == 0.0);
    CHECK(alloc(with_strategy("engagement_only"), 500) == ProgramVector{1, 0, 0, 0, 0});
    CHECK(alloc(with_strategy("ambassadorship_only"), 0) == ProgramVector{0, 0.25, 0.25, 0.25, 0.25});
    CHECK(alloc(with_strategy("balanced"), 0) == ProgramVector{0.5, 0.125, 0.125, 0.125, 0.125});
}

TEST_CASE("the *_first strategies switch family on switch_day", "[programs]") {
    const Params ef = with_strategy("engagement_first"), af = with_strategy("ambassadorship_first");
    CHECK(alloc(ef, 99.9) == ProgramVector{1, 0, 0, 0, 0});
    CHECK(alloc(ef, 100) == ProgramVector{0, 0.25, 0.25, 0.25, 0.25});
    CHECK(alloc(af, 0) == ProgramVector{0, 0.25, 0.25, 0.25, 0.25});
    CHECK(alloc(af, 100) == ProgramVector{1, 0, 0, 0, 0});
    // Same money, opposite order: over 2*switch_day both spend the same per program.
    ProgramVector se{}, sa{};
    for (int d = 0; d < 200; ++d)
        for (int k = 0; k < kPrograms; ++k) se[k] += alloc(ef, d)[k], sa[k] += alloc(af, d)[k];
    CHECK(se == sa);
}

TEST_CASE("custom strategies follow their phases", "[programs]") {
    Params p = with_strategy("custom");
    p.strategy.phases = {{0, 0.2, 0, 0, 0, 0}, {30, 0, 0.5, 0.5, 0, 0}};
    CHECK(alloc(p, 29) == ProgramVector{0.2, 0, 0, 0, 0});
    CHECK(alloc(p, 30) == ProgramVector{0, 0.5, 0.5, 0, 0});
}

TEST_CASE("ambassadorship split follows the programs.ambassadorship_*_share keys", "[programs]") {
    Params p = with_strategy("ambassadorship_only");
    p.programs.ambassadorship_training_share = 0.7;
    p.programs.ambassadorship_mission_share = 0.1;
    p.programs.ambassadorship_process_share = 0.1;
    p.programs.ambassadorship_recognition_share = 0.1;
    CHECK(alloc(p, 0) == ProgramVector{0, 0.7, 0.1, 0.1, 0.1});
}

TEST_CASE("program pressure saturates and lags", "[programs]") {
    ProgramParams g;
    g.budget_per_employee_per_year = 1000;
    g.engagement_saturation = 1000;
    g.engagement_lag_days = 10;
    const ProgramVector shares{1, 0, 0, 0, 0};
    const double target = 1 - std::exp(-1.0);
    ProgramVector P{};
    P = update_pressure(g, P, shares, 1.0);
    CHECK(P[0] == Approx(target * (1 - std::exp(-0.1))));
    for (int t = 1; t < 10; ++t) P = update_pressure(g, P, shares, 1.0);
    CHECK(P[0] == Approx(target * (1 - std::exp(-1.0))));  // one time constant: 63% of the way
    for (int t = 0; t < 1000; ++t) P = update_pressure(g, P, shares, 1.0);
    CHECK(P[0] == Approx(target));
    CHECK(P[1] == 0.0);
    // Diminishing returns: doubling spend does not double the effect.
    g.budget_per_employee_per_year = 2000;
    ProgramVector Q{};
    for (int t = 0; t < 2000; ++t) Q = update_pressure(g, Q, shares, 1.0);
    CHECK(Q[0] < 2 * P[0]);
    CHECK(Q[0] == Approx(1 - std::exp(-2.0)));
    // Spend stops: pressure decays with the lag.
    ProgramVector R = update_pressure(g, Q, ProgramVector{}, 10.0);
    CHECK(R[0] == Approx(Q[0] * std::exp(-1.0)));
}

TEST_CASE("lagged pressure is the same whatever the tick length", "[programs]") {
    ProgramParams g;
    const ProgramVector shares{0.5, 0.5, 0, 0, 0};
    ProgramVector daily{}, weekly{};
    for (int d = 0; d < 70; ++d) daily = update_pressure(g, daily, shares, 1.0);
    for (int w = 0; w < 10; ++w) weekly = update_pressure(g, weekly, shares, 7.0);
    for (int k = 0; k < kPrograms; ++k) CHECK(daily[k] == Approx(weekly[k]).epsilon(1e-12));
}
