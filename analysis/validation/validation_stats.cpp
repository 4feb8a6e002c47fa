// Bass closed form, crossing times and (partial) correlations (see validation_stats.hpp).
#include "analysis/validation/validation_stats.hpp"

#include <cmath>
#include <limits>
#include <numeric>

namespace ambassim::validation {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double mean(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()); }

// Solves the normal equations A b = r (A symmetric positive definite, small)
// by Gaussian elimination with partial pivoting; false if singular.
bool solve(std::vector<std::vector<double>> A, std::vector<double>& r) {
    const std::size_t n = r.size();
    for (std::size_t c = 0; c < n; ++c) {
        std::size_t piv = c;
        for (std::size_t i = c + 1; i < n; ++i)
            if (std::fabs(A[i][c]) > std::fabs(A[piv][c])) piv = i;
        if (std::fabs(A[piv][c]) < 1e-300) return false;
        std::swap(A[c], A[piv]);
        std::swap(r[c], r[piv]);
        for (std::size_t i = c + 1; i < n; ++i) {
            const double f = A[i][c] / A[c][c];
            for (std::size_t k = c; k < n; ++k) A[i][k] -= f * A[c][k];
            r[i] -= f * r[c];
        }
    }
    for (std::size_t c = n; c-- > 0;) {
        for (std::size_t k = c + 1; k < n; ++k) r[c] -= A[c][k] * r[k];
        r[c] /= A[c][c];
    }
    return true;
}

// y minus its least-squares fit on an intercept and the controls.
bool residualise(const std::vector<double>& y, const std::vector<std::vector<double>>& controls,
                 std::vector<double>& out) {
    const std::size_t n = y.size(), k = controls.size() + 1;
    auto col = [&](std::size_t j, std::size_t i) { return j == 0 ? 1.0 : controls[j - 1][i]; };
    std::vector<std::vector<double>> A(k, std::vector<double>(k, 0.0));
    std::vector<double> b(k, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t a = 0; a < k; ++a) {
            b[a] += col(a, i) * y[i];
            for (std::size_t c = 0; c < k; ++c) A[a][c] += col(a, i) * col(c, i);
        }
    if (!solve(A, b)) return false;
    out.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        double fit = 0;
        for (std::size_t a = 0; a < k; ++a) fit += b[a] * col(a, i);
        out[i] = y[i] - fit;
    }
    return true;
}

}  // namespace

double bass_share(double p, double q, double t, double f0) {
    // General solution with F(0) = f0: F = (1 - A e) / (1 + (q/p) A e),
    // e = exp(-(p+q) t), A = (1 - f0) p / (p + q f0); A = 1 gives the textbook form.
    const double A = (1 - f0) * p / (p + q * f0);
    const double e = std::exp(-(p + q) * t);
    return (1 - A * e) / (1 + (q / p) * A * e);
}

double bass_peak_share(double p, double q) { return q > p ? 0.5 - p / (2 * q) : 0.0; }

double bass_peak_time(double p, double q) { return q > p ? std::log(q / p) / (p + q) : 0.0; }

double crossing_time(const std::vector<double>& t, const std::vector<double>& y, double level) {
    for (std::size_t i = 0; i < y.size() && i < t.size(); ++i) {
        if (y[i] < level) continue;
        if (i == 0 || y[i] == y[i - 1]) return t[i];
        return t[i - 1] + (t[i] - t[i - 1]) * (level - y[i - 1]) / (y[i] - y[i - 1]);
    }
    return kNaN;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size() || x.size() < 3) return kNaN;
    const double mx = mean(x), my = mean(y);
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    if (!(sxx > 0) || !(syy > 0)) return kNaN;
    return sxy / std::sqrt(sxx * syy);
}

double partial_correlation(const std::vector<double>& x, const std::vector<double>& y,
                           const std::vector<std::vector<double>>& controls) {
    if (x.size() != y.size() || x.size() < controls.size() + 3) return kNaN;
    for (const auto& c : controls)
        if (c.size() != x.size()) return kNaN;
    std::vector<double> rx, ry;
    if (!residualise(x, controls, rx) || !residualise(y, controls, ry)) return kNaN;
    // If the controls explain x or y completely, nothing is left to correlate:
    // the partial correlation is 0 (full mediation), not undefined.
    auto explained = [](const std::vector<double>& v, const std::vector<double>& res) {
        const double m = mean(v);
        double ss = 0, rs = 0;
        for (std::size_t i = 0; i < v.size(); ++i) ss += (v[i] - m) * (v[i] - m), rs += res[i] * res[i];
        return ss > 0 && rs <= 1e-20 * ss;
    };
    if (explained(x, rx) || explained(y, ry)) return 0.0;
    return pearson(rx, ry);
}

}  // namespace ambassim::validation
