// Customer submodels: service encounters (functional and emotional quality),
// satisfaction and bond updates, loyalty, the 0-10 likelihood to recommend,
// spend, churn and Bass-type adoption. Pure functions; random draws are
// passed in by the engine. Equations: docs/model.md.
#pragma once

#include "models/agents.hpp"
#include "models/employee_dynamics.hpp"
#include "models/params.hpp"

#include <algorithm>
#include <cmath>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ambassim {

struct EncounterQuality {
    float functional, emotional;
};

// Quality of one encounter served by an employee with engagement e, customer
// focus c and ambassadorship a, in a unit with back-office process quality
// `process` and load `load`; z_f, z_e are standard normal draws.
inline EncounterQuality encounter_quality(const EncounterParams& n, float e, float c, float a, float process,
                                          float load, double z_f, double z_e) {
    const double pressure = std::max(0.0, 1.0 - n.pressure_quality_penalty * std::max(0.0, load - 1.0));
    const double functional = n.functional_engagement_weight * e + n.functional_focus_weight * c +
                              n.functional_process_weight * process;
    const double emotional = n.emotional_ambassadorship_weight * a + n.emotional_engagement_weight * e;
    return {clamp01(pressure * functional + n.functional_noise_sd * z_f),
            clamp01(pressure * emotional + n.emotional_noise_sd * z_e)};
}

struct CustomerMemory {
    float satisfaction, bond;
};

// Memory fades toward the baseline every tick (keep_* = exp(-decay*dt)).
// `market` is the unit's satisfaction offset (organisation.unit_market_sd):
// what its customers get beyond the service (local competition, product
// range, location) shifts both the baseline and what an encounter teaches,
// so a unit's satisfaction is its staff-driven level plus that offset.
inline CustomerMemory fade(const CustomerMemory& m, const CustomerParams& cp, double keep_s, double keep_b,
                           float market = 0) {
    const double base_s = cp.satisfaction.mean + market;
    return {static_cast<float>(base_s + (m.satisfaction - base_s) * keep_s),
            static_cast<float>(cp.bond.mean + (m.bond - cp.bond.mean) * keep_b)};
}

inline CustomerMemory served(const CustomerMemory& m, const CustomerParams& cp, const EncounterQuality& q,
                             float market = 0) {
    return {clamp01(m.satisfaction + cp.satisfaction_learning * (q.functional + market - m.satisfaction)),
            clamp01(m.bond + cp.bond_learning * (q.emotional - m.bond))};
}

inline CustomerMemory unserved(const CustomerMemory& m, const CustomerParams& cp) {
    return {clamp01(m.satisfaction * (1 - cp.unserved_satisfaction_penalty)),
            clamp01(m.bond * (1 - cp.unserved_bond_penalty))};
}

inline double loyalty(const CustomerParams& cp, const CustomerMemory& m) {
    return cp.loyalty_satisfaction_weight * m.satisfaction + cp.loyalty_bond_weight * m.bond;
}

// std::clamp(x, 0, 1) for every x, NaN and -0 included, without branches:
// GCC turns std::clamp on doubles into two branches (it may not reorder
// NaN comparisons), which mispredict for high and low scorers in the hot
// loop; maxsd/minsd in this operand order give exactly clamp's results.
inline double clamp_unit(double x) {
#if defined(__SSE2__)
    return _mm_cvtsd_f64(_mm_min_sd(_mm_set_sd(1.0), _mm_max_sd(_mm_set_sd(0.0), _mm_set_sd(x))));
#else
    return std::clamp(x, 0.0, 1.0);
#endif
}

// Likelihood to recommend on the 0-10 scale: the weighted propensity plus
// offset and personal disposition, cut into 11 equal bins of [0,1].
inline double advocacy_propensity(const CustomerParams& cp, const CustomerMemory& m, float disposition) {
    return cp.advocacy_satisfaction_weight * m.satisfaction + cp.advocacy_bond_weight * m.bond + cp.advocacy_offset +
           disposition;
}
// The score of propensity x: non-decreasing in x, so it is constant while x
// stays strictly inside (s/11, (s+1)/11) (the engine schedules score checks by it).
inline std::uint8_t score_of_propensity(double x) {
    // floor(11 x) for x in [0,1] is a truncation: no libm call in the hot loop.
    const int bin = static_cast<int>(11.0 * clamp_unit(x));
    return static_cast<std::uint8_t>(bin > 10 ? 10 : bin);
}
inline std::uint8_t likelihood_to_recommend(const CustomerParams& cp, const CustomerMemory& m, float disposition) {
    return score_of_propensity(advocacy_propensity(cp, m, disposition));
}

// A table, not comparisons: the class of neighbouring customers is
// unpredictable, and mispredicted branches cost more than the lookup.
inline NpsClass nps_class(std::uint8_t ltr) {
    static constexpr NpsClass kClass[11] = {
        NpsClass::detractor, NpsClass::detractor, NpsClass::detractor, NpsClass::detractor,
        NpsClass::detractor, NpsClass::detractor, NpsClass::detractor, NpsClass::passive,
        NpsClass::passive,   NpsClass::promoter,  NpsClass::promoter};
    return kClass[ltr > 10 ? 10 : ltr];
}

inline double churn_hazard_per_year(const CustomerParams& cp, double loyalty_value) {
    return cp.churn_per_year * std::exp(-cp.churn_loyalty_sensitivity * (loyalty_value - cp.loyalty_reference));
}

inline double spend_per_year(const CustomerParams& cp, double loyalty_value) {
    return cp.spend_per_year * std::max(0.0, 1.0 + cp.spend_loyalty_sensitivity * (loyalty_value - cp.loyalty_reference));
}

// Adoption hazard per year for someone not (or no longer) a customer who is
// exposed to promoter share w_pos and detractor share w_neg: the Bass hazard
// p + q*w_pos, reduced by negative word of mouth; `referral_share` receives
// the part of the hazard due to word of mouth (for channel attribution).
inline double adoption_hazard_per_year(const MarketParams& mp, CustomerStatus status, double w_pos, double w_neg,
                                       double& referral_share) {
    const double positive = mp.bass_p_per_year + mp.bass_q_per_year * w_pos;
    const double h = std::max(0.0, positive - mp.negative_wom_per_year * w_neg);
    referral_share = positive > 0 ? mp.bass_q_per_year * w_pos / positive : 0.0;
    return status == CustomerStatus::churned ? h * mp.winback_factor : h;
}

// Upper bounds of the churn and adoption hazards, for sampling by thinning:
// candidate events come at the bound's rate and are accepted with
// probability p(h) / p(bound). Loyalty is in [0,1] (weights sum to 1), so
// churn is highest at loyalty 0; exposure shares are at most 1 and the
// win-back factor at most 1, so adoption is at most p + q.
inline double churn_hazard_bound(const CustomerParams& cp) {
    return cp.churn_per_year * std::exp(cp.churn_loyalty_sensitivity * cp.loyalty_reference);
}
inline double adoption_hazard_bound(const MarketParams& mp) { return mp.bass_p_per_year + mp.bass_q_per_year; }
// A former customer's events: re-adoption (at the win-back fraction) or renewal.
inline double former_hazard_bound(const MarketParams& mp) {
    return adoption_hazard_bound(mp) * mp.winback_factor + mp.renewal_per_year;
}

// Service needs are a Poisson process in continuous time (rate per tick),
// sampled exactly whatever the tick length: a customer's next need tick, how
// many needs fall in it (any number, not at most one) and when the first
// need after that tick falls, relative to the end of that tick (so the
// process continues from an exact time). Counts saturate at 255 per tick, far
// above any rate a scenario allows (365 a year at 30-day ticks is 30).
struct NeedSchedule {
    std::int64_t tick;   // tick of the next need(s); `never` if the rate is 0
    std::uint8_t count;  // needs in that tick (>= 1 unless never)
    float after;         // time of the first later need minus (tick + 1), in ticks
};

// Starting from a need at absolute time `first` (in ticks), counts the needs
// of its tick with exponential gaps drawn from uniform() (values in [0,1)).
template <class Uniform>
NeedSchedule needs_from(double first, double rate, Uniform&& uniform, std::int64_t never) {
    if (!(rate > 0) || !(first < static_cast<double>(never))) return {never, 0, 0.0f};
    const double tick = std::floor(first);
    const double end = tick + 1;
    double t = first;
    int count = 1;
    for (;;) {
        t += -std::log1p(-uniform()) / rate;
        if (t >= end || count == 255) break;
        ++count;
    }
    if (t < end) t = end;  // saturated count: the next need opens the next tick
    return {static_cast<std::int64_t>(tick), static_cast<std::uint8_t>(count), static_cast<float>(t - end)};
}

// The needs after time `from` (in ticks): the first gap from uniform(), then as needs_from.
template <class Uniform>
NeedSchedule needs_after(double from, double rate, Uniform&& uniform, std::int64_t never) {
    if (!(rate > 0)) return {never, 0, 0.0f};
    const double first = from - std::log1p(-uniform()) / rate;
    return needs_from(first, rate, uniform, never);
}

// Whole ticks before the first success of independent per-tick trials with
// probability p (0 = success on the first trial), from a uniform u in [0,1):
// the geometric distribution by inversion. `never` if p <= 0.
inline std::int64_t geometric_wait(double u, double p, std::int64_t never) {
    if (!(p > 0)) return never;
    if (p >= 1) return 0;
    const double k = std::floor(std::log1p(-u) / std::log1p(-p));
    return k < static_cast<double>(never) ? static_cast<std::int64_t>(k) : never;
}

}  // namespace ambassim
