// The engine's two entry points: build a world from parameters and a seed,
// and advance it by one tick. step() runs its phases with TBB parallel loops
// in whatever task arena the caller runs it in (the runner's arena fixes the
// thread count); results never depend on that count.
#pragma once

#include "sim/engine/tick_stats.hpp"
#include "sim/engine/world.hpp"

#include "models/customer_dynamics.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

namespace ambassim {

World build_world(const Params& params, std::uint64_t seed, std::uint64_t replicate);
// Switches the strategy a world runs (a comparison's worlds share one warm-up).
void set_strategy(World& world, const std::string& name);

// Event schedules: the tick of the first success of per-tick trials with
// probability p starting at `first_tick`; "never" is the largest int32.
inline constexpr std::int32_t kNeverTick = std::numeric_limits<std::int32_t>::max();
inline std::int32_t schedule_from(std::int64_t first_tick, double u, double p) {
    const std::int64_t t = first_tick + geometric_wait(u, p, kNeverTick);
    return t >= kNeverTick ? kNeverTick : static_cast<std::int32_t>(t);
}

// Phases: programs -> unit capacity -> demand -> customers -> employees -> swap.
// TickStats::tick is the recorded tick number (tick - warmup_ticks).
TickStats step(World& world);

// Ticks of the warm-up (simulation.warmup_days in whole ticks), run under
// `none` before recorded tick 1.
inline std::int64_t warmup_ticks(const SimulationParams& s) { return std::llround(s.warmup_days / s.dt_days); }

// The one tick loop: steps `world` until world.tick == end_tick (an absolute
// tick, warm-up included), calling on_tick(stats) after every tick; checks
// stopped() before each tick. Returns whether end_tick was reached. The
// runner, the comparison and the warm-up all run their ticks through it.
template <class Stopped, class OnTick>
bool advance(World& world, std::int64_t end_tick, Stopped&& stopped, OnTick&& on_tick) {
    while (world.tick < end_tick) {
        if (stopped()) return false;
        on_tick(step(world));
    }
    return true;
}

// Runs the warm-up ticks (no program spending), leaving the world at recorded tick 0.
inline void warm_up(World& world) {
    advance(world, world.warmup_ticks, [] { return false; }, [](const TickStats&) {});
}

// Resolved market size: customers.prospects, or (if -1) the number that makes
// expected acquisitions equal expected churn at the start, given the initial
// promoter/detractor shares and mean churn hazard of the initial customers.
std::int64_t balanced_prospects(const Params& p, double promoter_share, double detractor_share,
                                double mean_churn_hazard_per_year);

}  // namespace ambassim
