// The search space of `ambassim optimise`: a time-phased allocation with one
// phase every `phase_days` (a quarter by default) and, per phase, a weight in
// [0, 1] per program (or per family); the phase's budget shares are the
// weights normalised to sum 1 (all zero: equal shares). Optionally the budget
// level is a variable too. Plans are written as named custom strategies.
#pragma once

#include "models/params.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ambassim {

struct PlanSpace {
    std::vector<std::string> programs;  // program names, or "engagement"/"ambassadorship" for family shares
    std::int64_t phases = 4;
    double phase_days = 91.25;
    bool vary_budget = false;
    double budget_min = 0, budget_max = 0;
    std::size_t dims() const { return static_cast<std::size_t>(phases) * programs.size() + (vary_budget ? 1 : 0); }
};

struct Plan {
    std::vector<AllocationPhase> phases;
    double budget = 0;  // per employee per year
};

// The plan at point x of the space (shares rounded down to 1e-6, so that the
// plan written to a file is exactly the plan evaluated).
Plan decode_plan(const PlanSpace& space, const std::vector<double>& x, double default_budget);
// The point funding only variable k (a program or family) in every phase.
std::vector<double> single_program_point(const PlanSpace& space, std::size_t k, double budget_u = 0.5);
// Share of variable k in phase p of a plan.
double plan_share(const AllocationPhase& phase, const std::string& program);

// [strategies.NAME] and its [[strategies.NAME.phases]] in scenario syntax.
std::string named_strategy_toml(const std::string& name, const std::string& label, const Plan& plan,
                                const PlanSpace& space);

}  // namespace ambassim
