// Strategies and interventions: how a strategy splits the program budget over
// time, and how spending turns into program "pressure" on employees, with
// diminishing returns (saturating) and a first-order lag per program.
#pragma once

#include "models/params.hpp"

#include <array>

namespace ambassim {

enum class Program : int { engagement = 0, training = 1, mission = 2, process = 3, recognition = 4 };
inline constexpr int kPrograms = 5;
inline constexpr std::array<const char*, kPrograms> kProgramNames{"engagement", "training", "mission", "process",
                                                                 "recognition"};
using ProgramVector = std::array<double, kPrograms>;

// The budget shares (sum <= 1) a strategy allocates on `day`.
// Built-ins: none (nothing), engagement_only, ambassadorship_only (split by
// programs.ambassadorship_*_share), balanced (half each), engagement_first
// and ambassadorship_first (one family until strategy.switch_day, then the
// other: the same money over a horizon of 2*switch_day, in opposite order),
// custom (strategy.phases).
ProgramVector allocation_on_day(const Params& p, StrategyKind strategy, double day);

// Program pressures in [0,1] after one tick: u = 1 - exp(-spend / saturation)
// is the target, approached with time constant lag_days (exactly, for the
// piecewise-constant spend of a tick).
ProgramVector update_pressure(const ProgramParams& p, const ProgramVector& pressure, const ProgramVector& shares,
                              double dt_days);

// Spend rate per program in currency per employee per year.
ProgramVector spend_per_employee_per_year(const ProgramParams& p, const ProgramVector& shares);

}  // namespace ambassim
