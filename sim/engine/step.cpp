// One tick of the world as a short sequence of named phases. Each parallel
// phase works on blocks of agents that write only their own slots (agent
// state, the `next` buffers, the block's tally); everything read from other
// agents comes from the `cur` buffers of the previous tick. Random numbers
// come from streams keyed by (seed, replicate, tick, agent, purpose).
#include "models/customer_dynamics.hpp"
#include "models/staffing.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/fast_normal.hpp"
#include "sim/engine/rng.hpp"

#include <boost/random/beta_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <array>
#include <bit>
#include <cmath>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ambassim {
namespace {

template <class F>
void for_each_block(std::size_t blocks, F&& f) {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, blocks, 1), [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t b = r.begin(); b != r.end(); ++b) f(b);
    });
}


void run_programs(World& w, TickStats& st) {
    const double day = static_cast<double>(w.tick - w.warmup_ticks) * w.dt_days;
    w.shares = w.tick < w.warmup_ticks ? ProgramVector{} : allocation_over_tick(w.params, w.strategy, day, w.dt_days);
    w.pressure = update_pressure(w.params.programs, w.saturation, w.pressure, w.shares, w.dt_days);
    st.shares = w.shares;
    st.pressure = w.pressure;
    st.spend_per_employee_per_year = spend_per_employee_per_year(w.params.programs, w.shares);
    // The capacity lever: extra front-line staff ramping up toward the phase's share.
    const double target = w.tick < w.warmup_ticks ? 0.0 : extra_front_line_on_day(w.params, w.strategy, day);
    if (target == 0 && w.extra_front_line == 0) {
        w.extra_front_line_mean = 0;
    } else {
        const ExtraStaffStep s =
            step_extra_front_line(w.extra_front_line, target, w.params.employees.new_hire_ramp_days, w.dt_days);
        w.extra_front_line = s.share;
        w.extra_front_line_mean = s.mean_share;
    }
    double front_line = 0;
    for (const auto& L : w.units) front_line += static_cast<double>(L.front_line_end - L.managers_end);
    st.extra_front_line = w.extra_front_line_mean;
    st.extra_staff_cost = extra_staff_cost(w.params.organisation.front_line_cost_per_year, w.extra_front_line_mean,
                                           front_line, w.dt_days);
}

// Front-line capacity and back-office process quality of every unit.
void measure_units(World& w) {
    const auto& em = w.employees;
    tbb::parallel_for(std::size_t{0}, w.units.size(), [&](std::size_t u) {
        const auto& L = w.units[u];
        double capacity = 0;
        for (std::uint32_t i = L.managers_end; i < L.front_line_end; ++i) {
            const double tenure_days = static_cast<double>(w.tick - em.hire_tick[i]) * w.dt_days;
            capacity += capacity_per_tick(w.params, em.cur.engagement[i], w.unit_baseline[u].engagement, tenure_days,
                                          w.dt_days);
        }
        double focus = 0;
        std::uint32_t n = 0;
        auto add = [&](std::uint32_t b, std::uint32_t e) {
            for (std::uint32_t i = b; i < e; ++i) focus += em.cur.customer_focus[i], ++n;
        };
        add(L.begin, L.managers_end);
        add(L.front_line_end, L.end);
        // Extra staff (the capacity lever) serve like the unit's own front line.
        w.unit_capacity[u] = w.extra_front_line_mean > 0 ? capacity * extra_capacity_factor(w.extra_front_line_mean) : capacity;
        w.unit_process[u] = n ? focus / n : w.unit_baseline[u].customer_focus;
    });
}

// Service needs per unit this tick: active customers whose scheduled need is
// now. The previous tick's customer pass counted them per block; only the
// first tick of a world (or of one changed since) needs a pass of its own.
void count_demand(World& w) {
    const auto& c = w.customers;
    const auto tick = static_cast<std::int32_t>(w.tick);
    if (w.block_demand_tick != w.tick) {
        w.block_demand.assign(w.customer_blocks.size(), 0);
        for_each_block(w.customer_blocks.size(), [&](std::size_t b) {
            const Block& blk = w.customer_blocks[b];
            std::int64_t n = 0;
            for (std::uint32_t i = blk.begin; i < blk.end; ++i)
                n += (c.status[i] == CustomerStatus::active) & (c.next_need[i] == tick) ? c.need_count[i] : 0;
            w.block_demand[b] = n;
        });
    }
    const auto& needs = w.block_demand;
    std::fill(w.unit_demand.begin(), w.unit_demand.end(), 0.0);
    for (std::size_t b = 0; b < needs.size(); ++b) w.unit_demand[w.customer_blocks[b].unit] += static_cast<double>(needs[b]);
    // Demand is felt and served over a service window (encounters.service_window_days),
    // not per tick: the tick's needs enter a moving average of the demand rate,
    // so load and the served share do not depend on the tick length.
    const double window = w.params.encounters.service_window_days;
    const double keep = window > 0 ? std::exp(-w.dt_days / window) : 0.0;
    for (std::size_t u = 0; u < w.units.size(); ++u) {
        const double rate_now = w.unit_demand[u] / w.dt_days;  // needs per day this tick
        double& rate = w.unit_demand_rate[u];
        rate = rate < 0 ? rate_now : rate * keep + rate_now * (1 - keep);
        const double cap = w.unit_capacity[u], dem = rate * w.dt_days;
        w.unit_load[u] = cap > 0 ? dem / cap : (dem > 0 ? 1e6 : 0.0);
        w.unit_served_share[u] = dem > 0 ? std::min(1.0, cap / dem) : 1.0;
    }
}

// The per-tick probability of a scheduled event and log(1 - p), computed once
// per tick instead of once per event: the geometric waiting time by
// inversion is floor(log(1 - u) / log(1 - p)) (geometric_wait, same result).
struct EventRate {
    double p, log1m_p;
    explicit EventRate(double prob) : p(prob), log1m_p(prob > 0 && prob < 1 ? std::log1p(-prob) : 0.0) {}
};
std::int32_t schedule_after(std::uint64_t tick, double u, const EventRate& r) {
    std::int64_t wait;
    if (!(r.p > 0))
        wait = kNeverTick;
    else if (r.p >= 1)
        wait = 0;
    else {
        const double k = std::floor(std::log1p(-u) / r.log1m_p);
        wait = k < static_cast<double>(kNeverTick) ? static_cast<std::int64_t>(k) : kNeverTick;
    }
    const std::int64_t t = static_cast<std::int64_t>(tick) + 1 + wait;
    return t >= kNeverTick ? kNeverTick : static_cast<std::int32_t>(t);
}

// How fast a customer's propensity to recommend can move while their memory
// only fades (see next_score_check).
struct ScoreBound {
    double rate_s, rate_b;  // |weight| (1 - keep) of satisfaction and bond
    double slack;           // (|w_s| + |w_b|) kFadeSlack
};
// Above the float rounding of one fade of a value below 8 (<= 2^-22), so the
// bound holds for the memory as the engine fades it, tick by tick.
inline constexpr double kFadeSlack = 1e-6;
// Above the double rounding of the propensity and of 11 x.
inline constexpr double kScoreEdgeMargin = 1e-9;

struct CustomerTickContext {
    double keep_s, keep_b, spend_dt;
    std::uint64_t tick;
    double need_rate;  // per tick
    EventRate churn, adopt, former;
    ScoreBound score;
    bool dense;  // rebuild the block's score counts and classes from every customer
};

// The first tick after `tick` at which a customer whose memory is m now
// (propensity x, score `score`) could have another score if nothing happens
// to them but fading. The score is non-decreasing in x and constant while x
// stays inside (score/11, (score+1)/11) (less kScoreEdgeMargin); each fade
// moves satisfaction by at most |s - base_s| (1 - keep_s) plus its rounding,
// and k fades by at most k times that (Bernoulli: 1 - keep^k <= k (1 - keep),
// and the rounding errors of the k fades add up to at most k kFadeSlack), so x
// moves by at most k rate in k ticks. Checking then (never later) and
// rescheduling keeps every score exact, bit for bit, at every tick.
std::int32_t next_score_check(const ScoreBound& sb, double base_s, double base_b, const CustomerMemory& m, double x,
                              std::uint8_t score, std::int32_t tick) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    const double lower = score >= 1 ? x - score / 11.0 : inf;
    const double upper = score <= 9 ? (score + 1) / 11.0 - x : inf;
    const double d = std::min(lower, upper) - kScoreEdgeMargin;
    if (!(d > 0)) return tick + 1;
    const double rate = sb.rate_s * std::abs(m.satisfaction - base_s) + sb.rate_b * std::abs(m.bond - base_b) + sb.slack;
    const double n = d / rate;  // ticks after the next one that cannot change the score
    if (!(n < static_cast<double>(kNeverTick))) return kNeverTick;
    return static_cast<std::int32_t>(std::min<std::int64_t>(kNeverTick, tick + 1 + static_cast<std::int64_t>(n)));
}

// Stores the schedule of i's next needs.
void set_needs(Customers& c, std::uint32_t i, const NeedSchedule& n) {
    c.next_need[i] = n.tick >= kNeverTick ? kNeverTick : static_cast<std::int32_t>(n.tick);
    c.need_count[i] = n.count;
    c.need_after[i] = n.after;
}

// Sums over the tick's service needs, kept apart from the per-customer sums
// so that the hot loop's accumulators never have their address taken.
struct NeedTally {
    std::int64_t needs = 0, served = 0, unserved = 0;
    double functional = 0, emotional = 0;
};

// The scheduled needs of active customer i this tick (memory m already
// faded), each served by a front-line employee of the unit or not; schedules
// the next needs from the exact time of the first later one. Out of line:
// about one customer in thirty has a need on a given day.
[[gnu::noinline]] CustomerMemory serve_need(World& w, std::uint32_t i, const Block& blk, const CustomerTickContext& k,
                                            const CustomerParams& cp, CustomerMemory m, NeedTally& t) {
    auto& c = w.customers;
    const auto& em = w.employees;
    const auto& L = w.units[blk.unit];
    const std::uint32_t n_front = L.front_line_end - L.managers_end;
    Stream sv(w.seed, w.replicate, k.tick, i, Purpose::service);
    Stream ns(w.seed, w.replicate, k.tick, i, Purpose::encounter_noise);
    for (int need = 0; need < c.need_count[i]; ++need) {
        ++t.needs;
        const double u_served = sv.uniform(), u_pick = sv.uniform();
        if (u_served < w.unit_served_share[blk.unit] && n_front > 0) {
            const std::uint32_t j = L.managers_end + std::min(n_front - 1, static_cast<std::uint32_t>(u_pick * n_front));
            const double z_f = standard_normal(ns), z_e = standard_normal(ns);
            const EncounterQuality q = encounter_quality(
                w.params.encounters, em.cur.engagement[j], em.cur.customer_focus[j], em.cur.ambassadorship[j],
                static_cast<float>(w.unit_process[blk.unit]), static_cast<float>(w.unit_load[blk.unit]), z_f, z_e);
            m = served(m, cp, q, w.unit_market[blk.unit]);
            ++t.served;
            t.functional += q.functional;
            t.emotional += q.emotional;
        } else {
            m = unserved(m, cp);
            ++t.unserved;
        }
    }
    Stream ss(w.seed, w.replicate, k.tick, i, Purpose::need_schedule);
    const double next = static_cast<double>(k.tick) + 1.0 + static_cast<double>(c.need_after[i]);
    set_needs(c, i, needs_from(next, k.need_rate, [&] { return ss.uniform(); }, kNeverTick));
    return m;
}

// A scheduled churn candidate of active customer i with this tick's loyalty:
// accepted with probability p(h) / p(bound) (thinning); schedules the next
// candidate event (churn, or adoption once churned). True if i churns.
[[gnu::noinline]] bool churn_candidate(World& w, std::uint32_t i, const CustomerTickContext& k,
                                       const CustomerParams& cp, double loyal) {
    auto& c = w.customers;
    Stream hs(w.seed, w.replicate, k.tick, i, Purpose::hazard_event);
    const double u_accept = hs.uniform();
    hs();  // slot 1: channel, used by adoptions only
    const double u_next = hs.uniform();
    const double p = event_probability(churn_hazard_per_year(cp, loyal), w.dt_years);
    const bool churns = u_accept * w.p_churn_bound < p;
    c.next_candidate[i] = schedule_after(k.tick, u_next, churns ? k.former : k.churn);
    if (churns) c.status[i] = CustomerStatus::churned;
    return churns;
}

enum class CandidateOutcome { nothing, adopted, renewed };

// A prospect or former customer at a scheduled candidate event: Bass
// adoption driven by marketing and by the word of mouth of the people they
// are tied to, accepted with probability p(h) / p(bound); a former customer
// may instead be replaced in the market by someone who never was a customer
// (market.renewal_per_year): the two hazards compete within the tick. On
// adoption the new customer's state is drawn (their tally comes later, in
// index order with the others).
CandidateOutcome adoption_candidate(World& w, std::uint32_t i, const Block& blk, const CustomerTickContext& k,
                                    const CustomerParams& cp, CustomerTally& t) {
    auto& c = w.customers;
    const CustomerStatus status = c.status[i];
    const bool former = status == CustomerStatus::churned;
    Stream hs(w.seed, w.replicate, k.tick, i, Purpose::hazard_event);
    const double u_accept = hs.uniform(), u_channel = hs.uniform(), u_next = hs.uniform();
    double pos, neg, referral_share;
    exposure(w, i, pos, neg);
    const double h_adopt = adoption_hazard_per_year(w.params.market, status, pos, neg, referral_share);
    const double h_renew = former ? w.params.market.renewal_per_year : 0.0;
    const double p = event_probability(h_adopt + h_renew, w.dt_years);
    if (!(u_accept * (former ? w.p_former_bound : w.p_adopt_bound) < p)) {
        c.next_candidate[i] = schedule_after(k.tick, u_next, former ? k.former : k.adopt);
        return CandidateOutcome::nothing;
    }
    if (former && hs.uniform() * (h_adopt + h_renew) < h_renew) {  // [3]: which of the two events
        c.status[i] = CustomerStatus::prospect;
        c.next_candidate[i] = schedule_after(k.tick, u_next, k.adopt);
        return CandidateOutcome::renewed;
    }
    const bool referral = u_channel < referral_share;
    Stream init(w.seed, w.replicate, k.tick, i, Purpose::acquisition_init);
    boost::random::beta_distribution<double> sat_d(cp.satisfaction.mean * cp.satisfaction.concentration,
                                                   (1 - cp.satisfaction.mean) * cp.satisfaction.concentration);
    const double sat = std::clamp(sat_d(init) + w.unit_market[blk.unit], 0.0, 1.0);
    boost::random::beta_distribution<double> bond_d(cp.bond.mean * cp.bond.concentration,
                                                    (1 - cp.bond.mean) * cp.bond.concentration);
    const double bond = bond_d(init) + (referral ? cp.referral_bond_bonus : 0.0);
    boost::random::normal_distribution<double> disp(0.0, cp.advocacy_idiosyncratic_sd);
    c.satisfaction[i] = static_cast<float>(sat);
    c.bond[i] = clamp01(bond);
    c.disposition[i] = static_cast<float>(disp(init));
    c.status[i] = CustomerStatus::active;
    c.channel[i] = referral ? Channel::referral : Channel::marketing;
    c.acquired_tick[i] = static_cast<std::int32_t>(k.tick);
    Stream ss(w.seed, w.replicate, k.tick, i, Purpose::need_schedule);
    set_needs(c, i, needs_after(static_cast<double>(k.tick) + 1.0, k.need_rate, [&] { return ss.uniform(); }, kNeverTick));
    c.next_candidate[i] = schedule_after(k.tick, u_next, k.churn);
    ++(referral ? t.acquired_referral : t.acquired_marketing);
    return CandidateOutcome::adopted;
}

// One block of people for one tick, in passes:
//  1. a scan (16 people at a time with SSE2) lists the customers active at
//     the start and the inactive people with an adoption candidate event;
//  2. adoption events (rare) are decided;
//  3a. every active customer's memory fades; scheduled needs and churn
//     candidates are handled out of line;
//  3b. the likelihood to recommend, NPS class, spend and tallies follow;
//     new customers are tallied at their place in index order, so every
//     floating-point sum adds the same terms in the same order as a plain
//     loop over the block.
// The next tick's demand (active customers whose next need is tick + 1) is
// counted on the way, which saves a separate pass over everyone.
// Arrays are read through raw pointers held in locals: through the vectors,
// every byte store (status, score, class) could alias their data pointers
// and would force reloading them.
template <bool kDistributions>
std::int64_t serve_block(World& w, const Block& blk, CustomerBlockScores& scores, const CustomerTickContext& k,
                         const CustomerParams& cp, std::uint32_t* act, std::uint32_t* cand, std::uint32_t* acquired,
                         CustomerTally& t) {
    auto& c = w.customers;
    float* const sat = c.satisfaction.data();
    float* const bond = c.bond.data();
    const float* const disp = c.disposition.data();
    const CustomerStatus* const status = c.status.data();
    std::uint8_t* const ltr = c.ltr.data();
    NpsClass* const nps_next = c.nps_next.data();
    const std::int32_t* const next_need = c.next_need.data();
    const std::uint8_t* const need_count = c.need_count.data();
    const std::int32_t* const next_candidate = c.next_candidate.data();
    const auto tick = static_cast<std::int32_t>(k.tick);

    // 1. Who is active; who is inactive with a candidate event now.
    std::uint32_t na = 0, nc = 0;
    std::int64_t prospects = 0, formers = 0;
    std::uint32_t p = blk.begin;
#if defined(__SSE2__)
    // 16 people at a time: bit masks from byte and int32 comparisons, so the
    // mostly empty candidate test and the class reset cost next to nothing.
    const __m128i v_active = _mm_set1_epi8(static_cast<char>(CustomerStatus::active));
    const __m128i v_prospect = _mm_set1_epi8(static_cast<char>(CustomerStatus::prospect));
    const __m128i v_tick = _mm_set1_epi32(tick);
    const __m128i v_former = _mm_set1_epi8(static_cast<char>(CustomerStatus::churned));
    const __m128i v_one = _mm_set1_epi8(1);
    __m128i v_prospects = _mm_setzero_si128(), v_formers = _mm_setzero_si128();
    for (; p + 16 <= blk.end; p += 16) {
        const __m128i s = _mm_loadu_si128(reinterpret_cast<const __m128i*>(status + p));
        auto a_mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(s, v_active)));
        const __m128i is_prospect = _mm_cmpeq_epi8(s, v_prospect);
        unsigned c_mask = 0;
        for (int q = 0; q < 4; ++q) {
            const __m128i nc4 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(next_candidate + p + 4 * q));
            c_mask |= static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(nc4, v_tick)))) << (4 * q);
        }
        c_mask &= ~a_mask;
        // Prospects counted in a vector (a 0/1 byte each, summed by psadbw):
        // without -mpopcnt, std::popcount is a library call.
        v_prospects = _mm_add_epi64(v_prospects, _mm_sad_epu8(_mm_and_si128(is_prospect, v_one), _mm_setzero_si128()));
        v_formers = _mm_add_epi64(v_formers,
                                  _mm_sad_epu8(_mm_and_si128(_mm_cmpeq_epi8(s, v_former), v_one), _mm_setzero_si128()));
        for (; a_mask; a_mask &= a_mask - 1) act[na++] = p + static_cast<std::uint32_t>(std::countr_zero(a_mask));
        for (; c_mask; c_mask &= c_mask - 1) cand[nc++] = p + static_cast<std::uint32_t>(std::countr_zero(c_mask));
    }
    alignas(16) std::int64_t halves[2];
    _mm_store_si128(reinterpret_cast<__m128i*>(halves), v_prospects);
    prospects = halves[0] + halves[1];
    _mm_store_si128(reinterpret_cast<__m128i*>(halves), v_formers);
    formers = halves[0] + halves[1];
#endif
    for (; p < blk.end; ++p) {
        const CustomerStatus s = status[p];
        const bool active = s == CustomerStatus::active;
        act[na] = p;
        na += active;
        cand[nc] = p;
        nc += !active & (next_candidate[p] == tick);
        prospects += s == CustomerStatus::prospect;
        formers += s == CustomerStatus::churned;
    }
    // A dense pass sets every class of the block afresh (none for people not
    // active at the end); otherwise nps_next holds last tick's classes and
    // only changes are written (and listed for the copy after the swap).
    if (k.dense) std::fill(nps_next + blk.begin, nps_next + blk.end, NpsClass::none);
    scores.all_changed = k.dense;
    std::int64_t churned_pool = formers;  // people outside the market are neither

    // 2. Adoption events.
    std::uint32_t nq = 0;
    for (std::uint32_t j = 0; j < nc; ++j) {
        const std::uint32_t i = cand[j];
        const bool was_prospect = status[i] == CustomerStatus::prospect;
        switch (adoption_candidate(w, i, blk, k, cp, t)) {
        case CandidateOutcome::adopted:
            acquired[nq++] = i;
            --(was_prospect ? prospects : churned_pool);
            break;
        case CandidateOutcome::renewed:
            ++prospects;
            --churned_pool;
            break;
        case CandidateOutcome::nothing: break;
        }
    }
    acquired[nq] = std::numeric_limits<std::uint32_t>::max();  // sentinel

    // 3. Active customers (and the new ones, in index order).
    NeedTally needs;
    std::int64_t churned = 0, next_demand = 0;
    double s_sat = 0, s_bond = 0, s_loyal = 0, revenue = 0;
    // Active customers per score 0..10, carried from tick to tick and changed
    // only where a score changes: gives the count, the NPS classes and the sum
    // of scores (a sum of small integers, exact in any order).
    std::array<std::int64_t, 11> by_score = k.dense ? std::array<std::int64_t, 11>{} : scores.by_score;
    std::int32_t* const score_check = w.score_check.data();
    const double base_s = cp.satisfaction.mean + w.unit_market[blk.unit], base_b = cp.bond.mean;
    const auto next_tick = tick + 1;
    auto set_class = [&](std::uint32_t i, NpsClass cls) {
        if (k.dense) {
            nps_next[i] = cls;
        } else if (nps_next[i] != cls) {
            nps_next[i] = cls;
            scores.class_changes.push_back(i);
        }
    };
    // Customer i active at the end of the tick with memory m: their score
    // now (counted in by_score unless `counted` holds their old one), class
    // and next check.
    auto score_customer = [&](std::uint32_t i, const CustomerMemory& m, bool counted) {
        const double x = advocacy_propensity(cp, m, disp[i]);
        const std::uint8_t score = score_of_propensity(x);
        if (!counted || score != ltr[i]) {
            if (counted) --by_score[ltr[i]];
            ++by_score[score];
            set_class(i, nps_class(score));
        }
        ltr[i] = score;
        score_check[i] = next_score_check(k.score, base_s, base_b, m, x, score, tick);
    };
    auto tally = [&](const CustomerMemory& m, double loyal) {
        s_sat += m.satisfaction;
        s_bond += m.bond;
        s_loyal += loyal;
        revenue += spend_per_year(cp, loyal) * k.spend_dt;
        if constexpr (kDistributions) {
            const auto bin = histogram_bins(m.satisfaction, m.bond, static_cast<float>(loyal), 0.0f);
            ++t.h_satisfaction[static_cast<std::size_t>(bin[0])];
            ++t.h_bond[static_cast<std::size_t>(bin[1])];
            ++t.h_loyalty[static_cast<std::size_t>(bin[2])];
        }
    };
    auto tally_new = [&](std::uint32_t i) {
        const CustomerMemory m{sat[i], bond[i]};
        score_customer(i, m, false);
        tally(m, loyalty(cp, m));
        next_demand += next_need[i] == next_tick ? need_count[i] : 0;
    };
    // 3a. Memory of the customers active at the start: fade, scheduled needs,
    // churn candidates; the next tick's demand. Kept apart from 3b so that
    // each loop's dependency chains are short and consecutive customers
    // overlap in the pipeline.
    const float market = w.unit_market[blk.unit];
    for (std::uint32_t j = 0; j < na; ++j) {
        const std::uint32_t i = act[j];
        CustomerMemory m = fade({sat[i], bond[i]}, cp, k.keep_s, k.keep_b, market);
        std::int32_t need = next_need[i];
        if (need == tick) [[unlikely]] {
            m = serve_need(w, i, blk, k, cp, m, needs);
            need = next_need[i];
            score_check[i] = tick;  // the encounter moved the memory: score it now
        }
        sat[i] = m.satisfaction;
        bond[i] = m.bond;
        bool churns = false;
        if (next_candidate[i] == tick) [[unlikely]] {
            churns = churn_candidate(w, i, k, cp, loyalty(cp, m));
            churned += churns;
        }
        next_demand += (need == next_tick) & !churns ? need_count[i] : 0;
    }
    // 3b. Tallies of everyone active at the start (a churned customer still
    // spent this tick) or acquired, in index order; scores and classes where
    // they may have changed (an event, a scheduled check, a dense pass).
    std::uint32_t q = 0;
    for (std::uint32_t j = 0; j < na; ++j) {
        const std::uint32_t i = act[j];
        while (acquired[q] < i) tally_new(acquired[q++]);
        const CustomerMemory m{sat[i], bond[i]};
        const double loyal = loyalty(cp, m);
        if (status[i] != CustomerStatus::active) [[unlikely]] {
            revenue += spend_per_year(cp, loyal) * k.spend_dt;  // spent this tick, then left
            if (!k.dense) --by_score[ltr[i]];
            ltr[i] = likelihood_to_recommend(cp, m, disp[i]);  // their last score
            set_class(i, NpsClass::none);
            continue;
        }
        if (k.dense || score_check[i] <= tick) [[unlikely]]
            score_customer(i, m, !k.dense);
        tally(m, loyal);
    }
    while (q < nq) tally_new(acquired[q++]);

    scores.by_score = by_score;
    std::int64_t active = 0, promoters = 0, passives = 0, detractors = 0, score_sum = 0;
    for (int score = 0; score <= 10; ++score) {
        const std::int64_t n = by_score[static_cast<std::size_t>(score)];
        const NpsClass cls = nps_class(static_cast<std::uint8_t>(score));
        active += n;
        score_sum += score * n;
        promoters += cls == NpsClass::promoter ? n : 0;
        passives += cls == NpsClass::passive ? n : 0;
        detractors += cls == NpsClass::detractor ? n : 0;
    }
    t.active = active;
    t.prospects = prospects;
    t.churned_pool = churned_pool + churned;
    t.churned = churned;
    t.needs = needs.needs, t.served = needs.served, t.unserved = needs.unserved;
    t.functional = needs.functional, t.emotional = needs.emotional;
    t.promoters = promoters, t.passives = passives, t.detractors = detractors;
    t.satisfaction = s_sat, t.bond = s_bond, t.loyalty = s_loyal, t.revenue = revenue;
    t.ltr = static_cast<double>(score_sum);
    return next_demand;
}

void serve_customers(World& w, TickStats& st) {
    const auto& cp = w.params.customers;
    const double keep_s = std::exp(-cp.satisfaction_decay_per_year * w.dt_years);
    const double keep_b = std::exp(-cp.bond_decay_per_year * w.dt_years);
    // Everything the scores' schedule was computed with: if any of it differs
    // from last tick's, the schedule is rebuilt.
    const std::array<double, 7> key{cp.advocacy_satisfaction_weight, cp.advocacy_bond_weight, cp.advocacy_offset,
                                    cp.satisfaction.mean, cp.bond.mean, keep_s, keep_b};
    const std::size_t B = w.customer_blocks.size();
    const bool dense = w.score_schedule_tick != w.tick || key != w.score_key ||
                       w.score_check.size() != w.customers.size() || w.block_scores.size() != B;
    if (dense) {  // the pass sets every active customer's check and every block's counts
        w.score_check.resize(w.customers.size());
        w.block_scores.resize(B);
        w.score_key = key;
    }
    const double a_s = std::abs(cp.advocacy_satisfaction_weight), a_b = std::abs(cp.advocacy_bond_weight);
    const CustomerTickContext k{keep_s,
                                keep_b,
                                w.dt_years,
                                static_cast<std::uint64_t>(w.tick),
                                w.need_rate,
                                EventRate(w.p_churn_bound),
                                EventRate(w.p_adopt_bound),
                                EventRate(w.p_former_bound),
                                ScoreBound{a_s * (1 - keep_s), a_b * (1 - keep_b), (a_s + a_b) * kFadeSlack},
                                dense};
    std::vector<CustomerTally> tallies(B);
    w.block_demand.resize(B);
    for_each_block(w.customer_blocks.size(), [&](std::size_t b) {
        const Block& blk = w.customer_blocks[b];
        // Index lists of the block (and a sentinel); a local copy of the
        // customer parameters stays in registers or at least in the stack.
        std::array<std::uint32_t, kCustomerBlock> act, cand;
        std::array<std::uint32_t, kCustomerBlock + 1> acquired;
        const CustomerParams local = cp;
        CustomerTally t;
        w.block_demand[b] = st.distributions
                                ? serve_block<true>(w, blk, w.block_scores[b], k, local, act.data(), cand.data(), acquired.data(), t)
                                : serve_block<false>(w, blk, w.block_scores[b], k, local, act.data(), cand.data(), acquired.data(), t);
        tallies[b] = t;
    });
    w.block_demand_tick = w.tick + 1;
    w.score_schedule_tick = w.tick + 1;
    st.unit_customers.assign(w.units.size(), CustomerTally{});
    for (std::size_t b = 0; b < tallies.size(); ++b) {
        st.customers.add(tallies[b]);
        st.unit_customers[w.customer_blocks[b].unit].add_scalars(tallies[b]);
    }
    for (std::size_t u = 0; u < w.units.size(); ++u) {
        const auto& t = st.unit_customers[u];
        // Relative to the unit's own customer baseline: staff feel their customers
        // doing better than usual, not the local market they do not control.
        const double base = cp.satisfaction.mean + w.unit_market[u];
        w.unit_satisfaction_gap[u] = t.active ? t.satisfaction / static_cast<double>(t.active) - base : 0.0;
    }
    w.promoters_prev = static_cast<double>(st.customers.promoters);
    w.detractors_prev = static_cast<double>(st.customers.detractors);
}

// After the class buffers' swap: the classes that changed this tick copied
// into the buffer the next tick writes, so that it starts equal to the
// classes everyone reads (the customer pass writes only changes).
void sync_class_buffers(World& w) {
    auto& c = w.customers;
    for_each_block(w.block_scores.size(), [&](std::size_t b) {
        CustomerBlockScores& s = w.block_scores[b];
        if (s.all_changed) {
            const Block& blk = w.customer_blocks[b];
            std::copy(c.nps_cur.begin() + blk.begin, c.nps_cur.begin() + blk.end, c.nps_next.begin() + blk.begin);
        } else {
            for (const std::uint32_t i : s.class_changes) c.nps_next[i] = c.nps_cur[i];
        }
        s.class_changes.clear();
        s.all_changed = false;
    });
}

EmployeeState state_of(const EmployeeStates& s, std::uint32_t i) {
    return {s.engagement[i], s.customer_focus[i], s.ambassadorship[i], s.experience[i]};
}

void store(EmployeeStates& s, std::uint32_t i, const EmployeeState& v) {
    s.engagement[i] = v.engagement;
    s.customer_focus[i] = v.customer_focus;
    s.ambassadorship[i] = v.ambassadorship;
    s.experience[i] = v.experience;
}

EmployeeContext employee_context(const World& w, std::uint32_t i, const EmployeeState& self) {
    const auto& cur = w.employees.cur;
    const auto& g = w.org;
    double pe = 0, pc = 0, pa = 0;
    const std::uint64_t b = g.offsets[i], e = g.offsets[i + 1];
    for (std::uint64_t k = b; k < e; ++k) {
        const std::uint32_t j = g.targets[k];
        pe += cur.engagement[j], pc += cur.customer_focus[j], pa += cur.ambassadorship[j];
    }
    const double n = static_cast<double>(e - b);
    const std::uint32_t m = w.employees.manager[i];
    const std::uint32_t u = w.employees.unit[i];
    return {n > 0 ? static_cast<float>(pe / n) : self.engagement, n > 0 ? static_cast<float>(pc / n) : self.customer_focus,
            n > 0 ? static_cast<float>(pa / n) : self.ambassadorship, cur.engagement[m], cur.ambassadorship[m],
            static_cast<float>(w.unit_load[u]), static_cast<float>(w.unit_satisfaction_gap[u]), &w.pressure};
}

EmployeeState new_hire(const World& w, std::uint32_t i, const Baseline& base) {
    const auto& ep = w.params.employees;
    Stream s(w.seed, w.replicate, static_cast<std::uint64_t>(w.tick), i, Purpose::new_hire);
    auto beta = [&](double mean, double k) {
        boost::random::beta_distribution<double> d(mean * k, (1 - mean) * k);
        return static_cast<float>(d(s));
    };
    const float e = beta(base.engagement, ep.engagement.concentration);
    const float c = beta(base.customer_focus, ep.customer_focus.concentration);
    const float a = beta(base.ambassadorship, ep.ambassadorship.concentration);
    const float x = beta(base.experience, ep.experience.concentration);
    return {e, static_cast<float>(c * ep.new_hire_customer_focus_factor), a, x};
}

void update_employees(World& w, TickStats& st) {
    auto& em = w.employees;
    const auto tick = static_cast<std::uint64_t>(w.tick);
    std::vector<EmployeeTally> tallies(w.employee_blocks.size());
    for_each_block(w.employee_blocks.size(), [&](std::size_t b) {
        const Block& blk = w.employee_blocks[b];
        const Baseline& base = w.unit_baseline[blk.unit];
        for (std::uint32_t i = blk.begin; i < blk.end; ++i) {
            const Role role = em.role[i];
            const EmployeeState self = state_of(em.cur, i);
            Stream s(w.seed, w.replicate, tick, i, Purpose::employee_tick);
            const double u_quit = s.uniform();
            // Braces: the four draws are taken in order.
            const EmployeeNoise noise{static_cast<float>(standard_normal(s)), static_cast<float>(standard_normal(s)),
                                      static_cast<float>(standard_normal(s)), static_cast<float>(standard_normal(s))};
            EmployeeState next =
                step_employee(w.params, role, self, base, employee_context(w, i, self), noise, w.dt_years);
            RoleTally& t = tallies[b][static_cast<int>(role)];
            const double p_quit =
                event_probability(attrition_hazard_per_year(w.params.employees, role, self, base), w.dt_years);
            if (u_quit < p_quit) {
                next = new_hire(w, i, base);
                em.hire_tick[i] = static_cast<std::int32_t>(w.tick + 1);
                ++t.quits;
            }
            store(em.next, i, next);
            ++t.count;
            const SurveyClass cls = survey_class(w.params.employees, next);
            t.ambassadors += cls == SurveyClass::ambassador;
            t.saboteurs += cls == SurveyClass::saboteur;
            const std::array<float, kEmployeeVars> v{next.engagement, next.customer_focus, next.ambassadorship,
                                                     next.experience};
            for (int k = 0; k < kEmployeeVars; ++k) t.sum[k] += v[k];
            if (st.distributions) {
                const auto bin = histogram_bins(v[0], v[1], v[2], v[3]);
                for (int k = 0; k < kEmployeeVars; ++k) ++t.hist[k][static_cast<std::size_t>(bin[k])];
            }
            t.tenure_days += static_cast<double>(w.tick + 1 - em.hire_tick[i]) * w.dt_days;
        }
    });
    st.unit_employees.assign(w.units.size(), RoleTally{});
    for (std::size_t b = 0; b < tallies.size(); ++b)
        for (int r = 0; r < kRoles; ++r) {
            st.roles[r].add(tallies[b][r]);
            st.unit_employees[w.employee_blocks[b].unit].add_scalars(tallies[b][r]);
        }
}

}  // namespace

// Word-of-mouth exposure of person i: promoter and detractor shares among
// their referral ties (or in the whole market when well mixed).
void exposure(const World& w, std::uint32_t i, double& pos, double& neg) {
    const auto& g = w.referral;
    if (w.network == NetworkKind::well_mixed) {
        const double n = static_cast<double>(w.customers.size());
        pos = w.promoters_prev / n;
        neg = w.detractors_prev / n;
        return;
    }
    const std::uint64_t b = g.offsets[i], e = g.offsets[i + 1];
    if (b == e) {
        pos = neg = 0;
        return;
    }
    std::uint32_t np = 0, nd = 0;
    for (std::uint64_t k = b; k < e; ++k) {
        const NpsClass cls = w.customers.nps_cur[g.targets[k]];
        np += cls == NpsClass::promoter;
        nd += cls == NpsClass::detractor;
    }
    pos = np / static_cast<double>(e - b);
    neg = nd / static_cast<double>(e - b);
}

TickStats step(World& w) {
    TickStats st;
    st.tick = w.tick + 1 - w.warmup_ticks;
    st.distributions = w.tick >= w.warmup_ticks;  // nobody records the warm-up
    run_programs(w, st);
    measure_units(w);
    count_demand(w);
    serve_customers(w, st);
    update_employees(w, st);
    st.unit_capacity = w.unit_capacity;
    st.unit_demand = w.unit_demand;
    std::swap(w.employees.cur, w.employees.next);
    std::swap(w.customers.nps_cur, w.customers.nps_next);
    sync_class_buffers(w);
    ++w.tick;
    if (w.tick == w.coarse_ticks) switch_to_run_ticks(w);
    // The market is kept in balance through the first
    // simulation.warmup_balanced_days of the warm-up (every month and at the
    // end of that part), then runs free, so the pools' sizes and make-up are
    // the full model's own stationary state when recording starts (docs/model.md 5).
    const auto every = std::max<std::int64_t>(1, std::llround(kRebalanceDays / w.dt_days));
    if (w.balance_market && w.tick <= w.balanced_ticks && (w.tick == w.balanced_ticks || w.tick % every == 0)) {
        w.market_short = rebalance_market(w).short_of_reserve;
        forget_carried_customer_state(w);
    }
    if (w.balance_market && w.tick == w.warmup_ticks) {  // the pools recording starts with
        const MarketPools pools = count_pools(w.customers);
        w.prospects_at_start = pools.prospects;
        w.former_at_start = pools.former;
    }
    return st;
}


}  // namespace ambassim
