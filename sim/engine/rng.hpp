// Counter-based random streams (Random123's Philox4x64-10).
//
// A stream is addressed by (seed, replicate, tick, agent, purpose): the key
// holds (seed, replicate), the counter holds (tick, agent, purpose, draw).
// No generator state is shared between agents or threads, so a run's random
// numbers do not depend on the thread count or on the order agents are
// processed. Each decision has its own purpose, so a strategy that changes
// how many numbers one decision consumes does not shift any other decision's
// numbers: replicate r of every strategy sees common random numbers.
// Streams satisfy UniformRandomBitGenerator and feed Boost.Random
// distributions, whose output (unlike <random>'s) is pinned by a golden test.
#pragma once

#include <Random123/philox.h>

#include <cstdint>
#include <limits>

namespace ambassim {

// What a stream is used for. Values are part of the reproducibility contract:
// append new purposes, never renumber.
enum class Purpose : std::uint64_t {
    org_network = 1,       // one sequential stream for the whole organisation network
    referral_network = 2,  // one sequential stream for the whole referral network
    employee_init = 3,     // per employee: initial state and tenure
    customer_init = 4,     // per person: initial satisfaction, bond, disposition
    initial_actives = 5,   // one stream: which people are customers at the start
    unit_culture = 6,      // per unit: culture offsets of the baselines
    employee_tick = 7,     // per employee and tick: [0] attrition, then 4 noise normals
    new_hire = 8,          // per employee slot and tick: the replacement's initial state
    retired_customer_tick = 9,  // no longer used (per-tick draws were replaced by event schedules)
    encounter_noise = 10,  // per person and tick: encounter quality noise, two normals per served need
    acquisition_init = 11, // per person and tick: state of a newly acquired customer
    need_schedule = 12,    // per person and tick of a need or acquisition: exponential gaps between needs
    hazard_event = 13,     // per person and tick of a churn/adoption candidate: [0] accept,
                           // [1] channel (adoption), [2] wait to the next candidate
    initial_schedule = 14, // per person at the start: [0] gap to the first need, [1] wait to the first
                           // candidate, [2..] gaps between the needs of the first need's tick
    service = 15,          // per person and tick of needs: per need, served, then which server
    unit_market = 16,      // per unit: [0] satisfaction offset of its customers (local market)
    tick_switch = 18,      // per person at the end of the coarse warm-up: [0] wait to the next candidate
                           // event, [1] gap to the next need, [2..] gaps between the needs of its tick
    market_rebalance = 17, // per non-customer slot and rebalancing tick of the warm-up: [0] its place in
                           // the order slots join or leave pools, [1] wait to its first candidate event
    market_arrangement = 19, // per event of the market's arrangement before the warm-up (market_arrangement.cpp),
                             // agent 0: [0] wait, [1] which event, [2] who churns or renews, [3] who adopts,
                             // [4] channel; tick 0, agent 1: which slots form the reserve
    market_arrangement_state = 20, // per event and adopter of the arrangement: the new customer's state
    user = 1000,           // first value free for analysis code (bootstrap, designs)
};

class Stream {
public:
    using result_type = std::uint64_t;

    Stream(std::uint64_t seed, std::uint64_t replicate, std::uint64_t tick, std::uint64_t agent,
           Purpose purpose) noexcept
        : key_{{seed, replicate}}, ctr_{{tick, agent, static_cast<std::uint64_t>(purpose), 0}} {}

    static constexpr result_type min() noexcept { return 0; }
    static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

    result_type operator()() noexcept {
        if (pos_ == 4) refill();
        return out_.v[pos_++];
    }

    // Uniform double in [0, 1) with 53 random bits.
    double uniform() noexcept { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

private:
    using Philox = r123::Philox4x64;
    void refill() noexcept {
        out_ = Philox()(ctr_, key_);
        ++ctr_.v[3];
        pos_ = 0;
    }
    Philox::key_type key_;
    Philox::ctr_type ctr_;
    Philox::ctr_type out_{};
    unsigned pos_ = 4;
};

}  // namespace ambassim
