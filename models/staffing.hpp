// The capacity lever: extra front-line staff hired by a strategy phase
// (AllocationPhase::extra_front_line, a share of the front-line head count).
// New staff are not productive at once: the effective extra share relaxes
// toward the phase's share with the new-hire ramp time constant
// (employees.new_hire_ramp_days), in closed form per tick so neither the
// capacity it adds nor what it costs depends on the tick length. It applies
// to the front line whatever the programmes are: it favours neither family.
// Equations: docs/model.md 7.10.
#pragma once

#include <cmath>

namespace ambassim {

// The effective extra share at the end of a tick and its mean over the tick,
// for a share `share` at the tick's start and the phase's share `target`.
struct ExtraStaffStep {
    double share;       // at the end of the tick
    double mean_share;  // time average over the tick: what capacity and cost use
};

inline ExtraStaffStep step_extra_front_line(double share, double target, double ramp_days, double dt_days) {
    if (!(ramp_days > 0) || !(dt_days > 0)) return {target, target};
    const double x = dt_days / ramp_days;
    const double gap = share - target;
    return {target + gap * std::exp(-x), target + gap * (-std::expm1(-x) / x)};
}

// Front-line capacity multiplier for a mean extra share over the tick.
inline double extra_capacity_factor(double mean_share) { return 1.0 + mean_share; }

// Cost of the extra staff during one tick (currency): the cost of a
// front-line employee per year x the mean extra share x the front-line head
// count x the tick's share of a year.
inline double extra_staff_cost(double cost_per_year, double mean_share, double front_line, double dt_days) {
    return cost_per_year * mean_share * front_line * dt_days / 365.0;
}

}  // namespace ambassim
