// The validation suite's checks (issue #7): which scenario each reads, which
// figure it measures and the published reference and pass range it is held
// to. One Measurement per figure and seed; `ambassim validate` prints them,
// writes them as a table and fails if any is outside its range. The figures
// themselves are computed in validation_figures.hpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace ambassim::validation {

struct Measurement {
    std::string check;     // group: bass, world, link, behaviour
    std::string figure;    // id, e.g. "bass.max_deviation"
    std::string label;     // what is measured, in words
    std::int64_t seed = 0;
    double measured = 0;
    double reference = 0;  // the published (or closed-form) value; NaN if only a range is published
    double lo = 0, hi = 0; // pass range (inclusive)
    std::string source;    // where the reference comes from
    std::string note;      // extra figures behind the measurement
    // A figure of the world as a whole (group "world": a typical company held
    // to an industry range) is judged on its mean over the seeds, row seed 0;
    // each seed is one company drawn from the model's companies (unit
    // cultures, markets), so a single seed may lie outside a range that
    // describes typical companies. Its per-seed rows are shown, not judged.
    bool over_seeds = false;
    bool judged() const { return !over_seeds || seed == 0; }
    bool in_range() const { return measured >= lo && measured <= hi; }  // NaN is outside
    bool pass() const { return !judged() || in_range(); }
    // "PASS" or "FAIL" when judged, else "SEED" (shown per seed).
    const char* status() const { return !judged() ? "SEED" : in_range() ? "PASS" : "FAIL"; }
};

// Stems of the scenarios in scenarios/validation/ the checks read, in run order.
const std::vector<std::string>& validation_scenarios();

// Every measurement of one seed; `run_file(stem)` is the run file of that
// scenario for this seed.
using RunFileFn = std::function<std::filesystem::path(const std::string& stem)>;
std::vector<Measurement> measure_seed(const RunFileFn& run_file, std::int64_t seed);

// Appends, for every figure whose per-seed rows are over_seeds (measure_seed
// marks the "world" figures), one row with seed 0 and the mean of its seeds.
void judge_over_seeds(std::vector<Measurement>& all);

// "figure (seed S): measured X vs reference Y [lo, hi] PASS" (one line, no
// newline; "mean of seeds" for seed 0, and SEED for a per-seed row shown only).
std::string format_measurement(const Measurement& m);
// Tab-separated table with a header line (read by analysis/scripts/validation_report.py).
void write_table(std::ostream& out, const std::vector<Measurement>& ms);

}  // namespace ambassim::validation
