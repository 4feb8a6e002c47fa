// Strategies and interventions: how a strategy splits the program budget over
// time, and how spending turns into program "pressure" on employees, with
// diminishing returns (saturating, per family or per program) and a
// first-order lag per program.
#pragma once

#include "models/params.hpp"

#include <array>

namespace ambassim {

// The programs, engagement family first. Indices into every ProgramVector.
enum class Program : int {
    career = 0, management = 1, cohesion = 2, alignment = 3,  // engagement family
    training = 4, mission = 5, process = 6, recognition = 7   // ambassadorship family
};
inline constexpr int kPrograms = 8;
inline constexpr std::array<const char*, kPrograms> kProgramNames{
    "career", "management", "cohesion", "alignment", "training", "mission", "process", "recognition"};
using ProgramVector = std::array<double, kPrograms>;

enum class Family : int { engagement = 0, ambassadorship = 1 };
inline constexpr int kFamilies = 2;
inline constexpr std::array<const char*, kFamilies> kFamilyNames{"engagement", "ambassadorship"};
inline constexpr Family family_of(int program) { return program < 4 ? Family::engagement : Family::ambassadorship; }
inline constexpr int index(Program p) { return static_cast<int>(p); }

// The parameters of program k, in ProgramVector order.
const ProgramSpec& program_spec(const ProgramParams& g, int k);

// The shares (sum 1) in which a family's allocation is spread over its programs.
ProgramVector family_split(const ProgramParams& g, Family f);

// The day the *_first strategies switch family: strategy.switch_day, or half
// the recorded horizon when it is -1 (so both families get the same money).
double switch_day(const Params& p);

// The budget shares (sum <= 1) a strategy allocates on `day`.
// Built-ins: none (nothing), engagement_only, ambassadorship_only (the whole
// budget on one family, spread by programs.*_share), balanced (half each),
// engagement_first and ambassadorship_first (the first family until the
// switch day, then only the second), custom (strategy.phases).
ProgramVector allocation_on_day(const Params& p, StrategyKind strategy, double day);

// The extra front-line staff (share of the front-line head count) a strategy
// hires on `day`: the active custom phase's extra_front_line; 0 for the
// built-ins (models/staffing.hpp).
double extra_front_line_on_day(const Params& p, StrategyKind strategy, double day);

// The mean shares over the tick [day, day + dt_days): a switch of family or
// a custom phase that falls inside the tick counts for the part of the tick
// on each side of it, so the money follows the switch day exactly (at an odd
// tick count both *_first strategies spend the same on each family).
ProgramVector allocation_over_tick(const Params& p, StrategyKind strategy, double day, double dt_days);

// The shares of one custom phase: its per-program shares plus its family
// shares spread over their programs.
ProgramVector phase_shares(const ProgramParams& g, const AllocationPhase& phase);

// Target pressures (in [0,1]) for a spend rate per program (currency per
// employee per year). Saturation per program: 1 - exp(-s_k / sat_k). Per
// family: the family's spend in saturation units x_F = sum_k s_k / sat_k
// gives the family's total 1 - exp(-x_F), shared by its programs in
// proportion to s_k / sat_k, so equal money buys equal total pressure
// whatever the number of programs it is split over.
ProgramVector target_pressure(const ProgramParams& g, SaturationScope scope, const ProgramVector& spend);

// Program pressures after one tick: each approaches its target with time
// constant lag_days (exactly, for the piecewise-constant spend of a tick).
ProgramVector update_pressure(const ProgramParams& p, SaturationScope scope, const ProgramVector& pressure,
                              const ProgramVector& shares, double dt_days);

// Spend rate per program in currency per employee per year.
ProgramVector spend_per_employee_per_year(const ProgramParams& p, const ProgramVector& shares);

// Sum of a vector over the programs of one family.
double family_total(const ProgramVector& v, Family f);

}  // namespace ambassim
