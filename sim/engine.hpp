// The engine's two entry points: build a world from parameters and a seed,
// and advance it by one tick. step() runs its phases with TBB parallel loops
// in whatever task arena the caller runs it in (the runner's arena fixes the
// thread count); results never depend on that count.
#pragma once

#include "sim/tick_stats.hpp"
#include "sim/world.hpp"

#include <cstdint>

namespace ambassim {

World build_world(const Params& params, std::uint64_t seed, std::uint64_t replicate);

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
