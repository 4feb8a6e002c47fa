// A merged sweep file (sweep.h5, docs/sweep-format.md) read into memory for
// `ambassim analyze`, and the analysis targets derived from it: for every
// outcome metric, each strategy's replicate mean at every point and, for
// every pair of strategies a < b, the replicate mean of the paired
// difference a - b (replicates share random numbers, so pairing removes
// most of the noise).
#pragma once

#include "sim/runs/designs.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ambassim {

// One /outcomes/<outcome>/<metric> dataset.
struct SweepMetric {
    std::string outcome;  // e.g. "nps"
    std::string metric;   // horizon | average | total
    bool higher_is_better = true;
    std::vector<double> values;  // [point][strategy][replicate], row-major
};

struct SweepData {
    std::filesystem::path path;
    std::string design;  // grid | latin_hypercube | saltelli | morris
    std::size_t points = 0, replicates = 0;
    std::size_t saltelli_base_samples = 0;                   // saltelli only
    std::size_t morris_levels = 0, morris_trajectories = 0;  // morris only
    // Rebuilt from /design/factors, lower, upper, scale; a `values` factor
    // gets the distinct values of its matrix column, sorted.
    std::vector<Factor> factors;
    DesignMatrix matrix;  // [point][factor], natural units
    // [factor]: the key set to 1 - value (`complement` in the sweep file the
    // root attribute sweep_text holds), "" if none or unknown.
    std::vector<std::string> complements;
    std::vector<std::string> strategies;
    std::vector<SweepMetric> metrics;  // sorted by outcome, then metric

    double value(const SweepMetric& m, std::size_t point, std::size_t strategy, std::size_t replicate) const {
        return m.values[(point * strategies.size() + strategy) * replicates + replicate];
    }
    // The replicates of one strategy at one point.
    std::vector<double> replicate_values(const SweepMetric& m, std::size_t point, std::size_t strategy) const;
};

// Reads and checks a sweep file. Throws InputError (exit 2) if the file is
// missing, not HDF5, not a sweep file ("`X` is not a sweep file (format
// attribute is `...`)") or inconsistent (shapes, design sizes); OutputError
// for read failures of a file that looked right.
SweepData read_sweep(const std::filesystem::path& path);

// An analysis target: a per-point series derived from one metric.
struct SweepTarget {
    std::size_t metric = 0;    // index into SweepData::metrics
    bool difference = false;   // false: strategy a's mean; true: mean of a - b
    std::size_t a = 0, b = 0;  // strategy indices (b unused unless difference)
    std::vector<double> values;  // [point]
};

// Every strategy, then every pair a < b, for every metric in file order.
std::vector<SweepTarget> sweep_targets(const SweepData& d);
// "nps/horizon engagement_first" or "nps/horizon engagement_first - none".
std::string target_label(const SweepData& d, const SweepTarget& t);

}  // namespace ambassim
