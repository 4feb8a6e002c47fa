// Builds the initial world: unit layout and culture, employees with states
// and tenures drawn from the baseline distributions, the organisation
// network, the market (size resolved), initial customers and the referral
// network. Everything is keyed by the seed and replicate only, never by the
// strategy, so all strategies of a replicate start from the same world.
#include "sim/engine/engine.hpp"
#include "models/customer_dynamics.hpp"
#include "sim/engine/initial_customer.hpp"
#include "sim/engine/rng.hpp"

#include <boost/random/beta_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ambassim {
namespace {

constexpr std::uint32_t kEmployeeBlock = 512;

double draw_beta(Stream& s, double mean, double concentration) {
    const double m = std::clamp(mean, 1e-3, 1 - 1e-3);
    boost::random::beta_distribution<double> beta(m * concentration, (1 - m) * concentration);
    return beta(s);
}

std::vector<Baseline> draw_unit_culture(const World& w) {
    const auto& ep = w.params.employees;
    const double sd = w.params.organisation.unit_culture_sd;
    std::vector<Baseline> out(w.units.size());
    auto shift = [](double mean, double z) { return static_cast<float>(std::clamp(mean + z, 0.02, 0.98)); };
    for (std::size_t u = 0; u < out.size(); ++u) {
        Stream s(w.seed, w.replicate, 0, u, Purpose::unit_culture);
        boost::random::normal_distribution<double> n(0.0, sd);
        // One common culture shock plus a little independent noise per state:
        // units with engaged staff also tend to be customer-focused.
        const double common = n(s);
        out[u] = {shift(ep.engagement.mean, common + 0.5 * n(s)), shift(ep.customer_focus.mean, common + 0.5 * n(s)),
                  shift(ep.ambassadorship.mean, common + 0.5 * n(s)), shift(ep.experience.mean, common + 0.5 * n(s))};
    }
    return out;
}

// Local market of each unit: a fixed offset to its customers' satisfaction,
// independent of its staff (so unit satisfaction is not all staff-driven).
// Centred over the units: the offsets say how units differ, the company-wide
// level stays customers.satisfaction_mean (so a company of few units does
// not get a lucky or unlucky market by chance).
std::vector<float> draw_unit_market(const World& w) {
    std::vector<double> z(w.units.size());
    for (std::size_t u = 0; u < z.size(); ++u) {
        Stream s(w.seed, w.replicate, 0, u, Purpose::unit_market);
        boost::random::normal_distribution<double> n(0.0, w.params.organisation.unit_market_sd);
        z[u] = n(s);
    }
    const double centre = z.size() > 1 ? std::accumulate(z.begin(), z.end(), 0.0) / static_cast<double>(z.size()) : 0.0;
    std::vector<float> out(z.size());
    for (std::size_t u = 0; u < z.size(); ++u) out[u] = static_cast<float>(std::clamp(z[u] - centre, -0.3, 0.3));
    return out;
}

double attrition_base(const EmployeeParams& ep, Role r) {
    return r == Role::front_line ? ep.attrition_front_line_per_year
           : r == Role::back_office ? ep.attrition_back_office_per_year
                                    : ep.attrition_manager_per_year;
}

std::vector<Block> make_blocks(const std::vector<std::uint32_t>& unit_begin, std::uint32_t block) {
    std::vector<Block> out;
    for (std::size_t u = 0; u + 1 < unit_begin.size(); ++u)
        for (std::uint32_t b = unit_begin[u]; b < unit_begin[u + 1]; b += block)
            out.push_back({b, std::min(b + block, unit_begin[u + 1]), static_cast<std::uint32_t>(u)});
    return out;
}

void init_employees(World& w) {
    const auto& p = w.params;
    const auto E = static_cast<std::size_t>(p.organisation.employees);
    auto& em = w.employees;
    em.cur.resize(E);
    em.next.resize(E);
    em.hire_tick.resize(E);
    em.role.resize(E);
    em.unit.resize(E);
    for (std::size_t u = 0; u < w.units.size(); ++u) {
        const auto& L = w.units[u];
        const Baseline& base = w.unit_baseline[u];
        for (std::uint32_t i = L.begin; i < L.end; ++i) {
            const Role r = i < L.managers_end ? Role::manager : i < L.front_line_end ? Role::front_line : Role::back_office;
            em.role[i] = r;
            em.unit[i] = static_cast<std::uint32_t>(u);
            Stream s(w.seed, w.replicate, 0, i, Purpose::employee_init);
            em.cur.engagement[i] = static_cast<float>(draw_beta(s, base.engagement, p.employees.engagement.concentration));
            em.cur.customer_focus[i] = static_cast<float>(draw_beta(s, base.customer_focus, p.employees.customer_focus.concentration));
            em.cur.ambassadorship[i] = static_cast<float>(draw_beta(s, base.ambassadorship, p.employees.ambassadorship.concentration));
            em.cur.experience[i] = static_cast<float>(draw_beta(s, base.experience, p.employees.experience.concentration));
            // Tenures of a stationary workforce are exponential with the quit hazard.
            const double h = std::max(attrition_base(p.employees, r), 1e-3);
            boost::random::exponential_distribution<double> tenure_years(h);
            const double tenure_days = std::min(tenure_years(s), 40.0) * 365.0;
            em.hire_tick[i] = -static_cast<std::int32_t>(std::lround(tenure_days / w.dt_days));
        }
    }
    em.next = em.cur;
}

struct InitialCustomer {
    CustomerMemory memory;
    float disposition;
};

InitialCustomer draw_customer(const World& w, std::uint64_t person, Purpose purpose, std::uint64_t tick,
                              double bond_bonus) {
    const auto& cp = w.params.customers;
    Stream s(w.seed, w.replicate, tick, person, purpose);
    const double sat = draw_beta(s, cp.satisfaction.mean, cp.satisfaction.concentration);
    const double bond = draw_beta(s, cp.bond.mean, cp.bond.concentration);
    boost::random::normal_distribution<double> n(0.0, cp.advocacy_idiosyncratic_sd);
    return {{static_cast<float>(sat), clamp01(bond + bond_bonus)}, static_cast<float>(n(s))};
}

// The market's pools: customers.prospects as given (no former customers at
// the start), or (if -1) the stationary prospect and former-customer pools
// for the initial customers' churn hazard and promoter and detractor shares,
// sampled with the same streams as the initial customers.
MarketPools resolve_market(const World& w) {
    const auto& cp = w.params.customers;
    if (cp.prospects >= 0) return {cp.prospects, 0};
    const std::int64_t sample = std::min<std::int64_t>(cp.customers, 20000);
    double promoters = 0, detractors = 0, hazard = 0;
    for (std::int64_t i = 0; i < sample; ++i) {
        const auto c = draw_customer(w, static_cast<std::uint64_t>(i), Purpose::customer_init, 0, 0);
        const NpsClass k = nps_class(likelihood_to_recommend(cp, c.memory, c.disposition));
        promoters += k == NpsClass::promoter;
        detractors += k == NpsClass::detractor;
        hazard += churn_hazard_per_year(cp, loyalty(cp, c.memory));
    }
    MarketPools pools = stationary_market(w.params, promoters / sample, detractors / sample, hazard / sample);
    // Reserve slots: the pools are set again at the end of the warm-up from
    // the customers as they are then, and may need more people than this
    // first estimate from the initial draws.
    if (w.warmup_ticks > 0)
        pools.reserve = static_cast<std::int64_t>(std::llround(kMarketReserve * static_cast<double>(pools.prospects + pools.former)));
    return pools;
}

void init_customers(World& w) {
    const auto& p = w.params;
    const MarketPools pools = resolve_market(w);
    w.prospects_at_start = pools.prospects;
    w.former_at_start = pools.former;
    const auto N = static_cast<std::size_t>(p.customers.customers + pools.prospects + pools.former + pools.reserve);
    auto& c = w.customers;
    c.satisfaction.assign(N, static_cast<float>(p.customers.satisfaction.mean));
    c.bond.assign(N, static_cast<float>(p.customers.bond.mean));
    c.disposition.assign(N, 0.0f);
    c.status.assign(N, CustomerStatus::prospect);
    c.channel.assign(N, Channel::none);
    c.acquired_tick.assign(N, 0);
    c.ltr.assign(N, 0);
    c.nps_cur.assign(N, NpsClass::none);
    c.next_need.assign(N, kNeverTick);
    c.need_count.assign(N, 0);
    c.need_after.assign(N, 0.0f);
    c.next_candidate.assign(N, kNeverTick);

    // The initial customers: a uniformly random subset (partial Fisher-Yates).
    std::vector<std::uint32_t> people(N);
    std::iota(people.begin(), people.end(), 0u);
    Stream pick(w.seed, w.replicate, 0, 0, Purpose::initial_actives);
    // The former customers and the reserve: the next uniformly random subsets.
    const auto A = static_cast<std::size_t>(p.customers.customers);
    const auto F = static_cast<std::size_t>(pools.former), X = static_cast<std::size_t>(pools.reserve);
    for (std::size_t k = 0; k < A + F + X; ++k) {
        boost::random::uniform_int_distribution<std::size_t> d(k, N - 1);
        std::swap(people[k], people[d(pick)]);
        c.status[people[k]] = k < A ? CustomerStatus::active : k < A + F ? CustomerStatus::churned : CustomerStatus::outside;
    }
    const auto U = w.units.size();
    w.people_begin.resize(U + 1);
    for (std::size_t u = 0; u <= U; ++u) w.people_begin[u] = static_cast<std::uint32_t>(N * u / U);
    // Every person's draws come from their own streams, so this loop can run in
    // parallel without changing any value.
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, N, 4096), [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t i = r.begin(); i != r.end(); ++i)
            if (c.status[i] == CustomerStatus::active) set_initial_customer(w, i, Purpose::customer_init, 0, 0.0);
    });
}

// The first events of everyone in the market, once their statuses are final:
// the first need of a customer, the first candidate churn or adoption event.
void init_schedules(World& w) {
    auto& c = w.customers;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, c.size(), 4096), [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) {
            const bool active = c.status[i] == CustomerStatus::active;
            Stream s(w.seed, w.replicate, 0, i, Purpose::initial_schedule);
            const double u_need = s.uniform(), u_candidate = s.uniform();
            if (active && w.need_rate > 0) {
                // The first need after time 0; [2..] count the needs of its tick.
                const NeedSchedule n = needs_from(-std::log1p(-u_need) / w.need_rate, w.need_rate,
                                                  [&] { return s.uniform(); }, kNeverTick);
                c.next_need[i] = static_cast<std::int32_t>(n.tick);
                c.need_count[i] = n.count;
                c.need_after[i] = n.after;
            }
            c.next_candidate[i] = schedule_from(0, u_candidate, candidate_bound(w, c.status[i]));
        }
    });
    c.nps_next = c.nps_cur;
    for (auto k : c.nps_cur) {
        w.promoters_prev += k == NpsClass::promoter;
        w.detractors_prev += k == NpsClass::detractor;
    }
}

}  // namespace

void set_initial_customer(World& w, std::size_t i, Purpose purpose, std::uint64_t tick, double bond_bonus) {
    const auto& cp = w.params.customers;
    auto& c = w.customers;
    const auto unit = static_cast<std::size_t>(
        std::upper_bound(w.people_begin.begin(), w.people_begin.end(), static_cast<std::uint32_t>(i)) -
        w.people_begin.begin()) - 1;
    const auto init = draw_customer(w, i, purpose, tick, bond_bonus);
    c.status[i] = CustomerStatus::active;
    c.satisfaction[i] = clamp01(init.memory.satisfaction + w.unit_market[unit]);
    c.bond[i] = init.memory.bond;
    c.disposition[i] = init.disposition;
    c.channel[i] = Channel::initial;
    c.ltr[i] = likelihood_to_recommend(cp, {c.satisfaction[i], c.bond[i]}, init.disposition);
    c.nps_cur[i] = nps_class(c.ltr[i]);
}

void set_strategy(World& w, const Params& params) {
    w.strategy = strategy_kind(params.strategy.name);
    w.params.strategy = params.strategy;
    w.params.programs.budget_per_employee_per_year = params.programs.budget_per_employee_per_year;
}

World build_world(const Params& params, std::uint64_t seed, std::uint64_t replicate) {
    World w;
    w.params = params;
    w.seed = seed;
    w.replicate = replicate;
    w.strategy = strategy_kind(params.strategy.name);
    w.network = network_kind(params.market.network);
    w.saturation = saturation_scope(params.programs.saturation_scope);
    const WarmupTicks warmup = warmup_schedule(params.simulation);
    w.warmup_ticks = warmup.total();
    w.coarse_ticks = warmup.coarse;
    w.balanced_ticks = warmup.balanced;
    // A world starts in the warm-up's coarse ticks when it has any.
    set_tick_length(w, warmup.coarse > 0 ? params.simulation.warmup_coarse_dt_days : params.simulation.dt_days);
    w.balance_market = params.customers.prospects < 0 && w.warmup_ticks > 0;
    w.units = layout_units(params.organisation);
    w.unit_baseline = draw_unit_culture(w);
    w.unit_market = draw_unit_market(w);
    init_employees(w);
    Stream org_rng(seed, replicate, 0, 0, Purpose::org_network);
    w.org = build_org_network(params.organisation, w.units, w.employees.manager, org_rng);
    init_customers(w);
    Stream ref_rng(seed, replicate, 0, 0, Purpose::referral_network);
    w.referral = build_referral_network(params.market, w.customers.size(), ref_rng);
    arrange_market(w);
    init_schedules(w);

    std::vector<std::uint32_t> emp_begin;
    for (const auto& u : w.units) emp_begin.push_back(u.begin);
    emp_begin.push_back(static_cast<std::uint32_t>(params.organisation.employees));
    w.employee_blocks = make_blocks(emp_begin, kEmployeeBlock);
    w.customer_blocks = make_blocks(w.people_begin, kCustomerBlock);
    const auto U = w.units.size();
    w.unit_capacity.assign(U, 0);
    w.unit_process.assign(U, 0);
    w.unit_demand.assign(U, 0);
    w.unit_demand_rate.assign(U, -1);  // set from the first tick's demand
    w.unit_load.assign(U, 0);
    w.unit_served_share.assign(U, 1);
    w.unit_satisfaction_gap.assign(U, 0);
    w.score_check.assign(w.customers.size(), 0);  // the first tick scores everyone (step.cpp)
    return w;
}

}  // namespace ambassim
