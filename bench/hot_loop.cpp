// Times the simulation's hot loop against a reference loop in the same
// process (issue #20), so that every figure is also a ratio measured under
// the same machine load:
//   reference  a plain pass over N customers per tick: fade a float toward a
//              baseline, and at a scheduled event (the model's need rate,
//              12 a year) draw from the same Philox streams as the engine,
//              nudge the float and schedule the next event (geometric wait);
//              the per-block sums are added in block order;
//   W1         bench/w1_large_run.toml: build_world (fixed cost) and the 365
//              ticks (step + recording), at 1 and 2 threads;
//   floor      the work bit-identical outputs force on every active
//              customer every tick, without events (floor_loop): the bound
//              of any pass that keeps today's outputs;
//   events     the event-driven prototype (event_loop) on the floor's
//              customers with needs, without histograms and with exact
//              ones (bench/README.md, "An event-driven customer pass");
//   memory     bytes per customer of W1's world, by sizeof accounting of its
//              arrays and as the resident-set growth while it is built;
//   small run  bench/small_run.toml (1,000 employees, 20,000 customers, 365
//              ticks, 1 thread): build, warm-up, ticks and writing apart.
// Best of `reps` (default 3) repetitions, reference and workload
// interleaved. Prints a table and one JSON line (bench/run.sh stores it).
//   ambassim_bench_hot_loop [reps] [--quick]   (--quick: W1 at 120 ticks)
//   ambassim_bench_hot_loop --profile SCENARIO [KEY=VALUE...]
//       one run of SCENARIO (with --set style overrides) at 1 thread, its
//       phases timed: the workload for callgrind (bench/README.md).
//   ambassim_bench_hot_loop --profile-loops [TICKS [LOOP]]
//       the reference loop and the floor and event-driven loops (or only
//       LOOP: floor, paths, touches, cadence, none) on W1's customers,
//       1 thread.
//   ambassim_bench_hot_loop --change-rates SCENARIO [KEY=VALUE...]
//       per customer-tick of the engine after its warm-up: needs, candidate
//       events, score changes and histogram bin changes.
//   ambassim_bench_hot_loop --check-events [N [TICKS]]
//       the event-driven pass against a dense recomputation (exit 1 if not equal).
#include "models/customer_dynamics.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/fast_normal.hpp"
#include "sim/engine/lazy_memory.hpp"
#include "sim/engine/rng.hpp"
#include "sim/engine/run_arena.hpp"
#include "sim/engine/tick_stats.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/output/recorder.hpp"
#include "sim/scenario/scenario.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

namespace {

using namespace ambassim;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Resident set now and its peak since the last reset_peak(), in bytes (Linux).
std::int64_t status_kb(const char* key) {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind(key, 0) == 0) return std::stoll(line.substr(std::strlen(key)));
    return -1;
}
std::int64_t rss_bytes() { return status_kb("VmRSS:") * 1024; }
std::int64_t peak_rss_bytes() { return status_kb("VmHWM:") * 1024; }
void reset_peak() { std::ofstream("/proc/self/clear_refs") << "5"; }

// `ticks` passes over n customers in blocks of kCustomerBlock on `threads`
// threads, as the engine runs them: block(tick, b, begin, end) for every
// block b (customers begin..end) in parallel, then after_tick() on the
// calling thread. Returns seconds.
template <class Block, class AfterTick>
double time_passes(std::size_t n, int ticks, int threads, Block&& block, AfterTick&& after_tick) {
    const std::size_t blocks = (n + kCustomerBlock - 1) / kCustomerBlock;
    RunArena arena(threads);
    const auto t0 = Clock::now();
    arena.execute([&] {
        for (int tick = 0; tick < ticks; ++tick) {
            tbb::parallel_for(tbb::blocked_range<std::size_t>(0, blocks, 1), [&](const tbb::blocked_range<std::size_t>& r) {
                for (std::size_t b = r.begin(); b != r.end(); ++b)
                    block(tick, b, b * kCustomerBlock, std::min(n, (b + 1) * kCustomerBlock));
            });
            after_tick();
        }
    });
    return seconds_since(t0);
}

// The reference loop: `ticks` passes over n customers in blocks of
// kCustomerBlock, `threads` threads. Returns seconds; `checksum` keeps the
// work observable.
// With `events` false the loop only fades and sums (no random numbers): the
// floor of a pass that touches every customer every tick.
double reference_loop(std::size_t n, int ticks, int threads, double& checksum, bool events = true) {
    const double need_rate = events ? 12.0 / 365.0 : 0.0;  // events per customer-tick (the model's default need rate)
    const double log1m_p = std::log1p(-need_rate);
    const float base = 0.7f, keep = static_cast<float>(std::exp(-1.0 / 365));
    std::vector<float> sat(n, base);
    std::vector<std::int32_t> next(n);
    for (std::size_t i = 0; i < n; ++i) {
        Stream s(7, 0, 0, i, Purpose::user);
        next[i] = events ? static_cast<std::int32_t>(std::floor(std::log1p(-s.uniform()) / log1m_p)) : -1;
    }
    std::vector<double> sums((n + kCustomerBlock - 1) / kCustomerBlock);
    return time_passes(
        n, ticks, threads,
        [&](int tick, std::size_t b, std::size_t begin, std::size_t end) {
            double sum = 0;
            for (std::size_t i = begin; i < end; ++i) {
                float x = base + (sat[i] - base) * keep;
                if (next[i] == tick) [[unlikely]] {
                    Stream s(7, 0, static_cast<std::uint64_t>(tick), i, Purpose::user);
                    x += 0.1f * (static_cast<float>(s.uniform()) - x);
                    next[i] = tick + 1 + static_cast<std::int32_t>(std::floor(std::log1p(-s.uniform()) / log1m_p));
                }
                sat[i] = x;
                sum += x;
            }
            sums[b] = sum;
        },
        [&] {
            for (double x : sums) checksum += x;
        });
}

// The floor of a bit-identical customer pass: the work the recorded
// per-tick aggregates force on every active customer every tick (exact
// sums in index order, three 100-bin histograms, scores and NPS classes),
// written with the engine's own model functions but without any event,
// random number, status test or index list: fade satisfaction and bond,
// loyalty, likelihood to recommend, class, spend, four double sums, the
// score count and three bins. n customers, all active, in the engine's
// blocks, tallies added in block order as the engine does. Returns seconds.
double floor_loop(const CustomerParams& cp, double dt_years, std::size_t n, int ticks, int threads, double& checksum) {
    std::vector<float> sat(n), bond(n), disp(n);
    for (std::size_t i = 0; i < n; ++i) {
        Stream s(7, 0, 0, i, Purpose::user);
        sat[i] = static_cast<float>(s.uniform()), bond[i] = static_cast<float>(s.uniform());
        disp[i] = static_cast<float>(0.1 * (s.uniform() - 0.5));
    }
    std::vector<std::uint8_t> ltr(n);
    std::vector<NpsClass> nps(n);
    std::vector<CustomerTally> tallies((n + kCustomerBlock - 1) / kCustomerBlock);
    const double keep_s = std::exp(-cp.satisfaction_decay_per_year * dt_years);
    const double keep_b = std::exp(-cp.bond_decay_per_year * dt_years);
    return time_passes(
        n, ticks, threads,
        [&](int, std::size_t b, std::size_t begin, std::size_t end) {
            const CustomerParams local = cp;
            CustomerTally t;
            double s_sat = 0, s_bond = 0, s_loyal = 0, revenue = 0;
            std::array<std::int64_t, 11> by_score{};
            for (std::size_t i = begin; i < end; ++i) {
                const CustomerMemory m = fade({sat[i], bond[i]}, local, keep_s, keep_b);
                sat[i] = m.satisfaction, bond[i] = m.bond;
                const double loyal = loyalty(local, m);
                const std::uint8_t score = likelihood_to_recommend(local, m, disp[i]);
                ltr[i] = score;
                nps[i] = nps_class(score);
                ++by_score[score];
                s_sat += m.satisfaction, s_bond += m.bond, s_loyal += loyal;
                revenue += spend_per_year(local, loyal) * dt_years;
                const auto bin = histogram_bins(m.satisfaction, m.bond, static_cast<float>(loyal), 0.0f);
                ++t.h_satisfaction[static_cast<std::size_t>(bin[0])];
                ++t.h_bond[static_cast<std::size_t>(bin[1])];
                ++t.h_loyalty[static_cast<std::size_t>(bin[2])];
            }
            for (int score = 0; score <= 10; ++score) t.active += by_score[static_cast<std::size_t>(score)];
            t.satisfaction = s_sat, t.bond = s_bond, t.loyalty = s_loyal, t.revenue = revenue;
            tallies[b] = t;
        },
        [&] {
            CustomerTally all;
            for (const auto& t : tallies) all.add(t);
            checksum += all.satisfaction + all.revenue + all.h_loyalty[50];
        });
}

// How the event-driven prototype keeps the three 100-bin histograms.
enum class BinMode {
    none,     // not at all: scores, classes and sums only
    touches,  // a customer is touched at every tick where a bin could change
    paths,    // at a memory event the bin changes up to the next one are
              // computed (walk_bins) and stored as per-tick histogram deltas
    cadence,  // recomputed densely from the closed form every kHistogramEvery
              // ticks and held in between
};
constexpr int kHistogramEvery = 7;

// The event-driven customer pass of bench/README.md ("An event-driven
// customer pass"), on W1's number of customers with the model's default
// memory parameters, starting near the baselines, and the reference's
// needs (12 a year, each an encounter of the model's default quality that
// moves satisfaction and bond): the same per-tick aggregates
// as the floor (sums, per-score counts, three 100-bin histograms), but a
// customer is touched only at a need, at a tick where their score could
// change, and (BinMode) for their histogram bins; between touches their
// memory is the closed form of its last stored value
// (sim/engine/lazy_memory.hpp). The block's sums of deviations from the
// baselines fade by one multiply per tick and change at needs. With `check`,
// every tick also recomputes every customer densely from the closed form and
// compares: histograms (unless BinMode::none) and score counts must be
// equal, sums equal to 1e-7 relative (the float rounding of 4,096 values);
// a negative time is returned on a mismatch. `touches` receives the touches
// per customer-tick. Returns seconds.
double event_loop(const CustomerParams& cp, double dt_years, std::size_t n, int ticks, int threads, double& checksum,
                  double& touches, bool check = false, BinMode mode = BinMode::paths) {
    constexpr std::int64_t kHorizon = 64;  // ticks of histogram deltas a block keeps ahead (power of 2)
    struct BlockState {
        std::int64_t active = 0, touched = 0;
        double dev_s = 0, dev_b = 0;  // sums of (value - baseline) over the block's customers
        std::array<std::int64_t, 11> by_score{};
        std::array<Histogram, 3> h{};
        std::vector<std::array<std::array<std::int16_t, kBins>, 3>> ring;  // deltas of ticks t..t+kHorizon-1
        bool ok = true;
    };
    const double need_rate = 12.0 / 365.0 * (dt_years * 365.0);
    const double log1m_p = std::log1p(-need_rate);
    const double keep_s = std::exp(-cp.satisfaction_decay_per_year * dt_years);
    const double keep_b = std::exp(-cp.bond_decay_per_year * dt_years);
    const KeepPowers pow_s(keep_s, 4096), pow_b(keep_b, 4096);
    const FadeModel fm(cp.satisfaction.mean, cp.bond.mean, pow_s, pow_b, cp.loyalty_satisfaction_weight,
                       cp.loyalty_bond_weight);
    constexpr double margin = FadeModel::margin;
    std::vector<float> x_s(n), x_b(n), disp(n);
    std::vector<std::int32_t> t0(n, -1), next_need(n), next_touch(n), path_end(n), next_score(n);
    std::vector<std::uint8_t> score(n);
    std::vector<std::array<std::uint8_t, 3>> bins(n);  // at the tick of the last touch, or at path_end (paths)
    const std::size_t blocks = (n + kCustomerBlock - 1) / kCustomerBlock;
    std::vector<BlockState> state(blocks);
    if (mode == BinMode::paths)
        for (auto& st : state) st.ring.resize(kHorizon);
    auto schedule_need = [&](std::int32_t tick, double u) {
        const double k = std::floor(std::log1p(-u) / log1m_p);
        return k < 1e9 ? tick + 1 + static_cast<std::int32_t>(k) : kNeverTick;
    };
    auto to32 = [](std::int64_t t) { return t >= kNeverTick ? kNeverTick : static_cast<std::int32_t>(t); };
    // The tick at which customer i's score could first change after `tick` (memory m).
    auto score_check = [&](std::size_t i, std::int64_t tick, const CustomerMemory& m) {
        const double r = cp.advocacy_satisfaction_weight * std::abs(m.satisfaction - fm.base_s) * (1 - keep_s) +
                         cp.advocacy_bond_weight * std::abs(m.bond - fm.base_b) * (1 - keep_b);
        const double x = cp.advocacy_satisfaction_weight * m.satisfaction + cp.advocacy_bond_weight * m.bond +
                         cp.advocacy_offset + disp[i];
        return tick + first_possible_change(edge_distance(x, 11), r, margin);
    };
    // Customer i's bins at `tick` (memory m) into the block, and what follows
    // for them up to their next memory touch.
    auto place_bins = [&](BlockState& st, std::size_t i, std::int64_t tick, const CustomerMemory& m) {
        const auto b = fm.bins(m);
        for (int v = 0; v < 3; ++v) ++st.h[v][static_cast<std::size_t>(b[v])];
        std::int64_t end = std::min<std::int64_t>(next_need[i], tick + 1);
        if (mode == BinMode::touches) {
            const double r_s = std::abs(m.satisfaction - fm.base_s) * (1 - keep_s);
            const double r_b = std::abs(m.bond - fm.base_b) * (1 - keep_b);
            std::int64_t dn = first_possible_change(edge_distance(m.satisfaction, kBins), r_s, margin);
            dn = std::min(dn, first_possible_change(edge_distance(m.bond, kBins), r_b, margin));
            dn = std::min(dn, first_possible_change(edge_distance(fm.w_s * m.satisfaction + fm.w_b * m.bond, kBins),
                                                    fm.w_s * r_s + fm.w_b * r_b, margin));
            end = std::min<std::int64_t>(next_need[i], tick + dn);
            bins[i] = {static_cast<std::uint8_t>(b[0]), static_cast<std::uint8_t>(b[1]), static_cast<std::uint8_t>(b[2])};
        } else if (mode == BinMode::paths) {
            // Changes in (tick, end - 1] go to the ring; the customer is touched at `end`.
            end = std::min<std::int64_t>(next_need[i], tick + kHorizon);
            const auto last = walk_bins(fm, x_s[i], x_b[i], t0[i], tick, end - 1, b, [&](std::int64_t t, int v, int from, int to) {
                auto& d = st.ring[static_cast<std::size_t>(t & (kHorizon - 1))][static_cast<std::size_t>(v)];
                --d[static_cast<std::size_t>(from)], ++d[static_cast<std::size_t>(to)];
            });
            bins[i] = {static_cast<std::uint8_t>(last[0]), static_cast<std::uint8_t>(last[1]),
                       static_cast<std::uint8_t>(last[2])};
        } else {
            end = next_need[i];
        }
        path_end[i] = to32(end);
    };
    auto unplace_bins = [&](BlockState& st, std::size_t i) {
        for (int v = 0; v < 3; ++v) --st.h[v][bins[i][static_cast<std::size_t>(v)]];
    };
    auto set_next_touch = [&](std::size_t i) { next_touch[i] = std::min(path_end[i], next_score[i]); };
    for (std::size_t b = 0; b < blocks; ++b) {
        BlockState& st = state[b];
        for (std::size_t i = b * kCustomerBlock; i < std::min(n, (b + 1) * kCustomerBlock); ++i) {
            Stream s(7, 0, 0, i, Purpose::user);
            // Near the baselines, as the model's customers are (Beta draws of
            // concentration 10 around them): not the floor's uniform states,
            // whose long way back would inflate the bin changes.
            x_s[i] = static_cast<float>(fm.base_s + 0.3 * (s.uniform() - 0.5));
            x_b[i] = static_cast<float>(fm.base_b + 0.3 * (s.uniform() - 0.5));
            disp[i] = static_cast<float>(0.1 * (s.uniform() - 0.5));
            next_need[i] = schedule_need(-1, s.uniform());
            ++st.active;
            st.dev_s += x_s[i] - fm.base_s, st.dev_b += x_b[i] - fm.base_b;
            const CustomerMemory m{x_s[i], x_b[i]};
            score[i] = likelihood_to_recommend(cp, m, disp[i]);
            ++st.by_score[score[i]];
            next_score[i] = to32(score_check(i, -1, m));
            if (mode != BinMode::cadence)
                place_bins(st, i, -1, m);
            else
                path_end[i] = next_need[i];
            set_next_touch(i);
        }
    }
    std::vector<CustomerTally> tallies(blocks);
    std::int64_t all_touched = 0;
    const double seconds = time_passes(
        n, ticks, threads,
        [&](int tick, std::size_t b, std::size_t begin, std::size_t end) {
            BlockState& st = state[b];
            st.dev_s *= keep_s, st.dev_b *= keep_b;
            if (mode == BinMode::paths) {
                auto& d = st.ring[static_cast<std::size_t>(tick & (kHorizon - 1))];
                for (int v = 0; v < 3; ++v)
                    for (int k = 0; k < kBins; ++k) st.h[v][k] += d[v][k], d[v][k] = 0;
            }
            for (std::size_t i = begin; i < end; ++i) {
                if (next_touch[i] != tick) [[likely]] continue;
                ++st.touched;
                CustomerMemory m = fm.at(x_s[i], x_b[i], t0[i], tick);
                if (path_end[i] == tick) {  // a memory touch: a need, or the end of the stored bins
                    if (mode != BinMode::cadence) unplace_bins(st, i);
                    if (next_need[i] == tick) {
                        Stream s(7, 0, static_cast<std::uint64_t>(tick), i, Purpose::user);
                        // The model's default encounter quality: a mean level plus noise of sd 0.1.
                        const EncounterQuality q{clamp01(0.55 + 0.1 * standard_normal(s)),
                                                 clamp01(0.45 + 0.1 * standard_normal(s))};
                        const CustomerMemory after = served(m, cp, q);
                        st.dev_s += static_cast<double>(after.satisfaction) - m.satisfaction;
                        st.dev_b += static_cast<double>(after.bond) - m.bond;
                        m = after;
                        x_s[i] = m.satisfaction, x_b[i] = m.bond, t0[i] = tick;
                        next_need[i] = schedule_need(tick, s.uniform());
                    }
                    if (mode != BinMode::cadence)
                        place_bins(st, i, tick, m);
                    else
                        path_end[i] = next_need[i];
                    next_score[i] = tick;  // the score is recomputed below
                }
                if (next_score[i] == tick) {
                    const std::uint8_t sc = likelihood_to_recommend(cp, m, disp[i]);
                    --st.by_score[score[i]], ++st.by_score[sc];
                    score[i] = sc;
                    next_score[i] = to32(score_check(i, tick, m));
                }
                set_next_touch(i);
            }
            if (mode == BinMode::cadence && tick % kHistogramEvery == 0) {
                st.h = {};
                for (std::size_t i = begin; i < end; ++i) {
                    const auto bin = fm.bins(fm.at(x_s[i], x_b[i], t0[i], tick));
                    ++st.h[0][bin[0]], ++st.h[1][bin[1]], ++st.h[2][bin[2]];
                }
            }
            CustomerTally t;
            t.active = st.active;
            const double n_active = static_cast<double>(st.active);
            t.satisfaction = n_active * fm.base_s + st.dev_s;
            t.bond = n_active * fm.base_b + st.dev_b;
            t.loyalty = cp.loyalty_satisfaction_weight * t.satisfaction + cp.loyalty_bond_weight * t.bond;
            // Spend is linear in loyalty while its clamp at zero cannot bind
            // (spend_loyalty_sensitivity x loyalty_reference <= 1, the default).
            t.revenue = cp.spend_per_year * (n_active + cp.spend_loyalty_sensitivity *
                                                            (t.loyalty - n_active * cp.loyalty_reference)) * dt_years;
            t.h_satisfaction = st.h[0], t.h_bond = st.h[1], t.h_loyalty = st.h[2];
            for (int sc = 0; sc <= 10; ++sc) t.ltr += sc * static_cast<double>(st.by_score[static_cast<std::size_t>(sc)]);
            tallies[b] = t;
            if (!check) return;
            CustomerTally d;
            std::array<std::int64_t, 11> by_score{};
            for (std::size_t i = begin; i < end; ++i) {
                const CustomerMemory m = fm.at(x_s[i], x_b[i], t0[i], tick);
                const std::uint8_t sc = likelihood_to_recommend(cp, m, disp[i]);
                ++by_score[sc];
                d.satisfaction += m.satisfaction, d.bond += m.bond;
                const auto bin = fm.bins(m);
                ++d.h_satisfaction[bin[0]], ++d.h_bond[bin[1]], ++d.h_loyalty[bin[2]];
                st.ok = st.ok && sc == score[i];
            }
            st.ok = st.ok && by_score == st.by_score &&
                    (mode == BinMode::none || (mode == BinMode::cadence && tick % kHistogramEvery != 0) ||
                     (d.h_satisfaction == st.h[0] && d.h_bond == st.h[1] &&
                                               d.h_loyalty == st.h[2])) &&
                    std::abs(d.satisfaction - t.satisfaction) <= 1e-7 * d.satisfaction &&
                    std::abs(d.bond - t.bond) <= 1e-7 * d.bond;
        },
        [&] {
            CustomerTally all;
            for (const auto& t : tallies) all.add(t);
            checksum += all.satisfaction + all.revenue + all.h_loyalty[50];
        });
    bool ok = true;
    for (const auto& st : state) all_touched += st.touched, ok = ok && st.ok;
    touches = static_cast<double>(all_touched) / (static_cast<double>(n) * ticks);
    return ok ? seconds : -seconds;
}

// Bytes held by the world's per-agent arrays and networks (capacity x element size).
template <class T>
std::size_t bytes(const std::vector<T>& v) {
    return v.capacity() * sizeof(T);
}
std::size_t world_bytes(const World& w) {
    const auto& c = w.customers;
    const auto& e = w.employees;
    auto states = [](const EmployeeStates& s) {
        return bytes(s.engagement) + bytes(s.customer_focus) + bytes(s.ambassadorship) + bytes(s.experience);
    };
    return bytes(c.satisfaction) + bytes(c.bond) + bytes(c.disposition) + bytes(c.status) + bytes(c.channel) +
           bytes(c.acquired_tick) + bytes(c.ltr) + bytes(c.nps_cur) + bytes(c.nps_next) + bytes(c.next_need) +
           bytes(c.next_candidate) + bytes(c.need_count) + bytes(c.need_after) + bytes(w.score_check) + bytes(w.referral.offsets) +
           bytes(w.referral.targets) + states(e.cur) + states(e.next) + bytes(e.hire_tick) + bytes(e.role) +
           bytes(e.unit) + bytes(e.manager) + bytes(w.org.offsets) + bytes(w.org.targets);
}

struct RunTimes {
    double build = 0, warmup = 0, ticks = 0, record = 0, write = 0;
    std::size_t people = 0, accounted_bytes = 0;
    std::int64_t rss_growth = 0, peak_growth = 0;
};

// One run of `sc` at `threads`: build, warm-up, recorded ticks (step and
// recording timed apart), and, if `out` is given, writing the file.
RunTimes time_run(const Scenario& sc, int threads, const std::filesystem::path& out) {
    RunTimes t;
    RunArena arena(threads);
    reset_peak();
    const std::int64_t rss0 = rss_bytes();
    auto t0 = Clock::now();
    World world = arena.execute([&] { return build_world(sc.params, sc.plan.seed, 0); });
    t.build = seconds_since(t0);
    t.rss_growth = rss_bytes() - rss0;
    t.people = world.customers.size();
    t.accounted_bytes = world_bytes(world);
    t0 = Clock::now();
    arena.execute([&] { warm_up(world); });
    t.warmup = seconds_since(t0);
    Recorder recorder(world, sc.record);
    const std::int64_t end = world.warmup_ticks + sc.params.simulation.ticks;
    arena.execute([&] {
        while (world.tick < end) {
            auto s0 = Clock::now();
            const TickStats st = step(world);
            t.ticks += seconds_since(s0);
            s0 = Clock::now();
            recorder.record(st);
            t.record += seconds_since(s0);
        }
    });
    t.peak_growth = peak_rss_bytes() - rss0;
    if (!out.empty()) {
        t0 = Clock::now();
        H5Output file(out, true);
        write_provenance(file, sc, MarketPools{world.prospects_at_start, world.former_at_start, 0, world.market_short},
                         static_cast<std::int64_t>(world.customers.size()));
        recorder.write(file);
        file.commit();
        t.write = seconds_since(t0);
    }
    return t;
}

struct Best {
    double ref = 1e300, run = 1e300, ratio = 1e300;  // each the best over the repetitions
    RunTimes times;                                   // of the fastest run
    void add(double r, const RunTimes& t) {
        const double run_s = t.ticks + t.record;
        ref = std::min(ref, r);
        ratio = std::min(ratio, run_s / r);
        if (run_s < run) run = run_s, times = t;
    }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc >= 3 && std::strcmp(argv[1], "--profile") == 0) {
        Scenario sc = load_scenario(argv[2]);
        apply_overrides(sc, std::vector<std::string>(argv + 3, argv + argc));
        const RunTimes t = time_run(sc, 1, {});
        std::printf("%zu people: build %.3f s, warm-up %.3f s, ticks %.3f s, recording %.3f s\n", t.people, t.build,
                    t.warmup, t.ticks, t.record);
        return 0;
    }
    if (argc >= 2 && std::strcmp(argv[1], "--profile-loops") == 0) {
        // The reference loop and one other loop (or all) alone, at 1 thread: their instruction counts under callgrind.
        const Scenario w1 = load_scenario(std::filesystem::path(AMBASSIM_BENCH_DIR) / "w1_large_run.toml");
        const auto& cp = w1.params.customers;
        const double dt_years = w1.params.simulation.dt_days / 365.0;
        const auto n = static_cast<std::size_t>(cp.customers);
        const int ticks = argc >= 3 ? std::atoi(argv[2]) : 10;
        const std::string only = argc >= 4 ? argv[3] : "all";
        double checksum = 0;
        std::printf("%zu customers x %d ticks: reference %.3f s\n", n, ticks, reference_loop(n, ticks, 1, checksum));
        if (only == "all" || only == "floor")
            std::printf("floor %.3f s\n", floor_loop(cp, dt_years, n, ticks, 1, checksum));
        const std::pair<const char*, BinMode> modes[] = {{"paths", BinMode::paths},
                                                         {"touches", BinMode::touches},
                                                         {"cadence", BinMode::cadence},
                                                         {"none", BinMode::none}};
        for (const auto& [name, mode] : modes) {
            if (only != "all" && only != name) continue;
            double touches = 0;
            const double ev = event_loop(cp, dt_years, n, ticks, 1, checksum, touches, false, mode);
            std::printf("event-driven, histograms %s: %.3f s (%.4f touches per customer-tick)\n", name, ev, touches);
        }
        std::printf("(checksum %.6g)\n", checksum);
        return 0;
    }
    if (argc >= 3 && std::strcmp(argv[1], "--change-rates") == 0) {
        // How often the engine's customers (after the warm-up) need an event-driven pass to act, per
        // customer-tick: needs, churn candidates, score changes, and changes of each histogram bin.
        Scenario sc = load_scenario(argv[2]);
        apply_overrides(sc, std::vector<std::string>(argv + 3, argv + argc));
        RunArena arena(1);
        World w = arena.execute([&] { return build_world(sc.params, sc.plan.seed, 0); });
        arena.execute([&] { warm_up(w); });
        const auto& c = w.customers;
        const auto& cp = sc.params.customers;
        std::vector<std::array<int, 3>> bins(c.size());
        std::vector<std::uint8_t> ltr(c.size());
        std::vector<CustomerStatus> status(c.size());
        std::int64_t customer_ticks = 0, needs = 0, candidates = 0, score = 0, any_bin = 0, touch = 0;
        std::array<std::int64_t, 3> bin{};
        auto snapshot = [&] {
            for (std::size_t i = 0; i < c.size(); ++i) {
                const CustomerMemory m{c.satisfaction[i], c.bond[i]};
                const auto b = histogram_bins(m.satisfaction, m.bond, static_cast<float>(loyalty(cp, m)), 0.0f);
                bins[i] = {b[0], b[1], b[2]};
                ltr[i] = c.ltr[i];
                status[i] = c.status[i];
            }
        };
        snapshot();
        for (std::int64_t t = 0; t < sc.params.simulation.ticks; ++t) {
            const auto tick = static_cast<std::int32_t>(w.tick);
            for (std::size_t i = 0; i < c.size(); ++i) {
                if (c.status[i] != CustomerStatus::active) continue;
                needs += c.next_need[i] == tick;
                candidates += c.next_candidate[i] == tick;
            }
            arena.execute([&] { step(w); });
            for (std::size_t i = 0; i < c.size(); ++i) {
                if (status[i] != CustomerStatus::active || c.status[i] != CustomerStatus::active) continue;
                ++customer_ticks;
                const CustomerMemory m{c.satisfaction[i], c.bond[i]};
                const auto b = histogram_bins(m.satisfaction, m.bond, static_cast<float>(loyalty(cp, m)), 0.0f);
                const bool sc_changed = c.ltr[i] != ltr[i];
                bool any = false;
                for (int v = 0; v < 3; ++v) {
                    const bool ch = b[v] != bins[i][static_cast<std::size_t>(v)];
                    bin[static_cast<std::size_t>(v)] += ch;
                    any = any || ch;
                }
                score += sc_changed;
                any_bin += any;
                touch += any || sc_changed;
            }
            snapshot();
        }
        const auto per = [&](std::int64_t n) { return static_cast<double>(n) / static_cast<double>(customer_ticks); };
        std::printf("%lld customer-ticks of customers active at both ends: per customer-tick needs %.4f, candidates "
                    "%.4f, score changes %.4f, bin changes satisfaction %.4f bond %.4f loyalty %.4f (any %.4f), "
                    "score or any bin %.4f\n",
                    static_cast<long long>(customer_ticks), per(needs), per(candidates), per(score), per(bin[0]),
                    per(bin[1]), per(bin[2]), per(any_bin), per(touch));
        return 0;
    }
    if (argc >= 2 && std::strcmp(argv[1], "--check-events") == 0) {
        // The event-driven pass against a dense recomputation every tick (exit 1 on a mismatch).
        const Scenario w1 = load_scenario(std::filesystem::path(AMBASSIM_BENCH_DIR) / "w1_large_run.toml");
        const auto n = static_cast<std::size_t>(argc >= 3 ? std::atol(argv[2]) : 20000);
        const int ticks = argc >= 4 ? std::atoi(argv[3]) : 730;
        bool ok = true;
        for (const BinMode mode : {BinMode::paths, BinMode::touches, BinMode::cadence, BinMode::none}) {
            double checksum = 0, touches = 0;
            const double ev = event_loop(w1.params.customers, w1.params.simulation.dt_days / 365.0, n, ticks, 2,
                                         checksum, touches, true, mode);
            std::printf("%zu customers x %d ticks, %s: %s (%.4f touches per customer-tick)\n", n, ticks,
                        mode == BinMode::paths     ? "histograms by stored bin changes"
                        : mode == BinMode::touches ? "histograms by touches"
                        : mode == BinMode::cadence ? "histograms every 7 ticks"
                                                   : "scores and sums only",
                        ev >= 0 ? "aggregates equal to the dense recomputation" : "MISMATCH", touches);
            ok = ok && ev >= 0;
        }
        return ok ? 0 : 1;
    }
    int reps = 3;
    bool quick = false;
    for (int a = 1; a < argc; ++a) {
        if (std::strcmp(argv[a], "--quick") == 0)
            quick = true;
        else
            reps = std::max(1, std::atoi(argv[a]));
    }
    const std::filesystem::path dir = AMBASSIM_BENCH_DIR;
    Scenario w1 = load_scenario(dir / "w1_large_run.toml");
    if (quick) w1.params.simulation.ticks = 120;
    const Scenario small = load_scenario(dir / "small_run.toml");
    const auto w1_customers = static_cast<std::size_t>(w1.params.customers.customers);
    const auto small_customers = static_cast<std::size_t>(small.params.customers.customers);
    const int w1_ticks = static_cast<int>(w1.params.simulation.ticks);
    const int small_ticks = static_cast<int>(small.params.simulation.ticks);
    const auto tmp = std::filesystem::temp_directory_path() / ("ambassim_hot_loop_" + std::to_string(::getpid()));
    std::filesystem::create_directories(tmp);
    double checksum = 0;

    Best w1_best[2], small_best;
    double plain[2] = {1e300, 1e300}, floor_s[2] = {1e300, 1e300}, floor_ratio[2] = {1e300, 1e300};
    // The event-driven prototype, [0] without histograms, [1] with them (BinMode::paths).
    double event_s[2][2] = {{1e300, 1e300}, {1e300, 1e300}}, event_ratio[2][2] = {{1e300, 1e300}, {1e300, 1e300}};
    double event_touches[2] = {0, 0};
    const double w1_dt_years = w1.params.simulation.dt_days / 365.0;
    for (int r = 0; r < reps; ++r) {
        for (int threads = 1; threads <= 2; ++threads) {
            plain[threads - 1] =
                std::min(plain[threads - 1], reference_loop(w1_customers, w1_ticks, threads, checksum, false));
            const double ref = reference_loop(w1_customers, w1_ticks, threads, checksum);
            const double fl = floor_loop(w1.params.customers, w1_dt_years, w1_customers, w1_ticks, threads, checksum);
            floor_s[threads - 1] = std::min(floor_s[threads - 1], fl);
            floor_ratio[threads - 1] = std::min(floor_ratio[threads - 1], fl / ref);
            for (int bins = 0; bins < 2; ++bins) {
                double touches = 0;
                const double ev = event_loop(w1.params.customers, w1_dt_years, w1_customers, w1_ticks, threads,
                                             checksum, touches, false, bins == 1 ? BinMode::paths : BinMode::none);
                event_s[bins][threads - 1] = std::min(event_s[bins][threads - 1], ev);
                event_ratio[bins][threads - 1] = std::min(event_ratio[bins][threads - 1], ev / ref);
                event_touches[bins] = touches;
            }
            w1_best[threads - 1].add(ref, time_run(w1, threads, {}));
        }
        const double ref = reference_loop(small_customers, small_ticks, 1, checksum);
        small_best.add(ref, time_run(small, 1, tmp / "small.h5"));
    }
    std::filesystem::remove_all(tmp);

    std::string load;
    std::getline(std::ifstream("/proc/loadavg"), load);
    std::printf("load average at the end: %s\n", load.c_str());
    std::printf("(reference checksum %.6g)\n\n", checksum);
    std::printf("%-22s %7s %9s %9s %8s %9s\n", "workload", "threads", "ref s", "run s", "run/ref", "build s");
    for (int t = 0; t < 2; ++t) {
        const Best& b = w1_best[t];
        std::printf("%-22s %7d %9.3f %9.3f %8.2f %9.3f\n", "W1 ticks (+recording)", t + 1, b.ref, b.run, b.ratio,
                    b.times.build);
    }
    std::printf("plain reference (fade and sum only, no random numbers): %.3f s at 1 thread, %.3f s at 2\n",
                plain[0], plain[1]);
    std::printf("bit-identical floor (aggregates of every customer, no events): %.3f s at 1 thread (%.2f x reference), "
                "%.3f s at 2 (%.2f x reference)\n",
                floor_s[0], floor_ratio[0], floor_s[1], floor_ratio[1]);
    for (int bins = 1; bins >= 0; --bins)
        std::printf("event-driven prototype (%s, %.4f touches per customer-tick): %.3f s at 1 thread (%.2f x "
                    "reference), %.3f s at 2 (%.2f x reference)\n",
                    bins ? "histograms by stored bin changes" : "scores and sums by events, no histograms",
                    event_touches[bins], event_s[bins][0], event_ratio[bins][0], event_s[bins][1], event_ratio[bins][1]);
    const double speedup = w1_best[0].run / w1_best[1].run;
    const RunTimes& w = w1_best[0].times;
    const double per_customer = static_cast<double>(w.accounted_bytes) / static_cast<double>(w1_customers);
    std::printf("W1 speed-up 1 -> 2 threads: %.2f (reference loop: %.2f)\n", speedup, w1_best[0].ref / w1_best[1].ref);
    std::printf("W1 memory per customer: %.1f B accounted (arrays and networks, %zu people), %.1f B resident growth "
                "after building, %.1f B peak growth during the run\n",
                per_customer, w.people, static_cast<double>(w.rss_growth) / static_cast<double>(w1_customers),
                static_cast<double>(w.peak_growth) / static_cast<double>(w1_customers));
    const RunTimes& s = small_best.times;
    const double agent_steps = static_cast<double>(small.params.organisation.employees + small.params.customers.customers) *
                               small_ticks;
    const double person_ticks = static_cast<double>(s.people + static_cast<std::size_t>(small.params.organisation.employees)) *
                                small_ticks;
    std::printf("small run (1 thread): ticks %.3f s + recording %.3f s = %.2f x reference (%.4f s); "
                "%.1f ns per agent-step (%.3g agent-steps), %.1f ns per person-tick (%zu people in the market)\n",
                s.ticks, s.record, small_best.ratio, small_best.ref, 1e9 * (s.ticks + s.record) / agent_steps, agent_steps,
                1e9 * (s.ticks + s.record) / person_ticks, s.people);
    std::printf("small run fixed cost: build %.3f s, warm-up %.3f s, writing %.3f s\n", s.build, s.warmup, s.write);
    std::printf("{\"w1_plain_ref_s\": [%.4f, %.4f], \"w1_ref_s\": [%.4f, %.4f], \"w1_run_s\": [%.4f, %.4f], \"w1_ratio\": [%.3f, %.3f], "
                "\"w1_floor_s\": [%.4f, %.4f], \"w1_floor_ratio\": [%.3f, %.3f], \"w1_build_s\": [%.3f, %.3f], \"w1_speedup\": %.3f, \"w1_bytes_per_customer_accounted\": %.1f, "
                "\"w1_bytes_per_customer_rss\": %.1f, \"small_ref_s\": %.4f, \"small_run_s\": %.4f, \"small_ratio\": %.3f, "
                "\"small_ns_per_agent_step\": %.2f, \"small_build_s\": %.4f, \"small_warmup_s\": %.4f, "
                "\"small_write_s\": %.4f}\n",
                plain[0], plain[1], w1_best[0].ref, w1_best[1].ref, w1_best[0].run, w1_best[1].run, w1_best[0].ratio, w1_best[1].ratio,
                floor_s[0], floor_s[1], floor_ratio[0], floor_ratio[1], w1_best[0].times.build, w1_best[1].times.build, speedup, per_customer,
                static_cast<double>(w.rss_growth) / static_cast<double>(w1_customers), small_best.ref,
                s.ticks + s.record, small_best.ratio, 1e9 * (s.ticks + s.record) / agent_steps, s.build, s.warmup,
                s.write);
}
