// Strategy allocation profiles and program pressure dynamics (see programs.hpp).
#include "models/programs.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

namespace ambassim {
namespace {

ProgramVector mix(const ProgramVector& a, const ProgramVector& b, double wa) {
    ProgramVector r{};
    for (int k = 0; k < kPrograms; ++k) r[k] = wa * a[k] + (1 - wa) * b[k];
    return r;
}

const AllocationPhase* active_phase(const Params& p, double day) {
    const AllocationPhase* active = nullptr;
    for (const auto& ph : p.strategy.phases)
        if (ph.start_day <= day) active = &ph;
    return active;
}

ProgramVector custom_on_day(const Params& p, double day) {
    const AllocationPhase* active = active_phase(p, day);
    if (!active) return {};
    return phase_shares(p.programs, *active);
}

}  // namespace

StrategyKind strategy_kind(const std::string& name) {
    static const std::pair<const char*, StrategyKind> kinds[] = {
        {"none", StrategyKind::none},
        {"engagement_only", StrategyKind::engagement_only},
        {"ambassadorship_only", StrategyKind::ambassadorship_only},
        {"balanced", StrategyKind::balanced},
        {"engagement_first", StrategyKind::engagement_first},
        {"ambassadorship_first", StrategyKind::ambassadorship_first},
        {"custom", StrategyKind::custom}};
    for (const auto& [n, k] : kinds)
        if (name == n) return k;
    throw std::invalid_argument("unknown strategy `" + name + "`");
}

NetworkKind network_kind(const std::string& name) {
    if (name == "well_mixed") return NetworkKind::well_mixed;
    if (name == "small_world") return NetworkKind::small_world;
    if (name == "scale_free") return NetworkKind::scale_free;
    throw std::invalid_argument("unknown network `" + name + "`");
}

SaturationScope saturation_scope(const std::string& name) {
    if (name == "family") return SaturationScope::family;
    if (name == "program") return SaturationScope::program;
    throw std::invalid_argument("unknown saturation scope `" + name + "`");
}

const ProgramSpec& program_spec(const ProgramParams& g, int k) {
    const ProgramSpec* specs[kPrograms] = {&g.career,   &g.management, &g.cohesion, &g.alignment,
                                           &g.training, &g.mission,    &g.process,  &g.recognition};
    return *specs[k];
}

ProgramVector family_split(const ProgramParams& g, Family f) {
    if (f == Family::engagement)
        return {g.engagement_career_share, g.engagement_management_share, g.engagement_cohesion_share,
                g.engagement_alignment_share, 0, 0, 0, 0};
    return {0, 0, 0, 0, g.ambassadorship_training_share, g.ambassadorship_mission_share,
            g.ambassadorship_process_share, g.ambassadorship_recognition_share};
}

double switch_day(const Params& p) {
    if (p.strategy.switch_day >= 0) return p.strategy.switch_day;
    return 0.5 * static_cast<double>(p.simulation.ticks) * p.simulation.dt_days;
}

ProgramVector phase_shares(const ProgramParams& g, const AllocationPhase& ph) {
    ProgramVector r{ph.career, ph.management, ph.cohesion, ph.alignment,
                    ph.training, ph.mission, ph.process, ph.recognition};
    const ProgramVector e = family_split(g, Family::engagement), a = family_split(g, Family::ambassadorship);
    for (int k = 0; k < kPrograms; ++k) r[k] += ph.engagement * e[k] + ph.ambassadorship * a[k];
    return r;
}

ProgramVector allocation_on_day(const Params& p, StrategyKind strategy, double day) {
    const ProgramVector eng = family_split(p.programs, Family::engagement);
    const ProgramVector amb = family_split(p.programs, Family::ambassadorship);
    const bool first_phase = day < switch_day(p);
    switch (strategy) {
    case StrategyKind::none: return {};
    case StrategyKind::engagement_only: return eng;
    case StrategyKind::ambassadorship_only: return amb;
    case StrategyKind::balanced: return mix(eng, amb, 0.5);
    case StrategyKind::engagement_first: return first_phase ? eng : amb;
    case StrategyKind::ambassadorship_first: return first_phase ? amb : eng;
    case StrategyKind::custom: return custom_on_day(p, day);
    }
    return {};
}

double extra_front_line_on_day(const Params& p, StrategyKind strategy, double day) {
    if (strategy != StrategyKind::custom) return 0;
    const AllocationPhase* active = active_phase(p, day);
    return active ? active->extra_front_line : 0;
}

ProgramVector allocation_over_tick(const Params& p, StrategyKind strategy, double day, double dt_days) {
    // The allocation is piecewise constant between its change days; those
    // inside the tick split it into pieces weighted by their length.
    const double end = day + dt_days;
    std::vector<double> cuts{day};
    auto cut_at = [&](double d) {
        if (d > day && d < end) cuts.push_back(d);
    };
    if (strategy == StrategyKind::engagement_first || strategy == StrategyKind::ambassadorship_first) cut_at(switch_day(p));
    if (strategy == StrategyKind::custom)
        for (const auto& ph : p.strategy.phases) cut_at(ph.start_day);
    if (cuts.size() == 1) return allocation_on_day(p, strategy, day);
    std::sort(cuts.begin(), cuts.end());
    cuts.push_back(end);
    ProgramVector r{};
    for (std::size_t j = 0; j + 1 < cuts.size(); ++j) {
        const ProgramVector a = allocation_on_day(p, strategy, cuts[j]);
        const double weight = (cuts[j + 1] - cuts[j]) / dt_days;
        for (int k = 0; k < kPrograms; ++k) r[k] += weight * a[k];
    }
    return r;
}

ProgramVector spend_per_employee_per_year(const ProgramParams& g, const ProgramVector& shares) {
    ProgramVector r{};
    for (int k = 0; k < kPrograms; ++k) r[k] = g.budget_per_employee_per_year * shares[k];
    return r;
}

double family_total(const ProgramVector& v, Family f) {
    double s = 0;
    for (int k = 0; k < kPrograms; ++k)
        if (family_of(k) == f) s += v[k];
    return s;
}

ProgramVector target_pressure(const ProgramParams& g, SaturationScope scope, const ProgramVector& spend) {
    ProgramVector units{}, r{};
    for (int k = 0; k < kPrograms; ++k) units[k] = spend[k] / program_spec(g, k).saturation;
    if (scope == SaturationScope::program) {
        for (int k = 0; k < kPrograms; ++k) r[k] = -std::expm1(-units[k]);
        return r;
    }
    for (Family f : {Family::engagement, Family::ambassadorship}) {
        const double x = family_total(units, f);
        if (!(x > 0)) continue;
        const double total = -std::expm1(-x);
        for (int k = 0; k < kPrograms; ++k)
            if (family_of(k) == f) r[k] = total * units[k] / x;
    }
    return r;
}

ProgramVector update_pressure(const ProgramParams& g, SaturationScope scope, const ProgramVector& pressure,
                              const ProgramVector& shares, double dt_days) {
    const ProgramVector target = target_pressure(g, scope, spend_per_employee_per_year(g, shares));
    ProgramVector r{};
    for (int k = 0; k < kPrograms; ++k) {
        const double lag = program_spec(g, k).lag_days;
        const double keep = lag > 0 ? std::exp(-dt_days / lag) : 0.0;
        r[k] = target[k] + (pressure[k] - target[k]) * keep;
    }
    return r;
}

}  // namespace ambassim
