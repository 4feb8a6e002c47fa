// Sobol, Morris and Spearman tables of a sweep (see sweep_sensitivity.hpp).
#include "analysis/sweep/sweep_sensitivity.hpp"

#include "sim/scenario/scenario.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

namespace ambassim {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

bool all_finite(const std::vector<double>& v) {
    return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}

SobolIndices nan_sobol(std::size_t n, std::size_t k) {
    SobolIndices s;
    s.base_samples = n;
    s.variance = nan;
    s.first.assign(k, {nan, nan, nan});
    s.total.assign(k, {nan, nan, nan});
    return s;
}

}  // namespace

std::vector<SweepSobol> sweep_sobol(const SweepData& d, const std::vector<SweepTarget>& targets,
                                    const SobolOptions& options) {
    const std::size_t k = d.factors.size();
    std::vector<SweepSobol> out(targets.size());
    // Each task writes only its own slot: the result is the same for any
    // thread count.
    tbb::parallel_for(std::size_t{0}, targets.size(), [&](std::size_t t) {
        out[t].target = t;
        if (!all_finite(targets[t].values)) {
            out[t].indices = nan_sobol(d.saltelli_base_samples, k);
            out[t].note = "not finite at some points";
            return;
        }
        out[t].indices = sobol_indices(targets[t].values, k, options);
        if (!(out[t].indices.variance > 0)) out[t].note = "constant over the design";
        else out[t].warning = sobol_warning(out[t].indices, d.factors);
    });
    return out;
}

std::string sobol_warning(const SobolIndices& x, const std::vector<Factor>& factors) {
    // The worst offender: the largest excess outside [0, 1] beyond half the
    // interval; failing that, the widest interval.
    double worst_excess = 0, widest = 0;
    std::string outside, wide;
    const auto fmt = [](double v) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%.2g", v);
        return std::string(buf);
    };
    for (const auto* set : {&x.first, &x.total})
        for (std::size_t j = 0; j < set->size() && j < factors.size(); ++j) {
            const IndexEstimate& e = (*set)[j];
            if (!std::isfinite(e.value)) continue;
            const double half = std::isfinite(e.ci_high - e.ci_low) ? (e.ci_high - e.ci_low) / 2 : 0;
            const double excess = std::max(e.value - 1, -e.value) - half;
            const std::string what = std::string(set == &x.first ? "S1" : "S_T") + " of " + factors[j].name + " is " +
                                     fmt(e.value) + " [" + fmt(e.ci_low) + ", " + fmt(e.ci_high) + "]";
            if (excess > worst_excess) worst_excess = excess, outside = what + ", outside [0, 1] by more than its interval";
            if (2 * half > 0.5 && 2 * half > widest) widest = 2 * half, wide = what + ", an interval " + fmt(2 * half) + " wide";
        }
    const std::string why = !outside.empty() ? outside : wide;
    if (why.empty()) return {};
    return "N = " + std::to_string(x.base_samples) + " base samples are too few: " + why +
           "; increase sweep.samples (x4 halves the intervals)";
}

std::vector<SweepMorris> sweep_morris(const SweepData& d, const std::vector<SweepTarget>& targets) {
    const std::size_t k = d.factors.size(), stride = k + 1;
    // The factor changing at each step, found once for all targets
    // (k = none changed: the rounded values coincide).
    std::vector<std::size_t> changed(d.points, k);
    for (std::size_t p = 0; p < d.points; ++p) {
        if (p % stride == 0) continue;  // a trajectory's starting point
        std::size_t count = 0;
        for (std::size_t i = 0; i < k; ++i)
            if (d.matrix(p, i) != d.matrix(p - 1, i)) changed[p] = i, ++count;
        if (count > 1)
            throw InputError("`" + d.path.string() + "`: Morris design points " + std::to_string(p - 1) + " and " +
                             std::to_string(p) + " differ in " + std::to_string(count) +
                             " factors; consecutive points of a trajectory must differ in one");
    }
    std::vector<SweepMorris> out;
    for (std::size_t t = 0; t < targets.size(); ++t) {
        const auto& y = targets[t].values;
        std::vector<std::vector<double>> effects(k);
        SweepMorris m;
        m.target = t;
        for (std::size_t p = 0; p < d.points; ++p) {
            if (p % stride == 0) continue;
            if (changed[p] == k) {
                ++m.skipped_steps;
                continue;
            }
            const Factor& f = d.factors[changed[p]];
            const double step = to_unit(f, d.matrix(p, changed[p])) - to_unit(f, d.matrix(p - 1, changed[p]));
            effects[changed[p]].push_back((y[p] - y[p - 1]) / step);
        }
        for (const auto& e : effects) m.indices.push_back(morris_index(e));
        if (!all_finite(y)) m.note = "not finite at some points";
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<double> average_ranks(const std::vector<double>& x) {
    std::vector<std::size_t> order(x.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
    std::vector<double> rank(x.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
        const double r = (static_cast<double>(i) + static_cast<double>(j)) / 2 + 1;  // mean of ranks i+1..j+1
        for (std::size_t m = i; m <= j; ++m) rank[order[m]] = r;
        i = j + 1;
    }
    return rank;
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size() || x.size() < 2 || !all_finite(x) || !all_finite(y)) return nan;
    const auto rx = average_ranks(x), ry = average_ranks(y);
    const double mean = (static_cast<double>(x.size()) + 1) / 2;  // mean of ranks, ties included
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (rx[i] - mean) * (ry[i] - mean);
        sxx += (rx[i] - mean) * (rx[i] - mean);
        syy += (ry[i] - mean) * (ry[i] - mean);
    }
    if (!(sxx > 0 && syy > 0)) return nan;
    return sxy / std::sqrt(sxx * syy);
}

std::vector<SweepSpearman> sweep_spearman(const SweepData& d, const std::vector<SweepTarget>& targets) {
    std::vector<std::vector<double>> columns(d.factors.size(), std::vector<double>(d.points));
    for (std::size_t p = 0; p < d.points; ++p)
        for (std::size_t j = 0; j < d.factors.size(); ++j) columns[j][p] = d.matrix(p, j);
    std::vector<SweepSpearman> out;
    for (std::size_t t = 0; t < targets.size(); ++t) {
        if (!targets[t].difference) continue;
        SweepSpearman s{t, {}};
        // Unordered levels have no rank correlation: NaN for a categorical factor.
        for (std::size_t j = 0; j < columns.size(); ++j)
            s.rho.push_back(d.factors[j].categorical() ? std::numeric_limits<double>::quiet_NaN()
                                                       : spearman(columns[j], targets[t].values));
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace ambassim
