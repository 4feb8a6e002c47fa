// Aggregates of one tick, reduced without locks: every block of agents fills
// its own tally, and tallies are added in block order, so floating-point sums
// are identical whatever the number of threads. Histograms (100 bins on
// [0,1]) give the quantiles of agent states.
#pragma once

#include "models/agents.hpp"
#include "models/programs.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ambassim {

inline constexpr int kBins = 100;
using Histogram = std::array<std::uint32_t, kBins>;

inline int histogram_bin(float v) { return std::clamp(static_cast<int>(v * kBins), 0, kBins - 1); }
inline void add_to_histogram(Histogram& h, float v) { h[static_cast<std::size_t>(histogram_bin(v))]++; }

// The bins of four values at once (the hot loops bin three or four values
// per agent): clamped to [0, kBins - 1] as floats, then truncated. Equal to
// histogram_bin for every v with |v * kBins| < 2^31, NaN included (maxps
// returns its second operand, 0, for NaN): truncation is monotone, so
// clamping before it gives the same bin. Agent states are within [-2, 2].
inline std::array<int, 4> histogram_bins(float a, float b, float c, float d) {
#if defined(__SSE2__)
    const __m128 x = _mm_mul_ps(_mm_set_ps(d, c, b, a), _mm_set1_ps(static_cast<float>(kBins)));
    const __m128 y = _mm_min_ps(_mm_max_ps(x, _mm_setzero_ps()), _mm_set1_ps(static_cast<float>(kBins - 1)));
    alignas(16) std::array<int, 4> out;
    _mm_store_si128(reinterpret_cast<__m128i*>(out.data()), _mm_cvttps_epi32(y));
    return out;
#else
    return {histogram_bin(a), histogram_bin(b), histogram_bin(c), histogram_bin(d)};
#endif
}
inline void add_histogram(Histogram& into, const Histogram& h) {
    for (int b = 0; b < kBins; ++b) into[b] += h[b];
}

struct CustomerTally {
    std::int64_t active = 0, prospects = 0, churned_pool = 0;
    std::int64_t needs = 0, served = 0, unserved = 0;
    std::int64_t acquired_marketing = 0, acquired_referral = 0, churned = 0;
    std::int64_t promoters = 0, passives = 0, detractors = 0;
    double satisfaction = 0, bond = 0, loyalty = 0, ltr = 0, revenue = 0;  // sums over active customers
    double functional = 0, emotional = 0;                                  // sums over served encounters
    Histogram h_satisfaction{}, h_bond{}, h_loyalty{};

    void add_scalars(const CustomerTally& o) {
        active += o.active, prospects += o.prospects, churned_pool += o.churned_pool;
        needs += o.needs, served += o.served, unserved += o.unserved;
        acquired_marketing += o.acquired_marketing, acquired_referral += o.acquired_referral, churned += o.churned;
        promoters += o.promoters, passives += o.passives, detractors += o.detractors;
        satisfaction += o.satisfaction, bond += o.bond, loyalty += o.loyalty, ltr += o.ltr, revenue += o.revenue;
        functional += o.functional, emotional += o.emotional;
    }
    void add(const CustomerTally& o) {
        add_scalars(o);
        add_histogram(h_satisfaction, o.h_satisfaction);
        add_histogram(h_bond, o.h_bond);
        add_histogram(h_loyalty, o.h_loyalty);
    }
};

// Employee states: engagement, customer focus, ambassadorship, experience.
inline constexpr int kEmployeeVars = 4;
inline constexpr std::array<const char*, kEmployeeVars> kEmployeeVarNames{"engagement", "customer_focus",
                                                                          "ambassadorship", "experience"};

struct RoleTally {
    std::int64_t count = 0, quits = 0;
    std::int64_t ambassadors = 0, saboteurs = 0;  // survey classes (employee_dynamics.hpp)
    std::array<double, kEmployeeVars> sum{};
    double tenure_days = 0;
    std::array<Histogram, kEmployeeVars> hist{};

    void add_scalars(const RoleTally& o) {
        count += o.count, quits += o.quits, tenure_days += o.tenure_days;
        ambassadors += o.ambassadors, saboteurs += o.saboteurs;
        for (int v = 0; v < kEmployeeVars; ++v) sum[v] += o.sum[v];
    }
    void add(const RoleTally& o) {
        add_scalars(o);
        for (int v = 0; v < kEmployeeVars; ++v) add_histogram(hist[v], o.hist[v]);
    }
};
using EmployeeTally = std::array<RoleTally, kRoles>;

// Everything recorded about one tick.
struct TickStats {
    std::int64_t tick = 0;  // 1-based: the tick just completed
    // Whether the histograms (customers' and employees') were filled: not in
    // the warm-up, whose ticks nobody records; every other total is.
    bool distributions = true;
    CustomerTally customers;
    EmployeeTally roles{};
    std::vector<CustomerTally> unit_customers;  // scalars only (no histograms)
    std::vector<RoleTally> unit_employees;      // all roles together, scalars only
    std::vector<double> unit_capacity, unit_demand;
    ProgramVector shares{}, pressure{}, spend_per_employee_per_year{};
    double extra_front_line = 0;  // effective extra front-line share, mean over the tick
    double extra_staff_cost = 0;  // what the extra front-line staff cost during the tick (currency)
};

}  // namespace ambassim
