// The warm-up's tick lengths: most of a long warm-up runs in coarse ticks
// (simulation.warmup_coarse_dt_days), which is cheap and gives the same
// stationary state because results do not depend on the tick length; its
// last days run at the scenario's tick length. Events are memoryless
// (Poisson needs, exponential churn and adoption hazards), so at the switch
// every schedule is drawn again from the switch time: exact in distribution.
#include "models/customer_dynamics.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/rng.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

namespace ambassim {

WarmupTicks warmup_schedule(const SimulationParams& s) {
    const double coarse = s.warmup_coarse_dt_days;
    const double balanced_days = std::min(s.warmup_days, s.warmup_balanced_days);
    if (!(coarse > s.dt_days) || !(s.warmup_days > s.warmup_fine_days)) {
        const std::int64_t all = std::llround(s.warmup_days / s.dt_days);
        return {0, all, std::min<std::int64_t>(all, std::llround(balanced_days / s.dt_days))};
    }
    WarmupTicks t{std::llround((s.warmup_days - s.warmup_fine_days) / coarse), std::llround(s.warmup_fine_days / s.dt_days), 0};
    const double coarse_days = static_cast<double>(t.coarse) * coarse;
    t.balanced = balanced_days <= coarse_days
                     ? static_cast<std::int64_t>(std::llround(balanced_days / coarse))
                     : t.coarse + static_cast<std::int64_t>(std::llround((balanced_days - coarse_days) / s.dt_days));
    t.balanced = std::min(t.balanced, t.total());
    return t;
}

void set_tick_length(World& w, double dt_days) {
    const Params& p = w.params;
    w.dt_days = dt_days;
    w.dt_years = dt_days / 365.0;
    w.need_rate = p.customers.needs_per_year * w.dt_years;
    w.p_churn_bound = event_probability(churn_hazard_bound(p.customers), w.dt_years);
    w.p_adopt_bound = event_probability(adoption_hazard_bound(p.market), w.dt_years);
    w.p_former_bound = event_probability(former_hazard_bound(p.market), w.dt_years);
}

void switch_to_run_ticks(World& w) {
    const double coarse = w.dt_days, fine = w.params.simulation.dt_days;
    const std::int64_t now = w.tick;
    // Hire and acquisition ticks keep their distance in days.
    auto rescale = [&](std::int32_t t) {
        return static_cast<std::int32_t>(now - std::llround(static_cast<double>(now - t) * coarse / fine));
    };
    for (auto& t : w.employees.hire_tick) t = rescale(t);
    set_tick_length(w, fine);
    auto& c = w.customers;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, c.size(), 4096), [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) {
            c.acquired_tick[i] = rescale(c.acquired_tick[i]);
            Stream s(w.seed, w.replicate, static_cast<std::uint64_t>(now), i, Purpose::tick_switch);
            const double u_candidate = s.uniform(), u_need = s.uniform();
            c.next_candidate[i] = schedule_from(now, u_candidate, candidate_bound(w, c.status[i]));
            c.next_need[i] = kNeverTick;
            c.need_count[i] = 0;
            if (c.status[i] == CustomerStatus::active && w.need_rate > 0) {
                const double first = static_cast<double>(now) - std::log1p(-u_need) / w.need_rate;
                const NeedSchedule n = needs_from(first, w.need_rate, [&] { return s.uniform(); }, kNeverTick);
                c.next_need[i] = static_cast<std::int32_t>(std::min<std::int64_t>(n.tick, kNeverTick));
                c.need_count[i] = n.count;
                c.need_after[i] = n.after;
            }
        }
    });
    forget_carried_customer_state(w);  // keep factors changed: the next tick recounts demand and scores
}

}  // namespace ambassim
