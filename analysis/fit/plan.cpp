// Plan encoding and its scenario text (see plan.hpp).
#include "analysis/fit/plan.hpp"

#include "analysis/fit/scenario_overlay.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ambassim {
namespace {

double& field(AllocationPhase& ph, const std::string& name) {
    if (name == "engagement") return ph.engagement;
    if (name == "ambassadorship") return ph.ambassadorship;
    if (name == "career") return ph.career;
    if (name == "management") return ph.management;
    if (name == "cohesion") return ph.cohesion;
    if (name == "alignment") return ph.alignment;
    if (name == "training") return ph.training;
    if (name == "mission") return ph.mission;
    if (name == "process") return ph.process;
    if (name == "recognition") return ph.recognition;
    throw std::invalid_argument("unknown program " + name);
}

}  // namespace

double plan_share(const AllocationPhase& phase, const std::string& program) {
    return field(const_cast<AllocationPhase&>(phase), program);
}

Plan decode_plan(const PlanSpace& sp, const std::vector<double>& x, double default_budget) {
    Plan plan;
    const std::size_t K = sp.programs.size();
    for (std::int64_t p = 0; p < sp.phases; ++p) {
        AllocationPhase ph;
        ph.start_day = static_cast<double>(p) * sp.phase_days;
        double sum = 0;
        for (std::size_t k = 0; k < K; ++k) sum += std::clamp(x[static_cast<std::size_t>(p) * K + k], 0.0, 1.0);
        for (std::size_t k = 0; k < K; ++k) {
            const double w = std::clamp(x[static_cast<std::size_t>(p) * K + k], 0.0, 1.0);
            const double share = sum > 1e-9 ? w / sum : 1.0 / static_cast<double>(K);
            field(ph, sp.programs[k]) = std::floor(share * 1e6) / 1e6;
        }
        plan.phases.push_back(ph);
    }
    plan.budget = default_budget;
    if (sp.vary_budget)
        plan.budget = std::round(sp.budget_min + std::clamp(x.back(), 0.0, 1.0) * (sp.budget_max - sp.budget_min));
    return plan;
}

std::vector<double> single_program_point(const PlanSpace& sp, std::size_t k, double budget_u) {
    std::vector<double> x(sp.dims(), 0.0);
    const std::size_t K = sp.programs.size();
    for (std::int64_t p = 0; p < sp.phases; ++p) x[static_cast<std::size_t>(p) * K + k] = 1.0;
    if (sp.vary_budget) x.back() = budget_u;
    return x;
}

std::string named_strategy_toml(const std::string& name, const std::string& label, const Plan& plan,
                                const PlanSpace& sp) {
    std::ostringstream out;
    out << "[strategies." << name << "]\n";
    out << "label = \"" << label << "\"\n";
    out << "budget_per_employee_per_year = " << toml_float(plan.budget) << "\n";
    for (const auto& ph : plan.phases) {
        out << "[[strategies." << name << ".phases]]\n";
        out << "start_day = " << toml_float(ph.start_day) << "\n";
        for (const auto& prog : sp.programs) {
            const double v = plan_share(ph, prog);
            if (v > 0) out << prog << " = " << toml_float(v) << "\n";
        }
    }
    return out.str();
}

}  // namespace ambassim
