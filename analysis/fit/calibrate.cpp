// Calibration search and intervals (see calibrate.hpp).
#include "analysis/fit/calibrate.hpp"

#include "analysis/fit/halton.hpp"
#include "analysis/fit/nlopt_callback.hpp"
#include "analysis/fit/set_parameter.hpp"
#include "analysis/fit/symmetric_eigen.hpp"
#include "analysis/stats/statistics.hpp"
#include "sim/runs/compare.hpp"
#include "sim/util/errors.hpp"

#include <nlopt.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace ambassim {
namespace {

struct Stopped {};

// One evaluation: per target, the mean and sd over replicates.
using Simulated = std::vector<std::pair<double, double>>;

class Evaluator {
public:
    Evaluator(const Scenario& sc, const TargetsFile& t, const std::atomic<bool>* stop) : sc_(sc), t_(t), stop_(stop) {}

    Scenario at(const std::vector<double>& u) const {
        Scenario s = sc_;
        std::vector<double> values(u.size());
        for (std::size_t j = 0; j < u.size(); ++j) {
            const FreeParameter& p = t_.parameters[j];
            values[j] = p.min + std::clamp(u[j], 0.0, 1.0) * (p.max - p.min);
        }
        set_parameters(s, t_.parameters, values, t_.path);
        return s;
    }
    Simulated simulate(const std::vector<double>& u) {
        if (stop_ && stop_->load()) throw Stopped{};
        ++count;
        return simulate_targets(at(u), t_.targets, t_.settings.replicates);
    }
    double chi2(const Simulated& m) const {
        double c = 0;
        for (std::size_t i = 0; i < m.size(); ++i) {
            const double z = (m[i].first - t_.targets[i].value) / t_.targets[i].sd;
            c += std::isfinite(z) ? z * z : 1e6;  // a measure with no data (no acquisitions) fits nothing
        }
        return c;
    }
    std::int64_t count = 0;

private:
    const Scenario& sc_;
    const TargetsFile& t_;
    const std::atomic<bool>* stop_;
};

}  // namespace

Scenario scaled_scenario(const Scenario& sc, double scale) {
    if (scale == 1.0) return sc;
    Scenario s = sc;
    const auto& o = sc.params.organisation;
    const auto& c = sc.params.customers;
    // Through the one typed write path (checks, cross-field rules, provenance).
    const std::int64_t employees = std::max<std::int64_t>(3, std::llround(static_cast<double>(o.employees) * scale));
    const std::int64_t customers = std::max<std::int64_t>(1, std::llround(static_cast<double>(c.customers) * scale));
    std::vector<Assignment> changes{make_assignment("organisation.employees", employees),
                                    make_assignment("customers.customers", customers)};
    if (c.prospects > 0)
        changes.push_back(make_assignment("customers.prospects", std::int64_t{std::llround(static_cast<double>(c.prospects) * scale)}));
    for (Assignment& a : changes) a.origin = "scaled `" + a.text + "`";
    try {
        assign(s, changes);
    } catch (const InputError& e) {
        std::ostringstream m;
        m << "the scenario does not allow evaluations at scale " << scale << " (" << employees << " employees, "
          << customers << " customers): " << e.what();
        throw InputError(m.str());
    }
    return s;
}

std::vector<std::pair<double, double>> simulate_targets(const Scenario& sc, const std::vector<Target>& targets,
                                                        std::int64_t replicates) {
    const ComparisonData d = run_comparison(sc, {sc.params.strategy.name}, replicates);
    std::vector<std::pair<double, double>> out;
    for (const Target& t : targets) {
        std::vector<double> v;
        for (std::size_t r = 0; r < static_cast<std::size_t>(replicates); ++r)
            v.push_back(company_measure(d, t.measure, 0, r, t.period));
        out.push_back({mean_of(v), sd_of(v)});
    }
    return out;
}

CalibrationResult calibrate(const Scenario& original, const TargetsFile& t, const CalibrationProgressFn& progress,
                            const std::atomic<bool>* stop) {
    const Scenario sc = scaled_scenario(original, t.settings.scale);
    const std::size_t P = t.parameters.size(), N = t.targets.size();
    Evaluator ev(sc, t, stop);
    CalibrationResult res;
    res.employees = sc.params.organisation.employees;
    res.customers = sc.params.customers.customers;
    res.strategy = sc.params.strategy.name;
    res.scale = t.settings.scale;
    res.replicates = t.settings.replicates;
    const std::int64_t budget = std::max<std::int64_t>(t.settings.evaluations, 1);
    const std::int64_t total = budget + 2 * static_cast<std::int64_t>(P) + 1;
    std::vector<double> best_u(P, 0.5);
    double best = std::numeric_limits<double>::infinity();
    auto consider = [&](const std::vector<double>& u) {
        const double c = ev.chi2(ev.simulate(u));
        if (c < best) best = c, best_u = u;
        res.best_chi2.push_back(best);
        if (progress) progress({ev.count, total, best});
        return c;
    };
    try {
        // 1. A space-filling design (the centre first): where to start the local search.
        const auto design = std::min<std::int64_t>(budget, std::max<std::int64_t>(5, 3 * static_cast<std::int64_t>(P)));
        consider(std::vector<double>(P, 0.5));
        for (std::int64_t k = 1; k < design; ++k) consider(halton(static_cast<std::size_t>(k), P));
        // 2. BOBYQA from the best design point (Subplex for one parameter, where BOBYQA is undefined).
        const std::int64_t left = budget - ev.count;
        if (left > 0) {
            nlopt::opt opt(P >= 2 ? nlopt::LN_BOBYQA : nlopt::LN_SBPLX, static_cast<unsigned>(P));
            opt.set_lower_bounds(0.0);
            opt.set_upper_bounds(1.0);
            opt.set_maxeval(static_cast<int>(left));
            opt.set_xtol_abs(1e-3);
            opt.set_initial_step(0.1);
            NloptObjective obj{consider, P};
            opt.set_min_objective(&NloptObjective::call, &obj);
            std::vector<double> x = best_u;
            double fx = 0;
            try {
                opt.optimize(x, fx);
            } catch (const nlopt::roundoff_limited&) {
                // the best point seen is kept by `consider`
            } catch (const std::runtime_error&) {
                // NLopt gives up on a flat objective: same
            }
        }
        // 3. Intervals: the Jacobian of the standardised residuals at the optimum.
        const Simulated at_best = ev.simulate(best_u);
        // The simulation's noise (standard error of the replicate mean) adds to
        // each target's sd; estimated from few replicates, it is inflated by
        // (t_{R-1} / z)^2 so that three replicates do not give false precision.
        const auto R = t.settings.replicates;
        const double inflate = R >= 2 ? std::pow(t_critical(0.95, R - 1) / 1.959964, 2) : 1.0;
        std::vector<double> sd_eff(N);
        for (std::size_t i = 0; i < N; ++i) {
            const double sim_sd = std::isfinite(at_best[i].second) ? at_best[i].second : 0.0;
            sd_eff[i] = std::sqrt(t.targets[i].sd * t.targets[i].sd +
                                  inflate * sim_sd * sim_sd / static_cast<double>(R));
        }
        const double h = 0.05;
        std::vector<std::vector<double>> J(N, std::vector<double>(P, 0.0));
        for (std::size_t j = 0; j < P; ++j) {
            std::vector<double> up = best_u, dn = best_u;
            up[j] = std::min(1.0, best_u[j] + h);
            dn[j] = std::max(0.0, best_u[j] - h);
            const Simulated a = ev.simulate(up), b = ev.simulate(dn);
            if (progress) progress({ev.count, total, best});
            for (std::size_t i = 0; i < N; ++i) {
                const double d = (a[i].first - b[i].first) / (up[j] - dn[j]) / sd_eff[i];
                J[i][j] = std::isfinite(d) ? d : 0.0;
            }
        }
        std::vector<std::vector<double>> F(P, std::vector<double>(P, 0.0));
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t a = 0; a < P; ++a)
                for (std::size_t b = 0; b < P; ++b) F[a][b] += J[i][a] * J[i][b];
        const SymmetricEigen eig = symmetric_eigen(F);
        std::vector<double> var(P, 0.0);
        for (std::size_t k = 0; k < P; ++k) {
            const double lambda = std::max(eig.values[k], 1e-12);
            for (std::size_t j = 0; j < P; ++j) var[j] += eig.vectors[k][j] * eig.vectors[k][j] / lambda;
            const double half = 1.96 / std::sqrt(lambda);
            if (half >= 0.5) {
                FlatDirection fd;
                fd.half_width = half;
                for (std::size_t j = 0; j < P; ++j)
                    if (std::abs(eig.vectors[k][j]) >= 0.3) fd.components.push_back({t.parameters[j].key, eig.vectors[k][j]});
                res.flat.push_back(fd);
            }
        }
        for (std::size_t j = 0; j < P; ++j) {
            const FreeParameter& p = t.parameters[j];
            const double half = 1.96 * std::sqrt(var[j]);
            const double lo = std::max(0.0, best_u[j] - half), hi = std::min(1.0, best_u[j] + half);
            res.parameters.push_back({p, p.min + best_u[j] * (p.max - p.min), p.min + lo * (p.max - p.min),
                                      p.min + hi * (p.max - p.min), 2 * half < 1.0});
        }
        for (std::size_t i = 0; i < N; ++i)
            res.targets.push_back({t.targets[i], at_best[i].first, at_best[i].second,
                                   (at_best[i].first - t.targets[i].value) / sd_eff[i]});
        res.chi2 = ev.chi2(at_best);
        res.evaluations = ev.count;
    } catch (const Stopped&) {
        return {};
    }
    return res;
}

}  // namespace ambassim
