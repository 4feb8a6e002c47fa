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

namespace {
const ProgramVector kEng{0.25, 0.25, 0.25, 0.25, 0, 0, 0, 0};
const ProgramVector kAmb{0, 0, 0, 0, 0.25, 0.25, 0.25, 0.25};
}  // namespace

TEST_CASE("built-in strategies allocate the documented shares", "[programs]") {
    CHECK(total(alloc(with_strategy("none"), 0)) == 0.0);
    CHECK(alloc(with_strategy("engagement_only"), 500) == kEng);
    CHECK(alloc(with_strategy("ambassadorship_only"), 0) == kAmb);
    CHECK(alloc(with_strategy("balanced"), 0) ==
          ProgramVector{0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125});
}

TEST_CASE("the *_first strategies run the first family, then only the second", "[programs]") {
    const Params ef = with_strategy("engagement_first"), af = with_strategy("ambassadorship_first");
    CHECK(alloc(ef, 99.9) == kEng);
    CHECK(alloc(ef, 100) == kAmb);
    CHECK(alloc(ef, 5000) == kAmb);
    CHECK(alloc(af, 0) == kAmb);
    CHECK(alloc(af, 100) == kEng);
    // Same money, opposite order: over 2*switch_day both spend the same per program.
    ProgramVector se{}, sa{};
    for (int d = 0; d < 200; ++d)
        for (int k = 0; k < kPrograms; ++k) se[k] += alloc(ef, d)[k], sa[k] += alloc(af, d)[k];
    CHECK(se == sa);
}

TEST_CASE("the switch defaults to half the horizon: equal money per family at any horizon", "[programs]") {
    // Odd tick counts included: the tick holding the switch is split between
    // the families (allocation_over_tick), so neither *_first strategy gets
    // an extra tick of its first family (before: 183 against 182 at 365 ticks).
    for (std::int64_t ticks : {1, 3, 100, 365, 1095, 1826}) {
        for (double dt : {0.5, 1.0, 7.0}) {
            Params ef = with_strategy("engagement_first"), af = with_strategy("ambassadorship_first");
            ef.strategy.switch_day = af.strategy.switch_day = -1;
            ef.simulation.ticks = af.simulation.ticks = ticks;
            ef.simulation.dt_days = af.simulation.dt_days = dt;
            CHECK(switch_day(ef) == Approx(0.5 * static_cast<double>(ticks) * dt));
            double e_eng = 0, e_amb = 0, a_eng = 0, a_amb = 0;
            for (std::int64_t t = 0; t < ticks; ++t) {
                const double day = static_cast<double>(t) * dt;
                const ProgramVector e = allocation_over_tick(ef, StrategyKind::engagement_first, day, dt);
                const ProgramVector a = allocation_over_tick(af, StrategyKind::ambassadorship_first, day, dt);
                e_eng += family_total(e, Family::engagement) * dt;
                e_amb += family_total(e, Family::ambassadorship) * dt;
                a_eng += family_total(a, Family::engagement) * dt;
                a_amb += family_total(a, Family::ambassadorship) * dt;
            }
            INFO("ticks " << ticks << ", dt " << dt);
            const double horizon = static_cast<double>(ticks) * dt;
            CHECK(e_eng == Approx(0.5 * horizon).margin(1e-9));  // equal family costs: equal money
            CHECK(e_amb == Approx(0.5 * horizon).margin(1e-9));
            CHECK(a_eng == Approx(0.5 * horizon).margin(1e-9));
            CHECK(a_amb == Approx(0.5 * horizon).margin(1e-9));
        }
    }
}

TEST_CASE("a tick holding a change of allocation is split at the change", "[programs]") {
    Params ef = with_strategy("engagement_first");
    ef.strategy.switch_day = 10.25;
    // The tick [10, 11) is a quarter engagement, three quarters ambassadorship.
    const ProgramVector mid = allocation_over_tick(ef, StrategyKind::engagement_first, 10, 1);
    CHECK(family_total(mid, Family::engagement) == Approx(0.25));
    CHECK(family_total(mid, Family::ambassadorship) == Approx(0.75));
    CHECK(allocation_over_tick(ef, StrategyKind::engagement_first, 9, 1) == kEng);
    CHECK(allocation_over_tick(ef, StrategyKind::engagement_first, 11, 1) == kAmb);
    // Custom phases likewise: a phase from day 3 inside a weekly tick [0, 7).
    Params c = with_strategy("custom");
    AllocationPhase first, second;
    first.career = 1;
    second.start_day = 3;
    second.training = 1;
    c.strategy.phases = {first, second};
    const ProgramVector week = allocation_over_tick(c, StrategyKind::custom, 0, 7);
    CHECK(week[index(Program::career)] == Approx(3.0 / 7));
    CHECK(week[index(Program::training)] == Approx(4.0 / 7));
    // A change on the tick's first day is the tick's own allocation.
    CHECK(allocation_over_tick(c, StrategyKind::custom, 3, 1) == alloc(c, 3));
}

TEST_CASE("custom strategies follow their phases; family shares spread over the family", "[programs]") {
    Params p = with_strategy("custom");
    AllocationPhase first, second;
    first.career = 0.2;
    second.start_day = 30;
    second.training = 0.5;
    second.mission = 0.3;
    second.engagement = 0.2;
    p.strategy.phases = {first, second};
    CHECK(alloc(p, 29) == ProgramVector{0.2, 0, 0, 0, 0, 0, 0, 0});
    const ProgramVector later = alloc(p, 30);
    CHECK(later == ProgramVector{0.05, 0.05, 0.05, 0.05, 0.5, 0.3, 0, 0});
}

TEST_CASE("family splits follow the programs.*_share keys", "[programs]") {
    Params p = with_strategy("ambassadorship_only");
    p.programs.ambassadorship_training_share = 0.7;
    p.programs.ambassadorship_mission_share = 0.1;
    p.programs.ambassadorship_process_share = 0.1;
    p.programs.ambassadorship_recognition_share = 0.1;
    CHECK(alloc(p, 0) == ProgramVector{0, 0, 0, 0, 0.7, 0.1, 0.1, 0.1});
    p = with_strategy("engagement_only");
    p.programs.engagement_career_share = 1;
    p.programs.engagement_management_share = p.programs.engagement_cohesion_share = 0;
    p.programs.engagement_alignment_share = 0;
    CHECK(alloc(p, 0) == ProgramVector{1, 0, 0, 0, 0, 0, 0, 0});
}

// The level playing field (issue #12): with both families' programs alike,
// the same money buys the same total pressure per family however it is split.
TEST_CASE("equal money buys equal total pressure whatever the number of programs", "[programs]") {
    ProgramParams g;
    g.budget_per_employee_per_year = 1500;
    for (int k = 0; k < kPrograms; ++k) {
        auto& spec = const_cast<ProgramSpec&>(program_spec(g, k));
        spec.saturation = 800, spec.lag_days = 20, spec.gain_per_year = 0.5;
    }
    auto family_pressure = [&](const ProgramVector& shares, Family f) {
        ProgramVector P{};
        for (int t = 0; t < 2000; ++t) P = update_pressure(g, SaturationScope::family, P, shares, 1.0);
        return family_total(P, f);
    };
    const double one_eng = family_pressure({1, 0, 0, 0, 0, 0, 0, 0}, Family::engagement);
    const double four_eng = family_pressure({0.25, 0.25, 0.25, 0.25, 0, 0, 0, 0}, Family::engagement);
    const double one_amb = family_pressure({0, 0, 0, 0, 0, 1, 0, 0}, Family::ambassadorship);
    const double four_amb = family_pressure({0, 0, 0, 0, 0.25, 0.25, 0.25, 0.25}, Family::ambassadorship);
    const double uneven_amb = family_pressure({0, 0, 0, 0, 0.7, 0.1, 0.1, 0.1}, Family::ambassadorship);
    const double expected = 1 - std::exp(-1500.0 / 800);
    CHECK(one_eng == Approx(expected).epsilon(1e-9));
    CHECK(four_eng == Approx(expected).epsilon(1e-9));
    CHECK(one_amb == Approx(expected).epsilon(1e-9));
    CHECK(four_amb == Approx(expected).epsilon(1e-9));
    CHECK(uneven_amb == Approx(expected).epsilon(1e-9));
    // Per-program saturation (the old rule) rewards splitting: four programs buy more.
    ProgramVector P{};
    for (int t = 0; t < 2000; ++t)
        P = update_pressure(g, SaturationScope::program, P, {0, 0, 0, 0, 0.25, 0.25, 0.25, 0.25}, 1.0);
    CHECK(family_total(P, Family::ambassadorship) > 1.5 * expected);
}

TEST_CASE("program pressure saturates and lags", "[programs]") {
    ProgramParams g;
    g.budget_per_employee_per_year = 1000;
    g.career.saturation = 1000;
    g.career.lag_days = 10;
    const ProgramVector shares{1, 0, 0, 0, 0, 0, 0, 0};
    const auto family = SaturationScope::family;
    const double target = 1 - std::exp(-1.0);
    ProgramVector P{};
    P = update_pressure(g, family, P, shares, 1.0);
    CHECK(P[0] == Approx(target * (1 - std::exp(-0.1))));
    for (int t = 1; t < 10; ++t) P = update_pressure(g, family, P, shares, 1.0);
    CHECK(P[0] == Approx(target * (1 - std::exp(-1.0))));  // one time constant: 63% of the way
    for (int t = 0; t < 1000; ++t) P = update_pressure(g, family, P, shares, 1.0);
    CHECK(P[0] == Approx(target));
    CHECK(P[1] == 0.0);
    // Diminishing returns: doubling spend does not double the effect.
    g.budget_per_employee_per_year = 2000;
    ProgramVector Q{};
    for (int t = 0; t < 2000; ++t) Q = update_pressure(g, family, Q, shares, 1.0);
    CHECK(Q[0] < 2 * P[0]);
    CHECK(Q[0] == Approx(1 - std::exp(-2.0)));
    // Spend stops: pressure decays with the lag.
    ProgramVector R = update_pressure(g, family, Q, ProgramVector{}, 10.0);
    CHECK(R[0] == Approx(Q[0] * std::exp(-1.0)));
}

TEST_CASE("lagged pressure is the same whatever the tick length", "[programs]") {
    ProgramParams g;
    const ProgramVector shares{0.25, 0.25, 0, 0, 0.25, 0.25, 0, 0};
    ProgramVector daily{}, weekly{};
    for (int d = 0; d < 70; ++d) daily = update_pressure(g, SaturationScope::family, daily, shares, 1.0);
    for (int w = 0; w < 10; ++w) weekly = update_pressure(g, SaturationScope::family, weekly, shares, 7.0);
    for (int k = 0; k < kPrograms; ++k) CHECK(daily[k] == Approx(weekly[k]).epsilon(1e-12));
}
