// Strategy comparison statistics: for every outcome and metric, a 95%
// interval per strategy and the paired difference of every pair of
// strategies (replicate r of both used the same random numbers), with effect
// size, crossover day and a plain-language verdict that never claims a
// difference whose interval spans zero.
#pragma once

#include "analysis/compare/outcomes.hpp"
#include "analysis/stats/statistics.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ambassim {

class H5Output;

struct MetricSummary {
    std::size_t outcome;                        // index into outcomes()
    std::string metric;                         // horizon | average | total
    std::vector<std::vector<double>> values;    // [strategy][replicate]
    std::vector<Estimate> per_strategy;         // [strategy]
    // [a][b]: a - b; diagonal is zero.
    std::vector<std::vector<PairedDifference>> differences;
};

struct PairVerdict {
    std::size_t outcome;
    std::string metric;
    std::size_t metric_index;             // into ComparisonSummary::metrics
    std::size_t a, b;
    // First day from which the winner of a clear difference is strictly ahead
    // to the horizon (mean paired-difference trajectory). Set exactly when the
    // sentence states it: a clear difference in a horizon or total metric whose
    // trajectory ends with the same leader; nullopt otherwise (ties at the end,
    // "no clear difference", mean-over-run metrics).
    std::optional<double> crossover_day;
    bool a_leads_at_end = false;
    bool never_behind = false;            // the leader was never strictly behind (level before crossover_day)
    bool from_start = false;              // ... and strictly ahead from the first tick
    std::string sentence;
};

// The mean paired difference a - b over time with its 95% band (replicate r
// of a minus replicate r of b, tick by tick).
struct PairTrajectory {
    std::size_t outcome, a, b;
    std::vector<Estimate> difference;  // [tick]
};

struct ComparisonSummary {
    std::vector<std::string> strategies;
    std::int64_t replicates = 0, ticks = 0;
    double dt_days = 1;
    std::string currency;  // economics.currency ("" = currency units)
    std::vector<std::string> labels;  // [strategy]: named strategies' labels ("" for built-ins; empty: none)
    std::vector<MetricSummary> metrics;
    std::vector<PairVerdict> verdicts;           // every pair, every outcome and metric
    // Mean trajectory and 95% band per outcome: [outcome][strategy][tick].
    std::vector<std::vector<std::vector<Estimate>>> trajectories;
    // For the headline outcomes (headline_aspects()), every pair a < b.
    std::vector<PairTrajectory> paired_trajectories;
    double horizon_day() const { return static_cast<double>(ticks) * dt_days; }
};

ComparisonSummary summarise_comparison(const ComparisonData& data);

// The verdict sentence for one pair (exposed for tests).
std::string verdict_sentence(const Outcome& o, const std::string& metric, const std::string& a,
                             const std::string& b, const PairedDifference& d, double horizon_day,
                             std::optional<double> crossover_day, bool never_behind, bool from_start,
                             const std::string& currency = "");

// How `compare` prints a comparison.
enum class VerdictSet { headline, all, none };
struct PrintOptions {
    // Terminal columns the table must fit (blocks of strategy columns with
    // "mean ± CI half-width" cells); 0 = plain layout for files and pipes (one
    // block, "mean [low, high]" cells, no width limit).
    std::size_t width = 0;
    VerdictSet verdicts = VerdictSet::headline;
};
// The bottom line, the table of every outcome (mean and 95% CI per strategy)
// and the chosen verdicts.
std::string format_comparison(const ComparisonSummary& s, const PrintOptions& options = {});
// <stem>.strategies.csv and <stem>.differences.csv beside `h5_path`.
std::vector<std::filesystem::path> comparison_csv_paths(const std::filesystem::path& h5_path);
// Writes them (refusing to overwrite unless force; written to a temporary
// name and renamed); returns their paths.
std::vector<std::filesystem::path> write_comparison_csv(const ComparisonSummary& s, const std::filesystem::path& h5_path,
                                                        bool force);
// /summary/... datasets (documented in docs/hdf5-format.md).
void write_comparison_summary(H5Output& out, const ComparisonSummary& s);

}  // namespace ambassim
