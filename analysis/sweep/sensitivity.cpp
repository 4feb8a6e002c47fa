// Sobol and Morris sensitivity estimators (see sensitivity.hpp).
#include "analysis/sweep/sensitivity.hpp"

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace ambassim {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

void require_finite(std::span<const double> outputs) {
    for (std::size_t r = 0; r < outputs.size(); ++r)
        if (!std::isfinite(outputs[r]))
            throw std::invalid_argument("output of design row " + std::to_string(r) + " is not finite");
}

// Per base sample j, the summands of the estimators: V is computed from y_a,
// y_b; first[i][j] = f(B_j)(f(A_B^(i)_j) - f(A_j)); total[i][j] = (f(A_j) -
// f(A_B^(i)_j))^2 / 2. Outputs are centred on the mean of f(A), f(B) so the
// variance sums lose no precision.
struct SobolTerms {
    std::vector<double> y_a, y_b;
    std::vector<std::vector<double>> first, total;
};

SobolTerms sobol_terms(std::span<const double> outputs, const SaltelliLayout& layout) {
    const std::size_t n = layout.n;
    double centre = 0;
    for (std::size_t j = 0; j < n; ++j) centre += outputs[layout.a(j)] + outputs[layout.b(j)];
    centre /= static_cast<double>(2 * n);
    SobolTerms t;
    t.y_a.resize(n);
    t.y_b.resize(n);
    for (std::size_t j = 0; j < n; ++j) {
        t.y_a[j] = outputs[layout.a(j)] - centre;
        t.y_b[j] = outputs[layout.b(j)] - centre;
    }
    t.first.assign(layout.k, std::vector<double>(n));
    t.total.assign(layout.k, std::vector<double>(n));
    for (std::size_t i = 0; i < layout.k; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            const double d = outputs[layout.ab(i, j)] - centre - t.y_a[j];
            t.first[i][j] = t.y_b[j] * d;
            t.total[i][j] = d * d / 2;
        }
    return t;
}

// Indices from the terms of the base samples `rows` (with repetition):
// first k values S_i, then k values S_Ti.
std::vector<double> sobol_from_rows(const SobolTerms& t, const std::vector<std::size_t>& rows) {
    const std::size_t k = t.first.size();
    double sum = 0, sum_sq = 0;
    for (std::size_t j : rows) {
        sum += t.y_a[j] + t.y_b[j];
        sum_sq += t.y_a[j] * t.y_a[j] + t.y_b[j] * t.y_b[j];
    }
    const double count = static_cast<double>(2 * rows.size());
    const double variance = sum_sq / count - (sum / count) * (sum / count);
    std::vector<double> out(2 * k, nan);
    if (!(variance > 0)) return out;
    const double n = static_cast<double>(rows.size());
    for (std::size_t i = 0; i < k; ++i) {
        double first = 0, total = 0;
        for (std::size_t j : rows) {
            first += t.first[i][j];
            total += t.total[i][j];
        }
        out[i] = first / n / variance;
        out[k + i] = total / n / variance;
    }
    return out;
}

// Quantile q of sorted finite values, linear interpolation between order
// statistics (Hyndman and Fan type 7).
double sorted_quantile(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) return nan;
    const double h = q * static_cast<double>(sorted.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    if (lo + 1 >= sorted.size()) return sorted.back();
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

// Resampled values of every index: [index][resample].
std::vector<std::vector<double>> bootstrap(const SobolTerms& t, const SobolOptions& options) {
    const std::size_t n = t.y_a.size();
    boost::random::mt19937_64 engine(options.seed);
    boost::random::uniform_int_distribution<std::size_t> pick(0, n - 1);
    std::vector<std::vector<double>> values(2 * t.first.size());
    std::vector<std::size_t> rows(n);
    for (std::size_t b = 0; b < options.resamples; ++b) {
        for (auto& r : rows) r = pick(engine);
        const std::vector<double> s = sobol_from_rows(t, rows);
        for (std::size_t x = 0; x < s.size(); ++x)
            if (std::isfinite(s[x])) values[x].push_back(s[x]);
    }
    return values;
}

IndexEstimate with_interval(double value, std::vector<double> resampled, double level) {
    if (resampled.empty() || !std::isfinite(value)) return {value, value, value};
    std::sort(resampled.begin(), resampled.end());
    return {value, sorted_quantile(resampled, (1 - level) / 2), sorted_quantile(resampled, (1 + level) / 2)};
}

}  // namespace

SobolIndices sobol_indices(std::span<const double> outputs, std::size_t factors, const SobolOptions& options) {
    if (factors == 0) throw std::invalid_argument("sobol_indices: needs at least one factor");
    if (outputs.empty() || outputs.size() % (factors + 2) != 0)
        throw std::invalid_argument("sobol_indices: " + std::to_string(outputs.size()) +
                                    " outputs is not N (k + 2) for k = " + std::to_string(factors));
    if (!(options.level > 0 && options.level < 1)) throw std::invalid_argument("sobol_indices: level must be in (0, 1)");
    require_finite(outputs);
    const SaltelliLayout layout{outputs.size() / (factors + 2), factors};
    const SobolTerms terms = sobol_terms(outputs, layout);
    std::vector<std::size_t> all(layout.n);
    for (std::size_t j = 0; j < layout.n; ++j) all[j] = j;
    const std::vector<double> point = sobol_from_rows(terms, all);
    const std::vector<std::vector<double>> resampled = bootstrap(terms, options);

    SobolIndices out;
    out.base_samples = layout.n;
    double sum_sq = 0;
    for (std::size_t j = 0; j < layout.n; ++j) sum_sq += terms.y_a[j] * terms.y_a[j] + terms.y_b[j] * terms.y_b[j];
    out.variance = sum_sq / static_cast<double>(2 * layout.n);  // the terms are centred on the mean
    for (std::size_t i = 0; i < factors; ++i) {
        out.first.push_back(with_interval(point[i], resampled[i], options.level));
        out.total.push_back(with_interval(point[factors + i], resampled[factors + i], options.level));
    }
    return out;
}

// ---- Morris ------------------------------------------------------------------------

std::vector<std::vector<double>> elementary_effects(const std::vector<Factor>& factors, const DesignMatrix& points,
                                                    std::span<const double> outputs) {
    const std::size_t k = factors.size();
    if (k == 0 || points.factors != k) throw std::invalid_argument("elementary_effects: factor count disagrees with the design");
    if (points.points != outputs.size() || points.points == 0 || points.points % (k + 1) != 0)
        throw std::invalid_argument("elementary_effects: need r (k + 1) points and one output per point");
    for (const Factor& f : factors) validate_factor(f, true);
    require_finite(outputs);
    std::vector<std::vector<double>> effects(k);
    for (std::size_t p = 0; p < points.points; ++p) {
        if (p % (k + 1) == 0) continue;  // a trajectory's starting point
        std::size_t changed = k, count = 0;
        for (std::size_t i = 0; i < k; ++i)
            if (points(p, i) != points(p - 1, i)) changed = i, ++count;
        if (count != 1)
            throw std::invalid_argument("elementary_effects: design rows " + std::to_string(p - 1) + " and " +
                                        std::to_string(p) + " do not differ in exactly one factor");
        const Factor& f = factors[changed];
        const double step = to_unit(f, points(p, changed)) - to_unit(f, points(p - 1, changed));
        effects[changed].push_back((outputs[p] - outputs[p - 1]) / step);
    }
    return effects;
}

MorrisIndex morris_index(const std::vector<double>& effects) {
    MorrisIndex m;
    m.effects = effects.size();
    if (effects.empty()) return {0, nan, nan, nan};
    for (double e : effects) {
        m.mu += e;
        m.mu_star += std::fabs(e);
    }
    const double n = static_cast<double>(effects.size());
    m.mu /= n;
    m.mu_star /= n;
    if (effects.size() > 1) {
        double ss = 0;
        for (double e : effects) ss += (e - m.mu) * (e - m.mu);
        m.sigma = std::sqrt(ss / (n - 1));
    }
    return m;
}

std::vector<MorrisIndex> morris_indices(const std::vector<Factor>& factors, const DesignMatrix& points,
                                        std::span<const double> outputs) {
    std::vector<MorrisIndex> out;
    for (const auto& e : elementary_effects(factors, points, outputs)) out.push_back(morris_index(e));
    return out;
}

}  // namespace ambassim
