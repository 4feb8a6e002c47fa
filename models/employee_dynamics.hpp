// Employee submodels: drift of engagement, customer focus, ambassadorship and
// experience; attrition hazard; service capacity. Pure functions of the
// employee's state, its neighbourhood, its unit and the program pressures;
// random normal draws are passed in by the engine. Equations: docs/model.md.
#pragma once

#include "models/agents.hpp"
#include "models/params.hpp"
#include "models/programs.hpp"

#include <algorithm>
#include <cmath>

namespace ambassim {

// Baselines an employee's state returns to: the parameter means shifted by
// the unit's culture offset.
struct Baseline {
    float engagement, customer_focus, ambassadorship, experience;
};

// What an employee sees of the rest of the world this tick.
struct EmployeeContext {
    float peer_engagement, peer_focus, peer_ambassadorship;  // neighbour means (own value if isolated)
    float manager_engagement, manager_ambassadorship;       // own values for managers
    float unit_load;                                         // unit demand / capacity this tick
    float unit_satisfaction_gap;                             // unit mean satisfaction - baseline
    const ProgramVector* pressure;
};

struct EmployeeNoise {
    float engagement, focus, ambassadorship, experience;  // standard normal draws
};

struct EmployeeState {
    float engagement, customer_focus, ambassadorship, experience;
};

inline float clamp01(double v) { return static_cast<float>(std::clamp(v, 0.0, 1.0)); }

// One Euler step of length dt_years (rates per year; noise scaled by sqrt(dt)).
inline EmployeeState step_employee(const Params& p, Role role, const EmployeeState& s, const Baseline& base,
                                   const EmployeeContext& ctx, const EmployeeNoise& z, double dt_years) {
    const auto& ep = p.employees;
    const auto& g = p.programs;
    const auto& P = *ctx.pressure;
    const double meff = p.organisation.management_effectiveness * ep.manager_influence_per_year;
    const double e = s.engagement, c = s.customer_focus, a = s.ambassadorship, x = s.experience;
    const double sd = ep.noise_sd_per_sqrt_year * std::sqrt(dt_years);
    const double overload = std::max(0.0, static_cast<double>(ctx.unit_load) - 1.0);

    // Every engagement-family program acts on engagement (named, as below: this runs per employee and tick).
    const double engagement_push =
        g.career.gain_per_year * P[index(Program::career)] + g.management.gain_per_year * P[index(Program::management)] +
        g.cohesion.gain_per_year * P[index(Program::cohesion)] + g.alignment.gain_per_year * P[index(Program::alignment)];
    const double de = engagement_push * (1 - e) +
                      ep.peer_influence_per_year * (ctx.peer_engagement - e) +
                      meff * (ctx.manager_engagement - e) -
                      ep.engagement_decay_per_year * (e - base.engagement) +
                      ep.experience_to_engagement_per_year * (x - base.experience);

    // Process redesign changes how the back office and managers work; the
    // front line inherits it as the unit's process quality (docs/model.md 7.1).
    const bool shapes_process = role != Role::front_line;
    const double dc = g.training.gain_per_year * P[index(Program::training)] * (1 - c) +
                      (shapes_process ? g.process.gain_per_year * P[index(Program::process)] * (1 - c) : 0.0) +
                      ep.peer_influence_per_year * (ctx.peer_focus - c) -
                      ep.customer_focus_decay_per_year * (c - base.customer_focus);

    // Emotional labour: sustained ambassadorship erodes under overload or
    // when engagement falls below its baseline (front line only).
    // Recognition reinforces ambassadorial behaviour that is already there:
    // 4a(1-a) is 0 without it, 1 at a = 0.5 (docs/model.md 7.1).
    const double strain = role == Role::front_line ? overload + std::max(0.0, base.engagement - e) : 0.0;
    const double da = g.mission.gain_per_year * P[index(Program::mission)] * (1 - a) +
                      g.recognition.gain_per_year * P[index(Program::recognition)] * 4 * a * (1 - a) +
                      ep.peer_influence_per_year * (ctx.peer_ambassadorship - a) +
                      meff * (ctx.manager_ambassadorship - a) -
                      ep.ambassadorship_decay_per_year * (a - base.ambassadorship) -
                      ep.emotional_labour_per_year * a * strain;

    // Experience tracks a target: meaning from ambassadorial work, engagement,
    // the unit's customers doing well (felt more by ambassadors), minus overload.
    const double amb_ratio = base.ambassadorship > 0 ? a / base.ambassadorship : 1.0;
    const double x_target = base.experience + ep.experience_meaning_weight * (a - base.ambassadorship) +
                            ep.experience_engagement_weight * (e - base.engagement) +
                            ep.experience_customer_weight * ctx.unit_satisfaction_gap * amb_ratio -
                            ep.experience_workload_weight * overload;
    const double dx = ep.experience_adjust_per_year * (std::clamp(x_target, 0.0, 1.0) - x);

    return {clamp01(e + de * dt_years + sd * z.engagement), clamp01(c + dc * dt_years + sd * z.focus),
            clamp01(a + da * dt_years + sd * z.ambassadorship), clamp01(x + dx * dt_years + sd * z.experience)};
}

// Quit hazard per year: the role's base rate, lower with engagement and
// experience above baseline (log-linear).
inline double attrition_hazard_per_year(const EmployeeParams& ep, Role role, const EmployeeState& s,
                                        const Baseline& base) {
    const double h0 = role == Role::front_line    ? ep.attrition_front_line_per_year
                      : role == Role::back_office ? ep.attrition_back_office_per_year
                                                  : ep.attrition_manager_per_year;
    return h0 * std::exp(-ep.attrition_engagement_sensitivity * (s.engagement - base.engagement) -
                         ep.attrition_experience_sensitivity * (s.experience - base.experience));
}

// Lowenstein's survey classes on the commitment index (commitment to the
// company, to the value proposition, to customers: engagement, ambassadorship,
// customer focus). A measurement only: nothing in the dynamics reads it.
enum class SurveyClass { saboteur, neutral, ambassador };
inline double commitment_index(const EmployeeState& s) {
    return (static_cast<double>(s.engagement) + s.customer_focus + s.ambassadorship) / 3.0;
}
inline SurveyClass survey_class(const EmployeeParams& ep, const EmployeeState& s) {
    const double c = commitment_index(s);
    return c >= ep.ambassador_threshold ? SurveyClass::ambassador
           : c < ep.saboteur_threshold  ? SurveyClass::saboteur
                                        : SurveyClass::neutral;
}

// Encounters per tick a front-line employee can handle: more with engagement,
// less while a new hire ramps up.
inline double capacity_per_tick(const Params& p, float engagement, float base_engagement, double tenure_days,
                                double dt_days) {
    const auto& n = p.encounters;
    const double effort = std::max(0.0, 1.0 + n.capacity_engagement_sensitivity * (engagement - base_engagement));
    const double ramp_days = p.employees.new_hire_ramp_days;
    const double ramp = ramp_days > 0 ? 1.0 - std::exp(-std::max(0.0, tenure_days) / ramp_days) : 1.0;
    return n.capacity_per_day * dt_days * effort * ramp;
}

// Probability of an event with hazard h (per year) within dt_years.
inline double event_probability(double hazard_per_year, double dt_years) {
    return -std::expm1(-std::max(0.0, hazard_per_year) * dt_years);
}

}  // namespace ambassim
