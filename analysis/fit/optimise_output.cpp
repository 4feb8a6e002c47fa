// Texts an optimisation writes (see optimise_output.hpp).
#include "analysis/fit/optimise_output.hpp"

#include "analysis/fit/scenario_overlay.hpp"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace ambassim {
namespace {

std::string num(double v, int digits = 4) {
    std::ostringstream s;
    s << std::setprecision(digits) << v;
    return s.str();
}

}  // namespace

std::string optimised_scenario_text(const OptimiseResult& r, const OptimiseSettings& st, const std::string& base,
                                    const std::vector<std::string>& provenance,
                                    const std::vector<OverlayEntry>& overlay) {
    std::ostringstream out;
    for (const auto& l : provenance) out << "# " << l << "\n";
    for (const auto& p : r.plans) {
        out << "# " << p.name << ": in the search";
        for (std::size_t o = 0; o < st.objectives.size(); ++o) out << " " << st.objectives[o].text << " = " << num(p.values[o], 6);
        out << "; out of sample " << (r.beats_all(p.name) ? "beats" : "does NOT beat") << " every built-in on "
            << st.objectives[0].text << " with a 95% CI excluding zero\n";
    }
    out << "# Run it against the built-ins with: ambassim compare THIS_FILE\n";
    out << "\nbase = \"" << base << "\"\n" << overlay_toml(overlay);
    for (const auto& p : r.plans) out << "\n" << named_strategy_toml(p.name, p.label, p.plan, st.space);
    return out.str();
}

std::string plan_csv(const OptimiseResult& r, const OptimiseSettings& st) {
    std::ostringstream out;
    out << std::setprecision(10) << "plan,phase,start_day,end_day,program,share,budget\n";
    for (const auto& p : r.plans)
        for (std::size_t k = 0; k < p.plan.phases.size(); ++k) {
            const auto& ph = p.plan.phases[k];
            const double end = k + 1 < p.plan.phases.size() ? p.plan.phases[k + 1].start_day
                                                            : ph.start_day + st.space.phase_days;
            for (const auto& prog : st.space.programs)
                out << p.name << "," << k + 1 << "," << ph.start_day << "," << end << "," << prog << ","
                    << plan_share(ph, prog) << "," << p.plan.budget << "\n";
        }
    return out.str();
}

std::string convergence_csv(const OptimiseResult& r, const OptimiseSettings& st) {
    std::ostringstream out;
    out << std::setprecision(10) << "evaluation";
    for (std::size_t o = 0; o < st.objectives.size(); ++o) out << ",objective_" << o + 1;
    out << ",best,front\n";
    for (std::size_t i = 0; i < r.history.size(); ++i) {
        out << i + 1;
        for (double v : r.history[i].values) out << "," << v;
        out << "," << r.best_so_far[i] << ","
            << (std::find(r.front.begin(), r.front.end(), i) != r.front.end() ? 1 : 0) << "\n";
    }
    return out.str();
}

std::string out_of_sample_csv(const OptimiseResult& r, const OptimiseSettings& st) {
    std::ostringstream out;
    out << std::setprecision(10) << "plan,builtin,objective,plan_mean,builtin_mean,difference,ci_low,ci_high,n,significant\n";
    for (const auto& row : r.out_of_sample)
        out << row.plan << "," << row.builtin << ",\"" << st.objectives[row.objective].text << "\"," << row.diff.mean_a
            << "," << row.diff.mean_b << "," << row.diff.diff.mean << "," << row.diff.diff.ci_low << ","
            << row.diff.diff.ci_high << "," << row.diff.diff.n << "," << (row.diff.significant() ? 1 : 0) << "\n";
    return out.str();
}

std::string format_optimisation(const OptimiseResult& r, const OptimiseSettings& st) {
    std::ostringstream out;
    out << "search: " << r.history.size() << " evaluations (" << r.algorithm << " after screening), "
        << st.space.phases << " phases x " << st.space.programs.size() << " programs"
        << (st.space.vary_budget ? " + the budget" : "") << ", " << st.replicates << " replicates per evaluation";
    if (!st.uncertain.empty())
        out << ", robust: " << (st.worst_case ? "worst case" : "mean") << " over " << st.samples << " parameter samples";
    out << "\n";
    for (const auto& p : r.plans) {
        out << "\n" << p.name << " (" << p.label << "), budget " << num(p.plan.budget, 6) << " per employee per year:\n";
        for (std::size_t k = 0; k < p.plan.phases.size(); ++k) {
            out << "  from day " << std::setw(6) << std::left << num(p.plan.phases[k].start_day, 6) << std::right;
            for (const auto& prog : st.space.programs) {
                const double v = plan_share(p.plan.phases[k], prog);
                if (v >= 0.005) out << " " << prog << " " << num(100 * v, 3) << "%";
            }
            out << "\n";
        }
    }
    out << "\nout of sample (" << st.test_replicates << " fresh replicates, seeds not used in the search), "
        << st.objectives[0].text << ":\n";
    for (const auto& p : r.plans) {
        out << "  " << p.name << " vs:\n";
        for (const auto& row : r.out_of_sample)
            if (row.plan == p.name && row.objective == 0)
                out << "    " << std::setw(22) << std::left << row.builtin << std::right << " difference "
                    << num(row.diff.diff.mean) << " [95% CI " << num(row.diff.diff.ci_low) << ", "
                    << num(row.diff.diff.ci_high) << "]" << (row.diff.diff.ci_low > 0 ? "  better" : row.diff.diff.ci_high < 0 ? "  worse" : "  not distinguishable") << "\n";
        out << "  " << p.name << (r.beats_all(p.name) ? " beats every built-in strategy" : " does NOT beat every built-in strategy")
            << " on " << st.objectives[0].text << " with a 95% CI excluding zero\n";
    }
    return out.str();
}

}  // namespace ambassim
