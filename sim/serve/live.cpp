// Live classroom comparisons (see live.hpp).
#include "sim/serve/live.hpp"

#include "sim/serve/json.hpp"

#include "analysis/compare/comparison.hpp"
#include "sim/engine/world.hpp"
#include "sim/runs/compare.hpp"
#include "sim/scenario/assignment.hpp"
#include "sim/scenario/key_registry.hpp"

#include <tbb/task_arena.h>

#include <chrono>
#include <cmath>

namespace ambassim::serve {
namespace {

bool world_key(const std::string& key) {
    for (const char* prefix : {"strategy.", "programs.", "compare.", "output.", "run."})
        if (key.rfind(prefix, 0) == 0) return key == "run.seed";
    return key != "simulation.ticks";
}

// The page's outcomes, in display order.
const std::vector<std::string> kShown{"active_customers", "nps", "referral_acquisitions", "net_revenue",
                                      "ambassadorship", "engagement", "experience", "employee_quits"};

// The verdict sentence of outcome o (horizon value of a stock, total of a
// flow) for strategy 0 vs 1, with the page's strategy labels.
std::string reading(const ComparisonSummary& s, std::size_t o) {
    const Outcome& out = outcomes()[o];
    const std::string metric = out.kind == OutcomeKind::stock ? "horizon" : "total";
    for (const PairVerdict& v : s.verdicts)
        if (v.outcome == o && v.metric == metric && v.a == 0 && v.b == 1)
            return verdict_sentence(out, metric, strategy_label(s.strategies[0]), strategy_label(s.strategies[1]),
                                    s.metrics[v.metric_index].differences[0][1], s.horizon_day(), v.crossover_day,
                                    v.never_behind, v.from_start);
    return "";
}

std::string capitalised(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

}  // namespace

std::string WorldCache::key(const Scenario& sc, std::int64_t replicates) {
    std::string k = "replicates=" + std::to_string(replicates);
    for (const KeyInfo& info : key_registry().keys())
        if (world_key(info.key)) k += "\n" + make_assignment(info.key, value_of(sc, info.key)).text;
    return k;
}

std::shared_ptr<const std::vector<World>> WorldCache::get(const Scenario& sc, std::int64_t replicates,
                                                          const std::atomic<bool>* stop, bool* hit) {
    const std::string k = key(sc, replicates);
    {
        std::lock_guard lock(mutex_);
        for (auto it = entries_.begin(); it != entries_.end(); ++it)
            if (it->first == k) {
                entries_.splice(entries_.begin(), entries_, it);
                if (hit) *hit = true;
                return entries_.front().second;
            }
    }
    if (hit) *hit = false;
    // Computed outside the lock: two requests for one new world both compute it (rare, harmless).
    auto worlds = std::make_shared<const std::vector<World>>(warm_up_replicates(sc, replicates, stop));
    if (worlds->empty()) return nullptr;
    std::lock_guard lock(mutex_);
    entries_.emplace_front(k, worlds);
    while (entries_.size() > capacity_) entries_.pop_back();
    return worlds;
}

std::int64_t chunk_ticks(double dt_days) { return std::max<std::int64_t>(1, std::llround(28 / dt_days)); }

std::string result_json(const ComparisonData& d, const Request& r, bool final, double elapsed) {
    const ComparisonSummary s = summarise_comparison(d);
    const std::size_t R = static_cast<std::size_t>(d.replicates);
    const std::size_t T = static_cast<std::size_t>(d.ticks);
    std::vector<double> day(T);
    for (std::size_t t = 0; t < T; ++t) day[t] = static_cast<double>(t + 1) * d.dt_days;
    const double horizon = static_cast<double>(r.scenario.params.simulation.ticks) * d.dt_days;

    std::string out = "{\"final\":" + std::string(final ? "true" : "false");
    out += ",\"elapsed_ms\":" + json_number(std::round(1000 * elapsed));
    out += ",\"horizon_days\":" + json_number(horizon);
    out += ",\"replicates\":" + std::to_string(R);
    out += ",\"strategies\":[" + json_string(strategy_label(d.strategies[0])) + "," +
           json_string(strategy_label(d.strategies[1])) + "]";
    out += ",\"day\":" + json_array(day) + ",\"outcomes\":[";
    bool first = true;
    for (const std::string& name : kShown) {
        const std::size_t o = outcome_index(name);
        const Outcome& oc = outcomes()[o];
        std::vector<double> a(T), b(T), diff(T), lo(T), hi(T);
        std::vector<std::vector<double>> ta(R), tb(R);
        for (std::size_t k = 0; k < R; ++k) ta[k] = outcome_trajectory(d, oc, 0, k), tb[k] = outcome_trajectory(d, oc, 1, k);
        for (std::size_t t = 0; t < T; ++t) {
            std::vector<double> xa(R), xb(R);
            for (std::size_t k = 0; k < R; ++k) xa[k] = ta[k][t], xb[k] = tb[k][t];
            const PairedDifference p = paired_difference(xa, xb);
            a[t] = p.mean_a, b[t] = p.mean_b, diff[t] = p.diff.mean, lo[t] = p.diff.ci_low, hi[t] = p.diff.ci_high;
        }
        out += std::string(first ? "" : ",") + "{\"name\":" + json_string(oc.name) + ",\"label\":" +
               json_string(oc.label) + ",\"units\":" + json_string(oc.units) + ",\"a\":" + json_array(a) +
               ",\"b\":" + json_array(b) + ",\"diff\":" + json_array(diff) + ",\"lo\":" + json_array(lo) +
               ",\"hi\":" + json_array(hi) + ",\"reading\":" + json_string(capitalised(reading(s, o))) + "}";
        first = false;
    }
    std::string headline = capitalised(reading(s, outcome_index(r.outcome)));
    if (!final) headline = "So far (" + std::to_string(std::lround(s.horizon_day())) + " of " +
                           std::to_string(std::lround(horizon)) + " days): " + reading(s, outcome_index(r.outcome));
    out += "],\"reading\":" + json_string(headline) + "}";
    return out;
}

bool run_live(const Request& r, WorldCache& cache, int threads,
              const std::function<void(const std::string&, bool)>& emit, const std::atomic<bool>* stop) {
    const auto start = std::chrono::steady_clock::now();
    const auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
    return arena.execute([&] {
        const auto warmed = cache.get(r.scenario, r.scenario.compare.replicates, stop);
        if (!warmed) return false;
        const ComparisonData d = run_comparison_chunked(
            r.scenario, r.scenario.compare.strategies, *warmed, chunk_ticks(r.scenario.params.simulation.dt_days),
            [&](const ComparisonData& part) {
                const bool final = part.ticks == r.scenario.params.simulation.ticks;
                emit(result_json(part, r, final, elapsed()), final);
            },
            stop);
        return d.complete;
    });
}

}  // namespace ambassim::serve
