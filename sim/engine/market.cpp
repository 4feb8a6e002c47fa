// The market's pools (prospects, customers, former customers): their
// stationary sizes, and setting them from the reserve at the end of the
// warm-up so the recorded world starts in balance (docs/model.md 5).
#include "models/customer_dynamics.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/radix_order.hpp"
#include "sim/engine/rng.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <vector>
#include <utility>

namespace ambassim {
namespace {

// Pools P (prospects) and F (former customers) whose flows balance for A
// customers in a market of N people: F = c A / (w h_P + r), P = r F / h_P,
// with h_P = bp + (q pi_p - n pi_d) A / N the prospects' adoption hazard
// (word of mouth reaches a person in proportion to the promoters and
// detractors among the N people).
std::pair<double, double> balanced_pools(const Params& p, double A, double N, double promoter_share,
                                         double detractor_share, double c) {
    const double wom = p.market.bass_q_per_year * promoter_share - p.market.negative_wom_per_year * detractor_share;
    const double h = std::max(0.0, p.market.bass_p_per_year + wom * A / N);
    const double wb = p.market.winback_factor, r = p.market.renewal_per_year;
    const double F = (wb * h + r) > 0 ? c * A / (wb * h + r) : 0.0;
    const double P = h > 0 ? r * F / h : 0.0;
    return {P, F};
}

}  // namespace

double candidate_bound(const World& w, CustomerStatus s) {
    switch (s) {
    case CustomerStatus::active: return w.p_churn_bound;
    case CustomerStatus::churned: return w.p_former_bound;
    case CustomerStatus::prospect: return w.p_adopt_bound;
    case CustomerStatus::outside: return 0.0;
    }
    return 0.0;
}

MarketPools stationary_market(const Params& p, double promoter_share, double detractor_share,
                              double mean_churn_hazard_per_year) {
    // N = A + P(N) + F(N), solved by bisection: the right-hand side grows more
    // slowly than N (word of mouth per person thins out as the market grows).
    const double A = static_cast<double>(p.customers.customers);
    const double c = mean_churn_hazard_per_year, cap = 100 * A;
    auto pools = [&](double N) { return balanced_pools(p, A, N, promoter_share, detractor_share, c); };
    const auto [P_cap, F_cap] = pools(cap);
    const bool renewal = p.market.renewal_per_year > 0, winback = p.market.winback_factor > 0;
    if (!(c > 0) || !(F_cap > 0) || (renewal && !(P_cap > 0)) || (!renewal && !winback))
        return {static_cast<std::int64_t>(std::llround(A)), 0, 0};  // no balance: as many prospects as customers
    double lo = A, hi = cap;
    for (int it = 0; it < 200 && hi - lo > 0.25; ++it) {
        const double mid = 0.5 * (lo + hi);
        const auto [P, F] = pools(mid);
        (A + P + F > mid ? lo : hi) = mid;
    }
    const auto [P, F] = pools(0.5 * (lo + hi));
    return {static_cast<std::int64_t>(std::llround(std::min(P, cap))),
            static_cast<std::int64_t>(std::llround(std::min(F, cap))), 0};
}

MarketPools rebalance_market(World& w) {
    auto& c = w.customers;
    const auto& cp = w.params.customers;
    const auto& mp = w.params.market;
    const std::size_t N = c.size();
    // The flows as they are now: the customers' churn hazards, and the
    // adoption hazard h_i of every non-customer slot with its actual exposure
    // to word of mouth (a former customer's is w h_i). Who joins or leaves a
    // pool: non-customer slots in a random order (a key per slot from its own
    // stream: the 53 bits of its uniform draw, ordered as the draw is).
    // Per slot in parallel (each writes only its own entries); summed and
    // listed in index order below, so nothing depends on the thread count.
    std::vector<double> h(N, 0.0);  // a customer's churn hazard, anyone else's adoption hazard
    std::vector<std::uint64_t> key(N, 0);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, N, 4096), [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) {
            if (c.status[i] == CustomerStatus::active) {
                h[i] = churn_hazard_per_year(cp, loyalty(cp, {c.satisfaction[i], c.bond[i]}));
                continue;
            }
            double pos, neg, referral_share;
            exposure(w, static_cast<std::uint32_t>(i), pos, neg);
            h[i] = adoption_hazard_per_year(mp, CustomerStatus::prospect, pos, neg, referral_share);
            Stream s(w.seed, w.replicate, static_cast<std::uint64_t>(w.tick), i, Purpose::market_rebalance);
            key[i] = s() >> 11;  // Stream::uniform() is this times 2^-53
        }
    });
    double churn = 0, from_former = 0, from_prospects = 0;
    std::size_t A = 0;
    std::vector<KeyedSlot> order;
    for (std::size_t i = 0; i < N; ++i) {
        if (c.status[i] == CustomerStatus::active) {
            ++A;
            churn += h[i];
            continue;
        }
        if (c.status[i] == CustomerStatus::churned) from_former += h[i];
        if (c.status[i] == CustomerStatus::prospect) from_prospects += h[i];
        order.push_back({key[i], static_cast<std::uint32_t>(i)});
    }
    if (A == 0) return {};
    // The pools keep their make-up (people with little word of mouth linger
    // as prospects, as in a real market); only their sizes change, until the
    // flows balance:
    //   former customers: churn in = re-adoption w sum(h_F) + renewal r F out,
    //   customers: churn out = adoption sum(h_P) + w sum(h_F) in
    // (and so prospects: renewal r F in = adoption sum(h_P) out).
    sort_by_key(order, 53);
    const double wb = mp.winback_factor, renew = mp.renewal_per_year;
    std::vector<std::uint32_t> changed;
    auto convert = [&](std::uint32_t i, CustomerStatus to) {
        c.status[i] = to;
        changed.push_back(i);
    };
    double former_out = wb * from_former;
    for (const auto& [k, i] : order) former_out += c.status[i] == CustomerStatus::churned ? renew : 0.0;
    // With an arranged market a reserve slot joins the pool it was drawn
    // from, and the other pool only if its own kind runs out (second pass).
    const bool kinds = !w.reserve_kind.empty();
    auto joins = [&](std::uint32_t i, CustomerStatus pool, bool any) {
        return c.status[i] == CustomerStatus::outside && (any || !kinds || w.reserve_kind[i] == pool);
    };
    auto leave = [&](std::uint32_t i) {
        if (kinds) w.reserve_kind[i] = c.status[i];
        convert(i, CustomerStatus::outside);
    };
    for (int pass = 0; pass < (kinds ? 2 : 1); ++pass) {
        for (const auto& [k, i] : order) {  // former customers
            if (former_out < churn && joins(i, CustomerStatus::churned, pass == 1)) {
                convert(i, CustomerStatus::churned);
                former_out += wb * h[i] + renew, from_former += h[i];
            } else if (pass == 0 && former_out > churn && c.status[i] == CustomerStatus::churned &&
                       former_out - (wb * h[i] + renew) >= churn) {
                leave(i);
                former_out -= wb * h[i] + renew, from_former -= h[i];
            }
        }
    }
    const double wanted = churn - wb * from_former;  // adoption by prospects
    for (int pass = 0; pass < (kinds ? 2 : 1); ++pass) {
        for (const auto& [k, i] : order) {  // prospects
            if (from_prospects < wanted && joins(i, CustomerStatus::prospect, pass == 1)) {
                convert(i, CustomerStatus::prospect);
                from_prospects += h[i];
            } else if (pass == 0 && from_prospects > wanted && c.status[i] == CustomerStatus::prospect &&
                       from_prospects - h[i] >= wanted) {
                leave(i);
                from_prospects -= h[i];
            }
        }
    }
    for (std::uint32_t i : changed) {
        Stream s(w.seed, w.replicate, static_cast<std::uint64_t>(w.tick), i, Purpose::market_rebalance);
        s.uniform();  // [0] was the slot's key
        c.next_candidate[i] = schedule_from(w.tick, s.uniform(), candidate_bound(w, c.status[i]));
    }
    MarketPools pools = count_pools(c);
    // Still short of the flows' balance: the market shrinks from here on.
    pools.short_of_reserve = former_out < churn * (1 - 1e-9) || from_prospects < wanted * (1 - 1e-9);
    return pools;
}

MarketPools count_pools(const Customers& c) {
    MarketPools pools;
    for (const auto st : c.status) {
        pools.prospects += st == CustomerStatus::prospect;
        pools.former += st == CustomerStatus::churned;
        pools.reserve += st == CustomerStatus::outside;
    }
    return pools;
}

}  // namespace ambassim
