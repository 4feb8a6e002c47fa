// A sweep's plan: the base scenario with [sweep.set] applied, the design
// matrix (values as applied: integer keys rounded) and the scenario of every
// point, all validated before anything runs. Pure function of the sweep file
// and the base scenario text, so every shard, rank and resumed run computes
// the same plan.
#pragma once

#include "sim/scenario/scenario.hpp"
#include "sim/runs/designs.hpp"
#include "sim/scenario/assignment.hpp"
#include "sim/scenario/sweep_spec.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ambassim {

struct SweepPlan {
    SweepSpec spec;
    Scenario base;                        // base scenario + [sweep.set]
    std::vector<Scenario> bases;          // with a `base` parameter: each of its files + [sweep.set]
    std::vector<Factor> factors;          // design columns
    DesignMatrix design;                  // natural units, as applied
    std::vector<std::string> strategies;  // compared at every point
    std::int64_t replicates = 0;

    std::size_t points() const { return design.points; }
    std::int64_t runs() const { return static_cast<std::int64_t>(points() * strategies.size()) * replicates; }
    // The point's scenario: base (the point's level of a `base` parameter),
    // then a typed assignment for every other factor (their texts recorded in
    // the scenario's overrides). Validated by make_sweep_plan.
    Scenario point_scenario(std::size_t point) const;
    std::vector<Assignment> point_assignments(std::size_t point) const;
    // "key=value" of every factor at the point (a level's name for a
    // categorical factor, the file for `base`), for messages.
    std::string point_values(std::size_t point) const;
};

// Largest design a sweep accepts (points), so that a typo in `levels` is an
// error rather than a years-long job.
inline constexpr std::size_t kMaxSweepPoints = 10'000'000;

// Builds and validates the plan. Errors name the sweep file (and the point
// and its values for a point breaking a cross-field rule); InputError.
SweepPlan make_sweep_plan(const SweepSpec& spec);

// Several lines for `ambassim sweep --plan`.
std::string describe_plan(const SweepPlan& plan);

}  // namespace ambassim
