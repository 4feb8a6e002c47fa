// The engine's two entry points: build a world from parameters and a seed,
// and advance it by one tick. step() runs its phases with TBB parallel loops
// in whatever task arena the caller runs it in (the runner's arena fixes the
// thread count); results never depend on that count.
#pragma once

#include "sim/engine/tick_stats.hpp"
#include "sim/engine/world.hpp"

#include "models/customer_dynamics.hpp"

#include <cstdint>
#include <limits>

namespace ambassim {

World build_world(const Params& params, std::uint64_t seed, std::uint64_t replicate);

// Event schedules: the tick of the first success of per-tick trials with
// probability p starting at `first_tick` (schedule_from) or after `tick`
// (schedule_after); "never" is the largest int32.
inline constexpr std::int32_t kNeverTick = std::numeric_limits<std::int32_t>::max();
inline std::int32_t schedule_from(std::int64_t first_tick, double u, double p) {
    const std::int64_t t = first_tick + geometric_wait(u, p, kNeverTick);
    return t >= kNeverTick ? kNeverTick : static_cast<std::int32_t>(t);
}
inline std::int32_t schedule_after(std::uint64_t tick, double u, double p) {
    return schedule_from(static_cast<std::int64_t>(tick) + 1, u, p);
}

// Phases: programs -> unit capacity -> demand -> customers -> employees -> swap.
// TickStats::tick is the recorded tick number (tick - warmup_ticks).
TickStats step(World& world);

// Runs the warm-up ticks (no program spending), leaving the world at recorded tick 0.
void warm_up(World& world);

// Resolved market size: customers.prospects, or (if -1) the number that makes
// expected acquisitions equal expected churn at the start, given the initial
// promoter/detractor shares and mean churn hazard of the initial customers.
std::int64_t balanced_prospects(const Params& p, double promoter_share, double detractor_share,
                                double mean_churn_hazard_per_year);

}  // namespace ambassim
