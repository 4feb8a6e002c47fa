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
//   ambassim_bench_hot_loop --profile-loops [TICKS]
//       the reference and floor loops alone on W1's customers, 1 thread.
#include "models/customer_dynamics.hpp"
#include "sim/engine/engine.hpp"
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
           bytes(c.next_candidate) + bytes(c.need_count) + bytes(c.need_after) + bytes(w.referral.offsets) +
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
        // The reference and floor loops alone, at 1 thread: their instruction counts under callgrind.
        const Scenario w1 = load_scenario(std::filesystem::path(AMBASSIM_BENCH_DIR) / "w1_large_run.toml");
        const auto n = static_cast<std::size_t>(w1.params.customers.customers);
        const int ticks = argc >= 3 ? std::atoi(argv[2]) : 10;
        double checksum = 0;
        const double ref = reference_loop(n, ticks, 1, checksum);
        const double fl = floor_loop(w1.params.customers, w1.params.simulation.dt_days / 365.0, n, ticks, 1, checksum);
        std::printf("%zu customers x %d ticks: reference %.3f s, floor %.3f s (checksum %.6g)\n", n, ticks, ref, fl,
                    checksum);
        return 0;
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
    const double w1_dt_years = w1.params.simulation.dt_days / 365.0;
    for (int r = 0; r < reps; ++r) {
        for (int threads = 1; threads <= 2; ++threads) {
            plain[threads - 1] =
                std::min(plain[threads - 1], reference_loop(w1_customers, w1_ticks, threads, checksum, false));
            const double ref = reference_loop(w1_customers, w1_ticks, threads, checksum);
            const double fl = floor_loop(w1.params.customers, w1_dt_years, w1_customers, w1_ticks, threads, checksum);
            floor_s[threads - 1] = std::min(floor_s[threads - 1], fl);
            floor_ratio[threads - 1] = std::min(floor_ratio[threads - 1], fl / ref);
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
