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
// Switches the strategy a world runs (a comparison's worlds share one
// warm-up) to the one `params` describes (its strategy table and programme
// budget; the rest of `params` is ignored): how a warmed-up world is given a
// named custom strategy (sim/scenario params_for_strategy).
void set_strategy(World& world, const Params& params);

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

// The warm-up (simulation.warmup_days, run under `none` before recorded tick
// 1): `coarse` ticks of simulation.warmup_coarse_dt_days, then `fine` ticks
// of the scenario's tick length for its last simulation.warmup_fine_days
// (all of it at the scenario's tick length when that is not shorter).
// The market is rebalanced in its first `balanced` ticks only
// (simulation.warmup_balanced_days; the rest runs free).
struct WarmupTicks {
    std::int64_t coarse = 0, fine = 0, balanced = 0;
    std::int64_t total() const { return coarse + fine; }
};
WarmupTicks warmup_schedule(const SimulationParams& s);
inline std::int64_t warmup_ticks(const SimulationParams& s) { return warmup_schedule(s).total(); }
// Sets the tick length and the per-tick rates and probabilities that follow from it.
void set_tick_length(World& world, double dt_days);
// From coarse warm-up ticks to the scenario's: the tick length changes and every
// event schedule is drawn again from now (step calls it after the last coarse tick).
void switch_to_run_ticks(World& world);

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

// The stationary market for `customers.customers` active customers: the
// prospect and former-customer pools whose flows (adoption, churn, re-adoption,
// renewal) balance, given the customers' promoter and detractor shares and
// mean churn hazard. Used when customers.prospects = -1 (docs/model.md 5).
struct MarketPools {
    std::int64_t prospects = 0, former = 0;
    std::int64_t reserve = 0;  // slots outside the market, from which the pools are set after the warm-up
    bool short_of_reserve = false;  // the balance needed more slots than the reserve had
};
// Reserve slots per person in the first estimate of the pools.
inline constexpr double kMarketReserve = 0.5;
// How often (days) the pools are set again during the warm-up.
inline constexpr double kRebalanceDays = 30;
MarketPools stationary_market(const Params& p, double promoter_share, double detractor_share,
                              double mean_churn_hazard_per_year);

// Sets the market's pools from the reserve for the customers as they are now
// (their promoter and detractor shares and churn hazards), so acquisitions
// balance churn from here on; the world's step calls it every month of the
// warm-up's balanced part (simulation.warmup_balanced_days) and at its end
// when customers.prospects = -1. Returns the pools set.
MarketPools rebalance_market(World& world);
// The pools' sizes as they are (no balance is checked: short_of_reserve false).
MarketPools count_pools(const Customers& customers);
// Brings the market's arrangement on the referral network near its stationary
// state before the warm-up (market_arrangement.cpp); does nothing unless
// arranges_market(): an auto-sized market with a warm-up, a network other than
// well mixed, and simulation.warmup_arrangement_years > 0.
bool arranges_market(const World& world);
void arrange_market(World& world);
// Word-of-mouth exposure of person i: the promoter and detractor shares among
// their referral ties (or in the whole market when well mixed).
void exposure(const World& world, std::uint32_t i, double& pos, double& neg);
// The per-tick probability of a person's candidate event in a status.
double candidate_bound(const World& world, CustomerStatus status);

// Runs the warm-up ticks (no program spending), leaving the world at recorded tick 0.
inline void warm_up(World& world) {
    advance(world, world.warmup_ticks, [] { return false; }, [](const TickStats&) {});
}

}  // namespace ambassim
