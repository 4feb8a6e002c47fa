// Tests for models/staffing.hpp (the capacity lever): the effective extra
// front-line share ramps up with the new-hire time constant in closed form,
// so where it gets to, and the capacity and cost it adds over a period, do
// not depend on the tick length; and which phase's share applies when.
#include "models/programs.hpp"
#include "models/staffing.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace ambassim;

namespace {
struct Ramp {
    double share = 0, integral = 0;  // end share, integral of the mean share over time (share x days)
};
// Runs `days` at tick length dt from share `start` toward `target`.
Ramp run(double start, double target, double ramp_days, double dt, double days) {
    Ramp r{start, 0};
    const int ticks = static_cast<int>(std::lround(days / dt));
    for (int k = 0; k < ticks; ++k) {
        const ExtraStaffStep s = step_extra_front_line(r.share, target, ramp_days, dt);
        r.integral += s.mean_share * dt;
        r.share = s.share;
    }
    return r;
}
}  // namespace

TEST_CASE("the extra staff ramp does not depend on the tick length", "[staffing]") {
    // Up from 0 to 10% over 91 days, then down to 4% over 91 more.
    for (const double dt : {0.25, 1.0, 7.0, 13.0, 91.0}) {
        INFO("dt_days " << dt);
        const Ramp up = run(0, 0.1, 60, dt, 91);
        const Ramp down = run(up.share, 0.04, 60, dt, 91);
        const Ramp up_day = run(0, 0.1, 60, 1.0, 91);
        const Ramp down_day = run(up_day.share, 0.04, 60, 1.0, 91);
        CHECK(up.share == Approx(0.1 * (1 - std::exp(-91.0 / 60))).epsilon(1e-12));
        CHECK(up.share == Approx(up_day.share).epsilon(1e-12));
        CHECK(down.share == Approx(down_day.share).epsilon(1e-12));
        // The exact integral of 0.1 (1 - e^{-t/60}) over 91 days.
        CHECK(up.integral == Approx(0.1 * (91 - 60 * (1 - std::exp(-91.0 / 60)))).epsilon(1e-12));
        CHECK(down.integral == Approx(down_day.integral).epsilon(1e-12));
    }
}

TEST_CASE("the extra staff share relaxes toward the target and never beyond", "[staffing]") {
    const ExtraStaffStep s = step_extra_front_line(0, 0.2, 60, 1);
    CHECK(s.share > 0);
    CHECK(s.share < 0.2);
    CHECK(s.mean_share > 0);
    CHECK(s.mean_share < s.share);  // rising: the tick's mean is below its end
    // Without a ramp (new_hire_ramp_days = 0) the share is the target at once.
    CHECK(step_extra_front_line(0, 0.2, 0, 1).share == 0.2);
    CHECK(step_extra_front_line(0, 0.2, 0, 1).mean_share == 0.2);
    // At the target it stays there exactly (no drift from rounding).
    CHECK(step_extra_front_line(0.2, 0.2, 60, 7).share == 0.2);
    CHECK(step_extra_front_line(0.2, 0.2, 60, 7).mean_share == 0.2);
}

TEST_CASE("extra staff add capacity and cost in proportion", "[staffing]") {
    CHECK(extra_capacity_factor(0) == 1.0);
    CHECK(extra_capacity_factor(0.15) == Approx(1.15));
    // 10% of 300 front-line staff at 55,000 a year for 73 days: 30 x 55,000 / 5.
    CHECK(extra_staff_cost(55000, 0.1, 300, 73) == Approx(330000));
    CHECK(extra_staff_cost(55000, 0, 300, 73) == 0);
}

TEST_CASE("only a custom strategy's active phase hires", "[staffing]") {
    Params p;
    p.strategy.name = "custom";
    AllocationPhase a, b;
    a.engagement = 0.5;
    b.start_day = 100;
    b.extra_front_line = 0.12;
    p.strategy.phases = {a, b};
    CHECK(extra_front_line_on_day(p, StrategyKind::custom, 0) == 0);
    CHECK(extra_front_line_on_day(p, StrategyKind::custom, 99.9) == 0);
    CHECK(extra_front_line_on_day(p, StrategyKind::custom, 100) == 0.12);
    CHECK(extra_front_line_on_day(p, StrategyKind::balanced, 150) == 0);
    // The share is not a budget share: the allocation is the phase's programmes only.
    double sum = 0;
    for (double x : allocation_on_day(p, StrategyKind::custom, 150)) sum += x;
    CHECK(sum == 0);
}
