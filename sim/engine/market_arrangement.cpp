// Who sits next to whom on the referral network, brought near its
// stationary state before the warm-up (docs/model.md 5, "the market's
// arrangement"). Word of mouth is local, so the placement of customers,
// prospects and former customers on the network is a slow state of its own:
// prospects with customer ties adopt and leave the pool, those without adopt
// only at the marketing rate p (0.03/yr), so a random initial placement keeps
// relaxing for decades, and the warm-up's rebalancing, which adds reserve
// slots to the pools, must draw them from a reserve arranged like the pools.
//
// This runs the market's status process alone, in continuous time, for
// simulation.warmup_arrangement_years, with the reserve taking part as
// prospects: a customer churns at their churn hazard and becomes a former
// customer; at the same moment someone adopts, chosen in proportion to their
// adoption hazard from their ties' NPS classes (a former customer's scaled by
// winback_factor), with a newly acquired customer's state (a referral's bond
// bonus included); former customers renew into prospects at renewal_per_year.
// Churn and adoption are paired, so the number of customers stays as
// configured. At the end the reserve is drawn at random from the prospects
// and former customers, each slot remembering its pool, so the warm-up's
// rebalancing adds to a pool slots placed as its members are. Customers'
// memories do not evolve here (the warm-up relaxes them, a matter of a few
// years). One stream per event and integer weights in Fenwick trees: the
// result depends on the seed and replicate only, bit for bit.
#include "models/customer_dynamics.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/initial_customer.hpp"
#include "sim/engine/rng.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace ambassim {
namespace {

// Hazards (per year) as integers in units of 2^-30 per year, so the trees'
// sums are exact and independent of the order of updates.
constexpr double kWeightScale = 1073741824.0;
std::uint64_t weight_of(double hazard_per_year) {
    return hazard_per_year > 0 ? static_cast<std::uint64_t>(std::llround(hazard_per_year * kWeightScale)) : 0;
}

// Fenwick tree of non-negative integer weights: set a weight, draw an index
// with probability weight / total.
class WeightTree {
public:
    explicit WeightTree(std::size_t n) : tree_(n + 1, 0), leaf_(n, 0) {
        while (top_ * 2 <= n) top_ *= 2;
    }
    std::uint64_t total() const { return total_; }
    void set(std::size_t i, std::uint64_t w) {
        const std::uint64_t old = leaf_[i];
        if (w == old) return;
        leaf_[i] = w;
        total_ += w - old;  // unsigned wrap-around: exact
        for (std::size_t k = i + 1; k < tree_.size(); k += k & (~k + 1)) tree_[k] += w - old;
    }
    // The index whose cumulative weight range holds target (< total()).
    std::size_t find(std::uint64_t target) const {
        std::size_t pos = 0;
        for (std::size_t step = top_; step > 0; step >>= 1) {
            if (pos + step < tree_.size() && tree_[pos + step] <= target) {
                pos += step;
                target -= tree_[pos];
            }
        }
        return pos;
    }

private:
    std::vector<std::uint64_t> tree_, leaf_;
    std::uint64_t total_ = 0;
    std::size_t top_ = 1;
};

__extension__ typedef unsigned __int128 Wide;  // GCC's, outside ISO C++
// A uniform integer in [0, n), n > 0 (the high word of a 64 x 64 product).
std::uint64_t below(Stream& s, std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<Wide>(s()) * n) >> 64);
}

}  // namespace

bool arranges_market(const World& w) {
    return w.balance_market && w.network != NetworkKind::well_mixed &&
           w.params.simulation.warmup_arrangement_years > 0;
}

void arrange_market(World& w) {
    if (!arranges_market(w)) return;
    auto& c = w.customers;
    const auto& cp = w.params.customers;
    const auto& mp = w.params.market;
    const auto& g = w.referral;
    const std::size_t N = c.size();

    std::size_t reserve = 0;
    for (auto& st : c.status) {
        if (st != CustomerStatus::outside) continue;
        st = CustomerStatus::prospect;
        ++reserve;
    }
    // Promoter and detractor ties of every person (the network is symmetric:
    // a person's ties are also the people they are a tie of).
    std::vector<std::uint32_t> np(N, 0), nd(N, 0);
    auto count_ties = [&](std::uint32_t i, bool arriving) {
        const NpsClass k = c.nps_cur[i];
        if (k != NpsClass::promoter && k != NpsClass::detractor) return;
        auto& count = k == NpsClass::promoter ? np : nd;
        for (std::uint64_t e = g.offsets[i]; e < g.offsets[i + 1]; ++e) {
            if (arriving) ++count[g.targets[e]];
            else --count[g.targets[e]];
        }
    };
    auto exposure_of = [&](std::uint32_t i, double& pos, double& neg) {
        const double deg = static_cast<double>(g.degree(i));
        pos = deg > 0 ? np[i] / deg : 0.0;
        neg = deg > 0 ? nd[i] / deg : 0.0;
    };
    auto adoption_weight = [&](std::uint32_t i) -> std::uint64_t {
        const auto st = c.status[i];
        if (st != CustomerStatus::prospect && st != CustomerStatus::churned) return 0;
        double pos, neg, referral_share;
        exposure_of(i, pos, neg);
        return weight_of(adoption_hazard_per_year(mp, st, pos, neg, referral_share));
    };
    auto churn_weight = [&](std::uint32_t i) {
        return weight_of(churn_hazard_per_year(cp, loyalty(cp, {c.satisfaction[i], c.bond[i]})));
    };

    WeightTree churn(N), adopt(N);
    std::vector<std::uint32_t> former, former_pos(N, 0);
    auto add_former = [&](std::uint32_t i) {
        former_pos[i] = static_cast<std::uint32_t>(former.size());
        former.push_back(i);
    };
    auto remove_former = [&](std::uint32_t i) {
        const std::uint32_t last = former.back();
        former[former_pos[i]] = last;
        former_pos[last] = former_pos[i];
        former.pop_back();
    };
    for (std::uint32_t i = 0; i < N; ++i)
        if (c.status[i] == CustomerStatus::active) count_ties(i, true);
    for (std::uint32_t i = 0; i < N; ++i) {
        if (c.status[i] == CustomerStatus::active) churn.set(i, churn_weight(i));
        adopt.set(i, adoption_weight(i));
        if (c.status[i] == CustomerStatus::churned) add_former(i);
    }
    // The adoption weights of person i's ties after i's class came or went
    // (a passive customer's ties do not change).
    auto update_ties = [&](std::uint32_t i, NpsClass k) {
        if (k != NpsClass::promoter && k != NpsClass::detractor) return;
        for (std::uint64_t e = g.offsets[i]; e < g.offsets[i + 1]; ++e) {
            const std::uint32_t j = g.targets[e];
            adopt.set(j, adoption_weight(j));
        }
    };

    const double years = w.params.simulation.warmup_arrangement_years;
    double t = 0;
    std::uint64_t event = 0;
    for (;; ++event) {
        Stream s(w.seed, w.replicate, event, 0, Purpose::market_arrangement);
        const double churn_rate = static_cast<double>(churn.total()) / kWeightScale;
        const double renew_rate = mp.renewal_per_year * static_cast<double>(former.size());
        const double rate = churn_rate + renew_rate;
        if (!(rate > 0)) break;
        t += -std::log1p(-s.uniform()) / rate;
        if (t > years) break;
        if (s.uniform() * rate < renew_rate) {  // a former customer leaves; a newcomer takes their place
            const std::uint32_t i = former[below(s, former.size())];
            remove_former(i);
            c.status[i] = CustomerStatus::prospect;
            adopt.set(i, adoption_weight(i));
            continue;
        }
        if (churn.total() == 0) break;
        const auto i = static_cast<std::uint32_t>(churn.find(below(s, churn.total())));
        const NpsClass leaving = c.nps_cur[i];
        count_ties(i, false);
        c.status[i] = CustomerStatus::churned;
        c.nps_cur[i] = NpsClass::none;
        c.channel[i] = Channel::none;
        churn.set(i, 0);
        add_former(i);
        update_ties(i, leaving);
        adopt.set(i, adoption_weight(i));
        // Adopters come from the whole market, so customers gather in the
        // units whose word of mouth is strongest, as they do in the full
        // model (customers per unit vary with a coefficient of 0.2 at the
        // end of both the arrangement and a 30-year warm-up without it, at
        // the default size; docs/model.md 5).
        if (adopt.total() == 0) break;
        const auto j = static_cast<std::uint32_t>(adopt.find(below(s, adopt.total())));
        if (c.status[j] == CustomerStatus::churned) remove_former(j);
        double pos, neg, referral_share;
        exposure_of(j, pos, neg);
        adoption_hazard_per_year(mp, CustomerStatus::prospect, pos, neg, referral_share);
        // A referred customer starts with the referral's bond bonus, as the model's acquisition does.
        set_initial_customer(w, j, Purpose::market_arrangement_state, event,
                             s.uniform() < referral_share ? cp.referral_bond_bonus : 0.0);
        adopt.set(j, 0);
        churn.set(j, churn_weight(j));
        count_ties(j, true);
        update_ties(j, c.nps_cur[j]);
    }
    // The reserve: a uniformly random subset of the prospects and former
    // customers (selection sampling in index order, one stream), each
    // remembering its pool.
    Stream pick(w.seed, w.replicate, 0, 1, Purpose::market_arrangement);  // agent 1: not an event's stream
    std::size_t others = 0;
    for (const auto st : c.status) others += st == CustomerStatus::prospect || st == CustomerStatus::churned;
    w.reserve_kind.assign(N, CustomerStatus::prospect);
    for (std::size_t i = 0; i < N && reserve > 0; ++i) {
        if (c.status[i] != CustomerStatus::prospect && c.status[i] != CustomerStatus::churned) continue;
        if (below(pick, others) < reserve) {
            w.reserve_kind[i] = c.status[i];
            c.status[i] = CustomerStatus::outside;
            --reserve;
        }
        --others;
    }
}

}  // namespace ambassim
