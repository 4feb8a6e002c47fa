// Strategy allocation profiles and program pressure dynamics (see programs.hpp).
#include "models/programs.hpp"

#include <cmath>
#include <stdexcept>

namespace ambassim {
namespace {

ProgramVector engagement_family() { return {1, 0, 0, 0, 0}; }

ProgramVector ambassadorship_family(const ProgramParams& g) {
    return {0, g.ambassadorship_training_share, g.ambassadorship_mission_share, g.ambassadorship_process_share,
            g.ambassadorship_recognition_share};
}

ProgramVector mix(const ProgramVector& a, const ProgramVector& b, double wa) {
    ProgramVector r{};
    for (int k = 0; k < kPrograms; ++k) r[k] = wa * a[k] + (1 - wa) * b[k];
    return r;
}

ProgramVector custom_on_day(const StrategyParams& s, double day) {
    const AllocationPhase* active = nullptr;
    for (const auto& ph : s.phases)
        if (ph.start_day <= day) active = &ph;
    if (!active) return {};
    return {active->engagement, active->training, active->mission, active->process, active->recognition};
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

ProgramVector allocation_on_day(const Params& p, StrategyKind strategy, double day) {
    const auto& s = p.strategy;
    const ProgramVector eng = engagement_family();
    const ProgramVector amb = ambassadorship_family(p.programs);
    const bool first_phase = day < s.switch_day;
    switch (strategy) {
    case StrategyKind::none: return {};
    case StrategyKind::engagement_only: return eng;
    case StrategyKind::ambassadorship_only: return amb;
    case StrategyKind::balanced: return mix(eng, amb, 0.5);
    case StrategyKind::engagement_first: return first_phase ? eng : amb;
    case StrategyKind::ambassadorship_first: return first_phase ? amb : eng;
    case StrategyKind::custom: return custom_on_day(s, day);
    }
    return {};
}

ProgramVector spend_per_employee_per_year(const ProgramParams& g, const ProgramVector& shares) {
    ProgramVector r{};
    for (int k = 0; k < kPrograms; ++k) r[k] = g.budget_per_employee_per_year * shares[k];
    return r;
}

ProgramVector update_pressure(const ProgramParams& g, const ProgramVector& pressure, const ProgramVector& shares,
                              double dt_days) {
    const ProgramVector saturation{g.engagement_saturation, g.training_saturation, g.mission_saturation,
                                   g.process_saturation, g.recognition_saturation};
    const ProgramVector lag{g.engagement_lag_days, g.training_lag_days, g.mission_lag_days, g.process_lag_days,
                            g.recognition_lag_days};
    const ProgramVector spend = spend_per_employee_per_year(g, shares);
    ProgramVector r{};
    for (int k = 0; k < kPrograms; ++k) {
        const double target = 1.0 - std::exp(-spend[k] / saturation[k]);
        const double keep = lag[k] > 0 ? std::exp(-dt_days / lag[k]) : 0.0;
        r[k] = target + (pressure[k] - target) * keep;
    }
    return r;
}

}  // namespace ambassim
