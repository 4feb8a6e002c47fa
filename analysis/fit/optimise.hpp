// Plan optimisation (docs/calibration.md, "Optimising a plan"): searches the
// time-phased allocations of a PlanSpace for the best value of one objective
// (or the Pareto front of two), each plan evaluated on the same warmed-up
// replicates (common random numbers, the warm-up computed once: it runs under
// `none` and does not depend on the plan). Robust mode evaluates each plan on
// several parameter samples (drawn from ranges) and optimises the mean or the
// worst case. The best plans are then compared with every built-in strategy on
// fresh replicates never used in the search.
#pragma once

#include "analysis/fit/objective.hpp"
#include "analysis/fit/plan.hpp"
#include "analysis/fit/targets.hpp"
#include "analysis/stats/statistics.hpp"
#include "sim/scenario/scenario.hpp"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace ambassim {

struct OptimiseSettings {
    std::vector<Objective> objectives;  // one, or two for a Pareto front
    PlanSpace space;
    std::int64_t replicates = 4;        // per evaluation (per sample in robust mode)
    std::int64_t evaluations = 200;     // search budget
    std::int64_t test_replicates = 10;  // fresh replicates of the out-of-sample comparison
    std::vector<FreeParameter> uncertain;  // robust mode: ranges sampled (Halton)
    std::string uncertain_path;            // the file they were read from, for messages
    std::int64_t samples = 4;
    bool worst_case = false;            // robust: optimise the worst sample, else the mean
};

struct EvaluatedPlan {
    std::vector<double> x;
    std::vector<double> values;  // per objective (mean over replicates; mean or worst over samples)
};

struct OptimisedPlan {
    std::string name, label;
    Plan plan;
    std::vector<double> values;  // in the search
};

// Out of sample, per plan and built-in: paired difference plan - built-in on each objective.
struct OutOfSampleRow {
    std::string plan, builtin;
    std::size_t objective = 0;
    PairedDifference diff;
};

struct OptimiseResult {
    std::vector<EvaluatedPlan> history;   // every search evaluation, in order
    std::vector<double> best_so_far;      // single objective: best value after each evaluation
    std::vector<std::size_t> front;       // two objectives: indices of non-dominated evaluations
    std::vector<OptimisedPlan> plans;
    std::vector<std::string> builtins;
    std::vector<OutOfSampleRow> out_of_sample;
    std::vector<std::vector<Estimate>> plan_test_values;  // [plan][objective] on the fresh replicates
    std::string algorithm;
    // Whether plan p beats every built-in on objective 0 with a CI excluding zero.
    bool beats_all(const std::string& plan) const;
};

struct OptimiseProgress {
    std::int64_t done = 0, total = 0;
    double best = 0;
    // After the search: the out-of-sample check, `checked` of `to_check`
    // strategy runs sets done (the built-ins, then each plan).
    bool out_of_sample = false;
    std::int64_t checked = 0, to_check = 0;
};
using OptimiseProgressFn = std::function<void(const OptimiseProgress&)>;

// Whether objective values `a` are at least as good as `b` on every
// objective (maximised) and better on one; rounding-level differences tie.
bool pareto_dominates(const std::vector<double>& a, const std::vector<double>& b);

// The built-in strategies an optimised plan is compared with.
const std::vector<std::string>& builtin_strategies();

// Runs the search and the out-of-sample comparison; empty result when *stop becomes true.
OptimiseResult optimise_plan(const Scenario& scenario, const OptimiseSettings& settings,
                             const OptimiseProgressFn& progress = {}, const std::atomic<bool>* stop = nullptr);

}  // namespace ambassim
