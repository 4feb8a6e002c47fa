// Runs a strategy comparison: every strategy x replicate of one scenario, in
// parallel across runs (and within runs). Replicate r of every strategy uses
// seed (plan.seed) and replicate number r, so all strategies of a replicate
// share the initial world, the warm-up (which ignores the strategy) and every
// random number the strategy does not change: common random numbers. The
// warm-up is therefore computed once per replicate and copied.
#pragma once

#include "sim/runs/runner.hpp"
#include "sim/scenario/scenario.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ambassim {

class H5Output;
struct World;

// Trajectories of every run, stacked: data is [strategy][replicate][tick][tail...].
struct StackedSeries {
    std::string units, description;
    std::vector<std::string> dims;     // "strategy", "replicate", "tick", then the tail labels
    std::vector<std::uint64_t> shape;  // S, R, T, tail...
    std::vector<double> data;          // NaN for ticks a stopped run did not reach
};

struct ComparisonData {
    std::vector<std::string> strategies;
    std::int64_t replicates = 0;
    std::int64_t ticks = 0;                   // horizon (recorded ticks per run)
    double dt_days = 1;
    std::vector<std::int64_t> ticks_run;      // [strategy][replicate]
    bool complete = true;
    std::vector<std::int64_t> prospects_resolved;  // [replicate]
    std::vector<std::int64_t> former_resolved;     // [replicate]
    std::vector<std::int64_t> people;              // [replicate]: person slots of the world
    std::vector<std::int64_t> market_short;        // [replicate]: 1 if the market could not be balanced
    std::map<std::string, StackedSeries> series;  // by run-file path, e.g. "/customers/active"
    std::string currency;                          // economics.currency: names money in sentences
    std::vector<std::string> labels;               // [strategy]: a named strategy's label, "" for built-ins

    // Values of one run's trajectory (T x width, row-major).
    std::vector<double> run(const std::string& path, std::size_t strategy, std::size_t replicate) const;
    std::int64_t width(const std::string& path) const;  // product of the tail dimensions
};

// A comparison file's runs as they were compared (InputError if `file` is not
// a comparison file or its runs do not have the documented shapes).
ComparisonData read_comparison_data(const std::filesystem::path& file);

// The strategies and replicates of a comparison: `strategies`/`replicates`
// if given (non-empty / > 0), else the scenario's [compare] section, else the
// four built-in comparators none, engagement_first, ambassadorship_first,
// balanced followed by the scenario's named strategies ([strategies.NAME]).
std::vector<std::string> comparison_strategies(const Scenario& s, const std::vector<std::string>& requested);

ComparisonData run_comparison(const Scenario& scenario, const std::vector<std::string>& strategies,
                              std::int64_t replicates, const ProgressFn& progress = {},
                              const std::atomic<bool>* stop = nullptr);

// The same inside the caller's TBB arena, for sweeps that run many
// comparisons in parallel in one arena (nested parallel loops, no extra
// threads): no progress thread; `ticks_done` counts the ticks stepped.
ComparisonData run_comparison_here(const Scenario& scenario, const std::vector<std::string>& strategies,
                                   std::int64_t replicates, std::atomic<std::int64_t>& ticks_done,
                                   const std::atomic<bool>* stop = nullptr);
// Memory of a comparison's recorded series, which the scenario's own check
// (one run) does not see: every run's recorder keeps its series until the
// end (vectors grown geometrically: up to twice the values) and the stacked
// copy holds them once more, so 3 x 8 bytes x strategies x replicates x ticks
// x values per tick (measured: 206 MiB of series, peak 494 MiB in all).
double comparison_series_bytes(const Scenario& scenario, std::size_t strategies, std::int64_t replicates);
// Refuses (InputError naming the scenario, the sizes and the limit, exit 2)
// a comparison whose series, `concurrent` comparisons at once (a sweep's
// points in flight), need more than the memory limit (sim/util/memory_limit.hpp).
// run_comparison calls it; sweeps call it with their concurrency.
void check_comparison_memory(const Scenario& scenario, std::size_t strategies, std::int64_t replicates,
                             std::size_t concurrent = 1, const std::string& name = "");
// Ticks a comparison steps: warm-ups (once per replicate) plus every run.
std::int64_t comparison_ticks(const Scenario& scenario, std::size_t strategies, std::int64_t replicates);

// Live comparisons (the classroom server, sim/serve): the warm-up of each
// replicate computed once and reused by every comparison of the same world,
// and the runs advanced in lockstep so partial results cover every strategy.
//
// One warmed-up world per replicate (seed plan.seed, replicate r), run in the
// caller's arena; empty if stopped. The warm-up runs under `none`, so it does
// not depend on the [strategy] and [programs] parameters nor on the horizon.
std::vector<World> warm_up_replicates(const Scenario& scenario, std::int64_t replicates,
                                      const std::atomic<bool>* stop = nullptr);
// Runs `strategies` from copies of `warmed` (given scenario.params in place of
// the warmed worlds' own, which may differ only where the warm-up does not
// depend on them) in chunks of `every` ticks, all runs in parallel in the
// caller's arena. After each chunk calls on_chunk with the data so far (ticks
// = ticks run). Returns the data of the last chunk run: equal to
// run_comparison's when not stopped. Keeps every run's world alive at once:
// for small worlds.
using ChunkFn = std::function<void(const ComparisonData&)>;
ComparisonData run_comparison_chunked(const Scenario& scenario, const std::vector<std::string>& strategies,
                                      const std::vector<World>& warmed, std::int64_t every, const ChunkFn& on_chunk,
                                      const std::atomic<bool>* stop = nullptr);

// Writes /strategies, /time and /runs/... (every stacked trajectory).
void write_comparison_runs(H5Output& out, const ComparisonData& data);

}  // namespace ambassim
