// The outcomes a strategy comparison reports, each derived from a run's
// recorded trajectories: stocks (customers, NPS, bond, employee states) are
// reported at the horizon and as a time average; flows (churn, acquisitions,
// revenue, quits) are accumulated and reported as totals.
#pragma once

#include "sim/runs/compare.hpp"

#include <string>
#include <vector>

namespace ambassim {

enum class OutcomeKind { stock, flow };

// How an outcome's trajectory is derived from the recorded series it names
// (paths of the series table, sim/output/series_table.hpp).
enum class Derivation {
    value,             // series[0] as recorded
    cumulated,         // running sum of series[0] (a per-tick flow)
    percent_of,        // 100 * series[0] / series[1]
    difference,        // series[0] - series[1]
    role_weighted,     // head-count-weighted mean over the role axis of series[0] (weights: series[1])
    role_sum_cumulated, // running sum of the row sums of series[0] over the role axis
    column              // column `column` of a two-dimensional series[0]
};

struct Outcome {
    std::string name;    // identifier used in files, e.g. "active_customers"
    std::string label;   // for sentences, e.g. "active customers"
    std::string units;
    OutcomeKind kind;
    bool relative;       // verdicts in % of the other strategy (else in units)
    bool higher_is_better = true;  // false: churn, quits (the verdict's subject is the lower one)
    Derivation derivation = Derivation::value;
    std::vector<std::string> series = {};  // the recorded series it reads
    int column = 0;                        // for Derivation::column
    bool judged = true;                    // false: reported (spend), but no verdicts
};

// Every outcome, in report order.
const std::vector<Outcome>& outcomes();
// The index of the outcome named `name` in outcomes(); throws std::out_of_range.
std::size_t outcome_index(const std::string& name);

// What a strategist decides on (the bottom line), in order: an aspect's label,
// the outcome that measures it and its metric.
struct HeadlineAspect {
    std::string label;    // "Loyalty"
    std::string outcome;  // "active_customers"
    std::string metric;   // "horizon" | "total"
    std::string winner;   // what the winner does: "keeps the most customers"
};
const std::vector<HeadlineAspect>& headline_aspects();
// The outcome's trajectory (one value per tick) for one run; flows cumulated.
std::vector<double> outcome_trajectory(const ComparisonData& d, const Outcome& o, std::size_t strategy,
                                       std::size_t replicate);
// Metric names of an outcome: {"horizon", "average"} for stocks, {"total"} for flows.
std::vector<std::string> outcome_metrics(const Outcome& o);
// A metric's value from a trajectory.
double metric_value(const std::vector<double>& trajectory, const std::string& metric);

}  // namespace ambassim
