// The simulated world of one run: agents (structure of arrays), networks,
// unit layout, program pressures and the per-unit quantities the phases of a
// tick hand to each other. Built by build_world() (world_init.cpp), advanced
// by step() (step.cpp).
#pragma once

#include "models/agents.hpp"
#include "models/employee_dynamics.hpp"
#include "models/networks.hpp"
#include "models/params.hpp"
#include "models/programs.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace ambassim {

// A contiguous block of agents of one unit: the unit of parallel work and of
// deterministic reduction (partials are combined in block order).
struct Block {
    std::uint32_t begin, end, unit;
};
// Most people in one block of the customer pass (its scratch lists are sized by it).
inline constexpr std::uint32_t kCustomerBlock = 4096;

// What the customer pass carries per block from tick to tick: the block's
// active customers per score 0..10 (its NPS counts), and whose NPS class
// changed this tick (copied into the other class buffer after the swap; all
// of the block's people after a dense pass).
struct CustomerBlockScores {
    std::array<std::int64_t, 11> by_score{};
    std::vector<std::uint32_t> class_changes;
    bool all_changed = false;
};

struct World {
    Params params;
    StrategyKind strategy = StrategyKind::none;      // params.strategy.name, resolved (set_strategy)
    NetworkKind network = NetworkKind::small_world;  // params.market.network, resolved
    SaturationScope saturation = SaturationScope::family;  // params.programs.saturation_scope, resolved
    std::uint64_t seed = 0;
    std::uint64_t replicate = 0;
    double dt_days = 1, dt_years = 1.0 / 365;
    std::int64_t tick = 0;          // ticks completed, warm-up included (keys the random streams)
    std::int64_t warmup_ticks = 0;  // the first warmup_ticks ticks run under `none` and are not recorded
    std::int64_t coarse_ticks = 0;  // of which the first coarse_ticks are coarse (spin_up.cpp)
    std::int64_t balanced_ticks = 0;  // the market is rebalanced in the first balanced_ticks (spin_up.cpp)

    std::vector<UnitLayout> units;          // employee index ranges per unit and role
    std::vector<std::uint32_t> people_begin;  // people of unit u: [people_begin[u], people_begin[u+1])
    std::vector<Baseline> unit_baseline;    // unit culture: where employee states return to
    std::vector<float> unit_market;         // satisfaction offset of the unit's customers (local market)

    Employees employees;
    Csr org;
    Customers customers;
    Csr referral;
    std::vector<Block> employee_blocks, customer_blocks;

    // The need rate, and the per-tick probabilities of the candidate churn and
    // adoption events (hazard bounds, for thinning).
    double need_rate = 0;  // expected needs per active customer per tick (a Poisson process)
    double p_churn_bound = 0, p_adopt_bound = 0, p_former_bound = 0;  // former: adoption + renewal

    ProgramVector shares{}, pressure{};
    double extra_front_line = 0;       // effective extra front-line staff share (models/staffing.hpp)
    double extra_front_line_mean = 0;  // its mean over the current tick: scales the front line's capacity
    std::int64_t prospects_at_start = 0;    // resolved customers.prospects
    std::int64_t former_at_start = 0;       // former customers at the start (stationary market)
    bool balance_market = false;            // set the stationary pools at the end of the warm-up
    // Per person, once the market was arranged (market_arrangement.cpp): the
    // pool a reserve slot was drawn from, which the pools' rebalancing takes
    // its additions from first, so reserve slots join the pool they are
    // placed like. Empty otherwise.
    std::vector<CustomerStatus> reserve_kind;
    bool market_short = false;              // at the end of the warm-up the reserve could not balance the market

    // Per-unit quantities of the current tick.
    std::vector<double> unit_capacity;      // encounters the front line can serve this tick
    std::vector<double> unit_process;       // back-office process quality
    std::vector<double> unit_demand;        // needs this tick
    std::vector<double> unit_demand_rate;   // needs per day, averaged over the service window
    std::vector<double> unit_load;          // demand (window average) / capacity
    std::vector<double> unit_served_share;  // min(1, capacity / demand)
    std::vector<double> unit_satisfaction_gap;  // mean satisfaction of active customers - baseline
    // Needs per customer block at tick block_demand_tick, counted by the
    // customer pass of the tick before (-1: not counted yet).
    std::vector<std::int64_t> block_demand;
    std::int64_t block_demand_tick = -1;
    // Whole-market NPS counts of the previous tick (well-mixed exposure).
    double promoters_prev = 0, detractors_prev = 0;

    // The customer pass's schedule of scores (issue #20, step.cpp): a
    // customer's 0-10 score (customers.ltr) and NPS class change only at their
    // events or when fading carries their propensity across a score edge, so
    // the pass recomputes them only at those ticks. Valid for tick
    // score_schedule_tick under the parameters in score_key; anything else
    // (a new world, the tick-length switch, the market's rebalancing, other
    // customer parameters) makes the next pass rebuild it densely.
    std::vector<std::int32_t> score_check;  // per person: the first tick their score could change
    std::vector<CustomerBlockScores> block_scores;
    std::int64_t score_schedule_tick = -1;
    std::array<double, 7> score_key{};
};

// Makes the next customer pass recount what it carries from tick to tick
// (the next tick's demand, the scores' schedule): after anything outside
// step() changed customers' states or the tick length.
inline void forget_carried_customer_state(World& w) {
    w.block_demand_tick = -1;
    w.score_schedule_tick = -1;
}

}  // namespace ambassim
