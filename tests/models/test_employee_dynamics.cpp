// Tests for models/employee_dynamics.hpp: fixed points, directions of every
// mechanism, range invariants, attrition hazard and capacity.
#include "models/employee_dynamics.hpp"

#include <catch2/catch.hpp>

using namespace ambassim;

namespace {
const Baseline kBase{0.5f, 0.4f, 0.3f, 0.5f};
const ProgramVector kNoPrograms{};

EmployeeContext neutral(const EmployeeState& s, const ProgramVector& P = kNoPrograms) {
    return {s.engagement, s.customer_focus, s.ambassadorship, s.engagement, s.ambassadorship, 0.8f, 0.0f, &P};
}
EmployeeState at_baseline() { return {kBase.engagement, kBase.customer_focus, kBase.ambassadorship, kBase.experience}; }
constexpr double kDay = 1.0 / 365;
}  // namespace

TEST_CASE("an employee at baseline with no programs and no noise stays there", "[employees]") {
    Params p;
    const EmployeeState s = at_baseline();
    const EmployeeState n = step_employee(p, Role::back_office, s, kBase, neutral(s), {}, kDay);
    CHECK(n.engagement == Approx(s.engagement).margin(1e-7));
    CHECK(n.customer_focus == Approx(s.customer_focus).margin(1e-7));
    CHECK(n.ambassadorship == Approx(s.ambassadorship).margin(1e-7));
    CHECK(n.experience == Approx(s.experience).margin(1e-7));
}

TEST_CASE("each program raises its own target state", "[employees]") {
    Params p;
    const EmployeeState s = at_baseline();
    auto with = [&](Program k, Role r = Role::back_office) {
        ProgramVector P{};
        P[static_cast<int>(k)] = 1.0;
        return step_employee(p, r, s, kBase, neutral(s, P), {}, kDay);
    };
    for (Program k : {Program::career, Program::management, Program::cohesion, Program::alignment}) {
        CHECK(with(k).engagement > s.engagement);
        CHECK(with(k).ambassadorship == Approx(s.ambassadorship).margin(1e-7));
        CHECK(with(k).customer_focus == Approx(s.customer_focus).margin(1e-7));
    }
    CHECK(with(Program::training).customer_focus > s.customer_focus);
    CHECK(with(Program::mission).ambassadorship > s.ambassadorship);
    CHECK(with(Program::recognition).ambassadorship > s.ambassadorship);
    CHECK(with(Program::process).customer_focus > s.customer_focus);                    // back office
    CHECK(with(Program::process, Role::front_line).customer_focus == Approx(s.customer_focus).margin(1e-7));
}

TEST_CASE("states decay toward the baseline and follow peers and managers", "[employees]") {
    Params p;
    EmployeeState high = at_baseline();
    high.engagement = 0.9f;
    CHECK(step_employee(p, Role::front_line, high, kBase, neutral(high), {}, kDay).engagement < 0.9f);
    const EmployeeState s = at_baseline();
    EmployeeContext ctx = neutral(s);
    ctx.peer_ambassadorship = 0.9f;
    CHECK(step_employee(p, Role::front_line, s, kBase, ctx, {}, kDay).ambassadorship > s.ambassadorship);
    ctx = neutral(s);
    ctx.manager_engagement = 0.9f;
    CHECK(step_employee(p, Role::front_line, s, kBase, ctx, {}, kDay).engagement > s.engagement);
    p.organisation.management_effectiveness = 0;
    CHECK(step_employee(p, Role::front_line, s, kBase, ctx, {}, kDay).engagement == Approx(s.engagement).margin(1e-7));
}

TEST_CASE("ambassadorship adds meaning to experience and overload takes it away", "[employees]") {
    Params p;
    EmployeeState s = at_baseline();
    s.ambassadorship = 0.8f;
    CHECK(step_employee(p, Role::back_office, s, kBase, neutral(s), {}, kDay).experience > s.experience);
    const EmployeeState b = at_baseline();
    EmployeeContext ctx = neutral(b);
    ctx.unit_load = 1.5f;
    const EmployeeState n = step_employee(p, Role::front_line, b, kBase, ctx, {}, kDay);
    CHECK(n.experience < b.experience);
    CHECK(n.ambassadorship < b.ambassadorship);  // emotional labour under overload
}

TEST_CASE("states stay in the unit interval under extreme inputs and noise", "[employees][invariant]") {
    Params p;
    const ProgramVector P{1, 1, 1, 1, 1};
    for (float v : {0.0f, 1.0f}) {
        const EmployeeState s{v, v, v, v};
        for (double z : {-50.0, 50.0}) {
            const EmployeeNoise noise{static_cast<float>(z), static_cast<float>(z), static_cast<float>(z),
                                      static_cast<float>(z)};
            EmployeeContext ctx = neutral(s, P);
            ctx.unit_load = 10.0f;
            const EmployeeState n = step_employee(p, Role::front_line, s, kBase, ctx, noise, 30.0 / 365);
            for (float x : {n.engagement, n.customer_focus, n.ambassadorship, n.experience}) {
                CHECK(x >= 0.0f);
                CHECK(x <= 1.0f);
            }
        }
    }
}

TEST_CASE("attrition hazard: base rate per role, lower when engaged", "[employees]") {
    EmployeeParams ep;
    const EmployeeState s = at_baseline();
    CHECK(attrition_hazard_per_year(ep, Role::front_line, s, kBase) == Approx(ep.attrition_front_line_per_year));
    CHECK(attrition_hazard_per_year(ep, Role::back_office, s, kBase) == Approx(ep.attrition_back_office_per_year));
    CHECK(attrition_hazard_per_year(ep, Role::manager, s, kBase) == Approx(ep.attrition_manager_per_year));
    EmployeeState engaged = s;
    engaged.engagement = 0.6f;
    CHECK(attrition_hazard_per_year(ep, Role::front_line, engaged, kBase) ==
          Approx(ep.attrition_front_line_per_year * std::exp(-ep.attrition_engagement_sensitivity * 0.1)).epsilon(1e-6));
    CHECK(event_probability(0.35, 1.0) == Approx(1 - std::exp(-0.35)));
    CHECK(event_probability(-1.0, 1.0) == 0.0);
}

TEST_CASE("capacity grows with engagement and ramps up for new hires", "[employees]") {
    Params p;
    p.encounters.capacity_per_day = 2.0;
    p.employees.new_hire_ramp_days = 60;
    CHECK(capacity_per_tick(p, 0.5f, 0.5f, 1e9, 1.0) == Approx(2.0));
    CHECK(capacity_per_tick(p, 0.7f, 0.5f, 1e9, 7.0) == Approx(2.0 * 7 * 1.2).epsilon(1e-6));
    CHECK(capacity_per_tick(p, 0.5f, 0.5f, 0.0, 1.0) == 0.0);
    CHECK(capacity_per_tick(p, 0.5f, 0.5f, 60.0, 1.0) == Approx(2.0 * (1 - std::exp(-1.0))));
}
