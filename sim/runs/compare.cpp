// Strategy x replicate runs with a shared warm-up per replicate (see compare.hpp).
#include "sim/runs/compare.hpp"

#include "sim/engine/engine.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/output/recorder.hpp"
#include "sim/output/series_table.hpp"
#include "sim/engine/run_arena.hpp"
#include "sim/runs/progress_thread.hpp"
#include "sim/util/memory_limit.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

namespace ambassim {
namespace {

const std::vector<std::string> kDefaultStrategies{"none", "engagement_first", "ambassadorship_first", "balanced"};

struct RunSlot {
    std::unique_ptr<Recorder> recorder;
    std::int64_t ticks_run = 0;
};

// Each replicate's market as recording started.
struct MarketStart {
    std::vector<std::int64_t> prospects, former, people, short_of_reserve;
    explicit MarketStart(std::size_t replicates)
        : prospects(replicates), former(replicates), people(replicates), short_of_reserve(replicates) {}
    void set(std::size_t r, const World& w) {
        prospects[r] = w.prospects_at_start;
        former[r] = w.former_at_start;
        people[r] = static_cast<std::int64_t>(w.customers.size());
        short_of_reserve[r] = w.market_short ? 1 : 0;
    }
};

// One replicate: build and warm up once, then run every strategy from a copy.
// With `nested`, strategies run in parallel and each run's ticks use the
// arena's threads too; without, everything runs on the calling thread (the
// caller runs replicates in parallel instead: when there are at least as many
// replicates as threads, whole runs in parallel beat per-tick parallel loops,
// whose threads otherwise wait on each other's blocks).
void run_replicate(const Scenario& sc, const std::vector<std::string>& strategies, std::size_t r,
                   std::vector<RunSlot>& slots, MarketStart& market, std::atomic<std::int64_t>& done,
                   const std::atomic<bool>* stop, bool nested) {
    auto stopped = [&] { return stop && stop->load(); };
    World base = build_world(sc.params, sc.plan.seed, r);
    const bool warmed = advance(base, base.warmup_ticks, stopped, [&](const TickStats&) { ++done; });
    market.set(r, base);
    const std::size_t R = market.prospects.size();
    auto run_strategy = [&](std::size_t s) {
        World w = base;
        set_strategy(w, params_for_strategy(sc, strategies[s]));
        RunSlot& slot = slots[s * R + r];
        slot.recorder = std::make_unique<Recorder>(w, sc.record);
        if (!warmed) return;  // stopped during the shared warm-up
        advance(w, w.warmup_ticks + sc.params.simulation.ticks, stopped, [&](const TickStats& st) {
            slot.recorder->record(st);
            ++slot.ticks_run;
            ++done;
        });
    };
    if (nested)
        tbb::parallel_for(std::size_t{0}, strategies.size(), [&](std::size_t s) {
            tbb::this_task_arena::isolate([&] { run_strategy(s); });  // keep live worlds bounded
        });
    else
        for (std::size_t s = 0; s < strategies.size(); ++s) run_strategy(s);
}

StackedSeries stack(const std::string& path, const std::vector<RunSlot>& slots, std::size_t S, std::size_t R,
                    std::int64_t T) {
    const Recorder::Series& first = slots.front().recorder->all_series().at(path);
    StackedSeries out;
    out.units = first.units;
    out.description = first.description;
    out.dims = {"strategy", "replicate"};
    out.dims.insert(out.dims.end(), first.dims.begin(), first.dims.end());
    out.shape = {S, R, static_cast<std::uint64_t>(T)};
    out.shape.insert(out.shape.end(), first.tail.begin(), first.tail.end());
    std::size_t width = 1;
    for (auto d : first.tail) width *= d;
    const std::size_t per_run = static_cast<std::size_t>(T) * width;
    out.data.assign(S * R * per_run, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t k = 0; k < slots.size(); ++k) {
        const auto& v = slots[k].recorder->all_series().at(path).data;
        std::copy(v.begin(), v.end(), out.data.begin() + static_cast<std::ptrdiff_t>(k * per_run));
    }
    return out;
}

// The comparison's data from its runs' recorders, `T` ticks per run.
ComparisonData assemble(const Scenario& sc, const std::vector<std::string>& strategies, const std::vector<RunSlot>& slots,
                        const MarketStart& market, std::int64_t T) {
    const std::size_t S = strategies.size(), R = market.prospects.size();
    ComparisonData data;
    data.strategies = strategies;
    for (const std::string& name : strategies)
        data.labels.push_back(find_named_strategy(sc, name) ? strategy_label(sc, name) : "");
    data.replicates = static_cast<std::int64_t>(R);
    data.ticks = T;
    data.dt_days = sc.params.simulation.dt_days;
    data.prospects_resolved = market.prospects;
    data.former_resolved = market.former;
    data.people = market.people;
    data.market_short = market.short_of_reserve;
    data.currency = sc.economics.currency;
    for (const auto& slot : slots) {
        data.ticks_run.push_back(slot.ticks_run);
        data.complete = data.complete && slot.ticks_run == sc.params.simulation.ticks;
    }
    for (const auto& [path, s] : slots.front().recorder->all_series()) {
        (void)s;
        if (path.rfind("/time/", 0) != 0) data.series[path] = stack(path, slots, S, R, T);
    }
    return data;
}

}  // namespace

std::vector<World> warm_up_replicates(const Scenario& sc, std::int64_t replicates, const std::atomic<bool>* stop) {
    std::vector<World> worlds(static_cast<std::size_t>(replicates));
    std::atomic<bool> stopped{false};
    tbb::parallel_for(std::size_t{0}, worlds.size(), [&](std::size_t r) {
        tbb::this_task_arena::isolate([&] {
            worlds[r] = build_world(sc.params, sc.plan.seed, r);
            if (!advance(worlds[r], worlds[r].warmup_ticks, [&] { return stop && stop->load(); }, [](const TickStats&) {}))
                stopped = true;
        });
    });
    if (stopped) worlds.clear();
    return worlds;
}

ComparisonData run_comparison_chunked(const Scenario& sc, const std::vector<std::string>& strategies,
                                      const std::vector<World>& warmed, std::int64_t every, const ChunkFn& on_chunk,
                                      const std::atomic<bool>* stop) {
    const std::size_t S = strategies.size(), R = warmed.size();
    std::vector<World> worlds;
    std::vector<RunSlot> slots(S * R);
    MarketStart market(R);
    worlds.reserve(S * R);
    for (std::size_t s = 0; s < S; ++s)
        for (std::size_t r = 0; r < R; ++r) {  // slot order as in run_replicate: s * R + r
            World w = warmed[r];
            w.params = sc.params;
            set_strategy(w, params_for_strategy(sc, strategies[s]));
            slots[s * R + r].recorder = std::make_unique<Recorder>(w, sc.record);
            market.set(r, w);
            worlds.push_back(std::move(w));
        }
    const std::int64_t T = sc.params.simulation.ticks;
    std::int64_t done = 0;
    bool interrupted = false;
    while (done < T && !interrupted) {
        const std::int64_t end = std::min(T, done + std::max<std::int64_t>(every, 1));
        std::atomic<bool> stopped{false};
        tbb::parallel_for(std::size_t{0}, worlds.size(), [&](std::size_t k) {
            tbb::this_task_arena::isolate([&] {
                World& w = worlds[k];
                RunSlot& slot = slots[k];
                if (!advance(w, w.warmup_ticks + end, [&] { return stop && stop->load(); }, [&](const TickStats& st) {
                        slot.recorder->record(st);
                        ++slot.ticks_run;
                    }))
                    stopped = true;
            });
        });
        if ((interrupted = stopped)) break;
        done = end;
        if (on_chunk && done < T) on_chunk(assemble(sc, strategies, slots, market, done));
    }
    // Stopped: runs may be a few ticks apart, so stack to the horizon (NaN after each run's last tick).
    ComparisonData data = assemble(sc, strategies, slots, market, interrupted ? T : done);
    if (on_chunk && !interrupted) on_chunk(data);
    return data;
}

std::vector<double> ComparisonData::run(const std::string& path, std::size_t strategy, std::size_t replicate) const {
    const StackedSeries& s = series.at(path);
    const std::size_t per_run = s.data.size() / (s.shape[0] * s.shape[1]);
    const auto b = s.data.begin() + static_cast<std::ptrdiff_t>((strategy * s.shape[1] + replicate) * per_run);
    return {b, b + static_cast<std::ptrdiff_t>(per_run)};
}

std::int64_t ComparisonData::width(const std::string& path) const {
    const StackedSeries& s = series.at(path);
    std::uint64_t w = 1;
    for (std::size_t i = 3; i < s.shape.size(); ++i) w *= s.shape[i];
    return static_cast<std::int64_t>(w);
}

std::vector<std::string> comparison_strategies(const Scenario& s, const std::vector<std::string>& requested) {
    if (!requested.empty()) return requested;
    if (!s.compare.strategies.empty()) return s.compare.strategies;
    std::vector<std::string> out = kDefaultStrategies;
    for (const auto& st : s.strategies) out.push_back(st.name);
    return out;
}

double comparison_series_bytes(const Scenario& sc, std::size_t strategies, std::int64_t replicates) {
    double values = 0;  // per tick of one run
    for (const SeriesDef* def : recorded_series(sc.record)) {
        if (def->path.starts_with("/time/")) continue;
        double width = 1;
        for (std::uint64_t d : series_tail(def->axes, static_cast<std::uint64_t>(sc.params.organisation.units)))
            width *= static_cast<double>(d);
        values += width;
    }
    return 3.0 * 8.0 * values * static_cast<double>(strategies) * static_cast<double>(replicates) *
           static_cast<double>(sc.params.simulation.ticks);
}

void check_comparison_memory(const Scenario& sc, std::size_t strategies, std::int64_t replicates, std::size_t concurrent,
                             const std::string& name) {
    constexpr double kFixedBytes = 64.0 * (1 << 20);  // the process and one world at least
    const double per_comparison = comparison_series_bytes(sc, strategies, replicates);
    const double bytes = kFixedBytes + per_comparison * static_cast<double>(concurrent);
    const MemoryLimit limit = memory_limit();
    if (bytes <= limit.bytes) return;
    double values = per_comparison / (3.0 * 8.0 * static_cast<double>(strategies) * static_cast<double>(replicates) *
                                      static_cast<double>(std::max<std::int64_t>(sc.params.simulation.ticks, 1)));
    const std::string where = name.empty() ? (sc.path.empty() ? std::string("<scenario>") : sc.path) : name;
    throw InputError(where + ": " + (concurrent > 1 ? std::to_string(concurrent) + " comparisons at once need" : "comparison needs") +
                     " about " + gib_text(bytes) + " of memory for the recorded series of " +
                     (concurrent > 1 ? "their" : "its") + " runs (" +
                     std::to_string(strategies) + " strategies x " + std::to_string(replicates) + " replicates x " +
                     std::to_string(sc.params.simulation.ticks) + " ticks x " +
                     std::to_string(static_cast<long long>(values + 0.5)) +
                     " values, kept until the file is written: fewer replicates, strategies or ticks, "
                     "output.unit_series = false or output.quantiles = false make it smaller" +
                     (concurrent > 1 ? ", as do fewer --threads" : "") + "); " + limit.what);
}

std::int64_t comparison_ticks(const Scenario& sc, std::size_t strategies, std::int64_t replicates) {
    const std::int64_t warmup = warmup_ticks(sc.params.simulation);
    return replicates * warmup + static_cast<std::int64_t>(strategies) * replicates * sc.params.simulation.ticks;
}

ComparisonData run_comparison_here(const Scenario& sc, const std::vector<std::string>& strategies,
                                   std::int64_t replicates, std::atomic<std::int64_t>& done,
                                   const std::atomic<bool>* stop) {
    const std::size_t S = strategies.size(), R = static_cast<std::size_t>(replicates);
    std::vector<RunSlot> slots(S * R);
    MarketStart market(R);
    const bool by_replicate = R >= static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, R, 1), [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t r = range.begin(); r != range.end(); ++r) {
            if (by_replicate) {
                tbb::task_arena single(1);  // this run's loops stay on this thread
                single.execute([&] { run_replicate(sc, strategies, r, slots, market, done, stop, false); });
            } else {
                tbb::this_task_arena::isolate([&] { run_replicate(sc, strategies, r, slots, market, done, stop, true); });
            }
        }
    });

    return assemble(sc, strategies, slots, market, sc.params.simulation.ticks);
}

ComparisonData run_comparison(const Scenario& sc, const std::vector<std::string>& strategies,
                              std::int64_t replicates, const ProgressFn& progress, const std::atomic<bool>* stop) {
    check_comparison_memory(sc, strategies.size(), replicates);  // before anything is allocated
    RunArena arena(sc.plan.threads);
    std::atomic<std::int64_t> done{0};
    const std::int64_t total = comparison_ticks(sc, strategies.size(), replicates);
    return with_progress_thread(progress, done, total, [&] {
        return arena.execute([&] { return run_comparison_here(sc, strategies, replicates, done, stop); });
    });
}

void write_comparison_runs(H5Output& out, const ComparisonData& d) {
    out.write_strings("/strategies", d.strategies, {"", "strategies compared, in order (the strategy axis)", {"strategy"}});
    out.write_strings("/strategy_labels", d.labels,
                      {"", "label of each named strategy of the scenario ([strategies.NAME] label; empty for built-ins)", {"strategy"}});
    const auto T = static_cast<std::size_t>(d.ticks);
    std::vector<std::int64_t> tick(T);
    std::vector<double> day(T);
    for (std::size_t t = 0; t < T; ++t) tick[t] = static_cast<std::int64_t>(t + 1), day[t] = static_cast<double>(t + 1) * d.dt_days;
    out.write("/time/tick", std::span<const std::int64_t>(tick), {T}, {"tick", "tick number (1-based) of the tick axis", {"tick"}});
    out.write("/time/day", day, {T}, {"days", "simulated days at the end of each tick", {"tick"}});
    out.write("/runs/ticks_run", std::span<const std::int64_t>(d.ticks_run),
              {d.strategies.size(), static_cast<std::uint64_t>(d.replicates)},
              {"ticks", "ticks each run completed (less than the horizon if interrupted)", {"strategy", "replicate"}});
    out.write("/runs/prospects_resolved", std::span<const std::int64_t>(d.prospects_resolved),
              {d.prospects_resolved.size()}, {"people", "resolved customers.prospects of each replicate", {"replicate"}});
    out.write("/runs/former_resolved", std::span<const std::int64_t>(d.former_resolved), {d.former_resolved.size()},
              {"people", "former customers at the start of each replicate (stationary market)", {"replicate"}});
    out.write("/runs/market_short", std::span<const std::int64_t>(d.market_short), {d.market_short.size()},
              {"flag", "1 if the market's reserve could not balance acquisitions and churn after the warm-up", {"replicate"}});
    for (const auto& [path, s] : d.series) out.write("/runs" + path, s.data, s.shape, {s.units, s.description, s.dims});
    const std::vector<std::string> roles(kRoleNames.begin(), kRoleNames.end());
    out.write_strings("/runs/employees/role_names", roles, {"", "labels of the role axis", {"role"}});
    const std::vector<std::string> programs(kProgramNames.begin(), kProgramNames.end());
    out.write_strings("/runs/programs/program_names", programs, {"", "labels of the program axis", {"program"}});
    const std::vector<std::string> families(kFamilyNames.begin(), kFamilyNames.end());
    out.write_strings("/runs/programs/family_names", families, {"", "labels of the family axis", {"family"}});
    const std::vector<double> levels(kQuantiles.begin(), kQuantiles.end());
    out.write("/time/quantile_levels", levels, {levels.size()}, {"1", "levels of every quantile axis", {"quantile"}});
}

}  // namespace ambassim
