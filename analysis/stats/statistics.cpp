// Statistics for strategy comparison (see statistics.hpp).
#include "analysis/stats/statistics.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace ambassim {

double mean_of(const std::vector<double>& x) {
    if (x.empty()) return std::numeric_limits<double>::quiet_NaN();
    return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}

double sd_of(const std::vector<double>& x) {
    if (x.size() < 2) return 0.0;
    const double m = mean_of(x);
    double ss = 0;
    for (double v : x) ss += (v - m) * (v - m);
    return std::sqrt(ss / static_cast<double>(x.size() - 1));
}

double t_critical(double level, std::int64_t dof) {
    if (dof < 1) return std::numeric_limits<double>::quiet_NaN();
    const auto exact = [&](std::int64_t k) {
        const boost::math::students_t dist(static_cast<double>(k));
        return boost::math::quantile(dist, 0.5 + level / 2);
    };
    // The quantile costs microseconds (long-double series) and comparisons ask
    // for the same few values per tick and outcome: the 95% ones are tabled
    // once (the live classroom comparison spent a quarter of its time here).
    constexpr std::int64_t kTabled = 256;
    if (level != 0.95 || dof > kTabled) return exact(dof);
    static const std::vector<double> table = [&] {
        std::vector<double> t(kTabled + 1);
        for (std::int64_t k = 1; k <= kTabled; ++k) t[static_cast<std::size_t>(k)] = exact(k);
        return t;
    }();
    return table[static_cast<std::size_t>(dof)];
}

Estimate estimate(const std::vector<double>& x, double level) {
    Estimate e;
    e.n = static_cast<std::int64_t>(x.size());
    e.mean = mean_of(x);
    e.sd = sd_of(x);
    e.ci_low = e.ci_high = e.mean;
    if (e.n >= 2) {
        const double half = t_critical(level, e.n - 1) * e.sd / std::sqrt(static_cast<double>(e.n));
        e.ci_low = e.mean - half;
        e.ci_high = e.mean + half;
    }
    return e;
}

PairedDifference paired_difference(const std::vector<double>& a, const std::vector<double>& b, double level) {
    if (a.size() != b.size()) throw std::invalid_argument("paired_difference: a and b differ in length");
    std::vector<double> d(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) d[i] = a[i] - b[i];
    PairedDifference p;
    p.diff = estimate(d, level);
    p.mean_a = mean_of(a);
    p.mean_b = mean_of(b);
    p.effect_size = p.diff.sd > 0 ? p.diff.mean / p.diff.sd : 0.0;
    const double base = std::fabs(mean_of(b));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    p.relative = base > 0 ? p.diff.mean / base : nan;
    p.relative_ci_low = base > 0 ? p.diff.ci_low / base : nan;
    p.relative_ci_high = base > 0 ? p.diff.ci_high / base : nan;
    return p;
}

std::optional<Crossover> crossover(const std::vector<double>& d) {
    if (d.empty() || d.back() == 0.0) return std::nullopt;
    const bool a_leads = d.back() > 0;
    std::int64_t from = static_cast<std::int64_t>(d.size()) - 1;
    while (from > 0 && (a_leads ? d[static_cast<std::size_t>(from - 1)] > 0 : d[static_cast<std::size_t>(from - 1)] < 0))
        --from;
    bool never_behind = true;
    for (double x : d) never_behind = never_behind && (a_leads ? x >= 0 : x <= 0);
    return Crossover{a_leads, from, never_behind};
}

}  // namespace ambassim
