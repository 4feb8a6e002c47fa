// Plan search, robust evaluation and out-of-sample check (see optimise.hpp).
#include "analysis/fit/optimise.hpp"

#include "analysis/fit/halton.hpp"
#include "analysis/fit/nlopt_callback.hpp"
#include "analysis/fit/set_parameter.hpp"
#include "sim/runs/warm_runs.hpp"

#include <nlopt.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <sstream>

namespace ambassim {
namespace {

struct Stopped {};

const std::string kCandidate = "candidate";  // the plan under evaluation in the search

// The scenario with `plan` as the named custom strategy `name` (replacing one
// of that name), run through params_for_strategy exactly as `ambassim compare`
// runs the written file: what is evaluated is what is written.
Scenario with_plan(Scenario s, const std::string& name, const Plan& plan) {
    std::erase_if(s.strategies, [&](const NamedStrategy& n) { return n.name == name; });
    s.strategies.push_back(NamedStrategy{name, name, plan.budget, plan.phases});
    return s;
}

// The worlds a plan is evaluated on: one set of warmed replicates per parameter sample.
class PlanEvaluator {
public:
    PlanEvaluator(const Scenario& sc, const OptimiseSettings& st, const std::atomic<bool>* stop)
        : st_(st), stop_(stop) {
        if (st.uncertain.empty()) {
            samples_.push_back(sc);
        } else {
            for (std::int64_t k = 1; k <= st.samples; ++k) {
                Scenario s = sc;
                const auto u = halton(static_cast<std::size_t>(k), st.uncertain.size());
                std::vector<double> values(u.size());
                for (std::size_t j = 0; j < u.size(); ++j)
                    values[j] = st.uncertain[j].min + u[j] * (st.uncertain[j].max - st.uncertain[j].min);
                set_parameters(s, st.uncertain, values, st.uncertain_path);
                samples_.push_back(s);
            }
        }
        for (const auto& s : samples_) worlds_.push_back(std::make_unique<WarmedReplicates>(s, 0, st.replicates));
        default_budget_ = sc.params.programs.budget_per_employee_per_year;
    }

    std::vector<double> operator()(const std::vector<double>& x) {
        if (stop_ && stop_->load()) throw Stopped{};
        const Plan plan = decode_plan(st_.space, x, default_budget_);
        const std::size_t O = st_.objectives.size();
        std::vector<double> out(O, st_.worst_case ? std::numeric_limits<double>::infinity() : 0.0);
        for (std::size_t s = 0; s < samples_.size(); ++s) {
            const ComparisonData d = worlds_[s]->run(with_plan(samples_[s], kCandidate, plan), {kCandidate});
            for (std::size_t o = 0; o < O; ++o) {
                double v = 0;
                for (std::int64_t r = 0; r < st_.replicates; ++r)
                    v += objective_value(st_.objectives[o], d, 0, static_cast<std::size_t>(r));
                v /= static_cast<double>(st_.replicates);
                out[o] = st_.worst_case ? std::min(out[o], v) : out[o] + v / static_cast<double>(samples_.size());
            }
        }
        return out;
    }
    double default_budget() const { return default_budget_; }

private:
    const OptimiseSettings& st_;
    const std::atomic<bool>* stop_;
    std::vector<Scenario> samples_;
    std::vector<std::unique_ptr<WarmedReplicates>> worlds_;
    double default_budget_ = 0;
};

// Maximises f from x0 with at most `budget` evaluations: BOBYQA when the
// budget affords its quadratic model (2n+1 points to start), else COBYLA
// (n+1 points). Returns the algorithm's name.
std::string local_search(const std::function<double(const std::vector<double>&)>& f, std::vector<double> x0,
                         std::int64_t budget) {
    const auto n = static_cast<std::int64_t>(x0.size());
    if (budget <= 0) return "";
    const bool bobyqa = n >= 2 && budget >= 3 * (2 * n + 1);
    nlopt::opt opt(bobyqa ? nlopt::LN_BOBYQA : nlopt::LN_COBYLA, static_cast<unsigned>(n));
    opt.set_lower_bounds(0.0);
    opt.set_upper_bounds(1.0);
    opt.set_maxeval(static_cast<int>(budget));
    opt.set_xtol_abs(1e-3);
    opt.set_initial_step(0.25);
    NloptObjective obj{f, x0.size()};
    opt.set_max_objective(&NloptObjective::call, &obj);
    double fx = 0;
    try {
        opt.optimize(x0, fx);
    } catch (const nlopt::roundoff_limited&) {
    } catch (const std::runtime_error&) {
    }
    return bobyqa ? "BOBYQA" : "COBYLA";
}


}  // namespace

// Whether a is at least as good as b on every objective and better on one.
// Differences within rounding (a relative 1e-9: the same spend summed over
// differently split phases) are ties, so a plan equal on spend and worse on
// loyalty is not on the front.
bool pareto_dominates(const std::vector<double>& a, const std::vector<double>& b) {
    bool better = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double tol = 1e-9 * std::max({1.0, std::abs(a[i]), std::abs(b[i])});
        if (a[i] < b[i] - tol) return false;
        better = better || a[i] > b[i] + tol;
    }
    return better;
}

const std::vector<std::string>& builtin_strategies() {
    static const std::vector<std::string> list{"none", "engagement_only", "ambassadorship_only",
                                               "balanced", "engagement_first", "ambassadorship_first"};
    return list;
}

bool OptimiseResult::beats_all(const std::string& plan) const {
    bool any = false;
    for (const auto& row : out_of_sample)
        if (row.plan == plan && row.objective == 0) {
            any = true;
            if (!(row.diff.diff.n >= 2 && row.diff.diff.ci_low > 0)) return false;
        }
    return any;
}

OptimiseResult optimise_plan(const Scenario& sc, const OptimiseSettings& st, const OptimiseProgressFn& progress,
                             const std::atomic<bool>* stop) {
    OptimiseResult res;
    const std::size_t O = st.objectives.size(), n = st.space.dims(), K = st.space.programs.size();
    try {
        PlanEvaluator eval(sc, st, stop);
        const std::int64_t total = st.evaluations;
        std::int64_t done = 0;
        double best = -std::numeric_limits<double>::infinity();
        // Every evaluation goes through here: recorded, counted, capped at the budget.
        auto evaluate = [&](const std::vector<double>& x) -> const std::vector<double>& {
            if (done >= total) throw nlopt::forced_stop();
            res.history.push_back({x, eval(x)});
            ++done;
            if (O == 1) best = std::max(best, res.history.back().values[0]);
            res.best_so_far.push_back(best);
            if (progress) progress({done, total, O == 1 ? best : 0.0});
            return res.history.back().values;
        };
        // 1. Screening: equal shares, then each program alone in every phase (and
        // equal shares at the lowest and highest budget when the budget varies).
        std::vector<std::vector<double>> starts{std::vector<double>(n, 0.5)};
        for (std::size_t k = 0; k < K; ++k) starts.push_back(single_program_point(st.space, k));
        if (st.space.vary_budget)  // the budget's extremes, for the ends of a spend front
            for (double b : {0.0, 1.0}) {
                starts.push_back(std::vector<double>(n, 0.5));
                starts.back().back() = b;
            }
        try {
            for (const auto& x : starts) evaluate(x);
        } catch (const nlopt::forced_stop&) {
        }
        // Scalarisations: one for a single objective; five weights over normalised objectives for two.
        std::vector<double> lambdas = O == 1 ? std::vector<double>{1.0} : std::vector<double>{1.0, 0.75, 0.5, 0.25, 0.0};
        std::vector<double> scale(O, 1.0);
        for (std::size_t o = 0; o < O; ++o) {
            double lo = std::numeric_limits<double>::infinity(), hi = -lo;
            for (const auto& h : res.history) lo = std::min(lo, h.values[o]), hi = std::max(hi, h.values[o]);
            scale[o] = hi > lo ? hi - lo : std::max(1e-9, std::abs(hi));
        }
        auto scalar = [&](const std::vector<double>& v, double lambda) {
            return O == 1 ? v[0] : lambda * v[0] / scale[0] + (1 - lambda) * v[1] / scale[1];
        };
        std::vector<std::size_t> chosen;
        const std::int64_t per_run = (total - done) / static_cast<std::int64_t>(lambdas.size());
        for (std::size_t l = 0; l < lambdas.size(); ++l) {
            auto best_index = [&] {
                std::size_t b = 0;
                for (std::size_t i = 1; i < res.history.size(); ++i)
                    if (scalar(res.history[i].values, lambdas[l]) > scalar(res.history[b].values, lambdas[l])) b = i;
                return b;
            };
            const std::int64_t budget = l + 1 == lambdas.size() ? total - done : per_run;
            const auto f = [&](const std::vector<double>& x) { return scalar(evaluate(x), lambdas[l]); };
            try {
                const std::string algo = local_search(f, res.history[best_index()].x, budget);
                if (!algo.empty()) res.algorithm = algo;
            } catch (const nlopt::forced_stop&) {
            }
            const std::size_t b = best_index();
            if (std::find(chosen.begin(), chosen.end(), b) == chosen.end()) chosen.push_back(b);
        }
        if (res.algorithm.empty()) res.algorithm = "screening only";
        if (O == 2)
            for (std::size_t i = 0; i < res.history.size(); ++i) {
                bool dominated = false;
                for (std::size_t j = 0; j < res.history.size() && !dominated; ++j)
                    dominated = pareto_dominates(res.history[j].values, res.history[i].values);
                if (!dominated) res.front.push_back(i);
            }
        // The plans written: the best of each scalarisation.
        for (std::size_t c = 0; c < chosen.size(); ++c) {
            OptimisedPlan p;
            p.name = O == 1 ? "optimised" : "pareto_" + std::to_string(c + 1);
            std::ostringstream label;
            if (O == 1) label << "Optimised (" << st.objectives[0].text << ")";
            else label << "Pareto " << c + 1 << " (" << st.objectives[0].text << " / " << st.objectives[1].text << ")";
            p.label = label.str();
            p.plan = decode_plan(st.space, res.history[chosen[c]].x, eval.default_budget());
            p.values = res.history[chosen[c]].values;
            res.plans.push_back(p);
        }
        // 2. Out of sample: fresh replicates (numbers after the search's), the base scenario.
        if (stop && stop->load()) throw Stopped{};
        res.builtins = builtin_strategies();
        const auto to_check = static_cast<std::int64_t>(res.builtins.size() + res.plans.size());
        auto report = [&](std::int64_t checked) {
            if (progress) progress({done, total, O == 1 ? best : 0.0, true, checked, to_check});
        };
        report(0);
        const WarmedReplicates fresh(sc, st.replicates, st.test_replicates);
        const ComparisonData base = fresh.run(sc, res.builtins);
        std::int64_t checked = static_cast<std::int64_t>(res.builtins.size());
        report(checked);
        const auto R = static_cast<std::size_t>(st.test_replicates);
        for (const auto& p : res.plans) {
            if (stop && stop->load()) throw Stopped{};
            const ComparisonData d = fresh.run(with_plan(sc, p.name, p.plan), {p.name});
            std::vector<Estimate> values;
            for (std::size_t o = 0; o < O; ++o) {
                std::vector<double> mine(R);
                for (std::size_t r = 0; r < R; ++r) mine[r] = objective_value(st.objectives[o], d, 0, r);
                values.push_back(estimate(mine));
                for (std::size_t b = 0; b < res.builtins.size(); ++b) {
                    std::vector<double> theirs(R);
                    for (std::size_t r = 0; r < R; ++r) theirs[r] = objective_value(st.objectives[o], base, b, r);
                    res.out_of_sample.push_back({p.name, res.builtins[b], o, paired_difference(mine, theirs)});
                }
            }
            res.plan_test_values.push_back(values);
            report(++checked);
        }
    } catch (const Stopped&) {
        return {};
    }
    return res;
}

}  // namespace ambassim
