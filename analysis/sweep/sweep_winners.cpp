// Per-point winners and per-level win shares of a sweep (see sweep_winners.hpp).
#include "analysis/sweep/sweep_winners.hpp"

#include "analysis/stats/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace ambassim {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Level index of every point for one factor, and each level's range.
struct Levels {
    std::vector<std::size_t> of_point;
    std::vector<std::pair<double, double>> range;
};

Levels factor_levels(const SweepData& d, std::size_t j) {
    std::vector<double> column(d.points);
    for (std::size_t p = 0; p < d.points; ++p) column[p] = d.matrix(p, j);
    std::vector<double> distinct = column;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    Levels l;
    l.of_point.resize(d.points);
    if (distinct.size() <= kMaxLevels) {
        for (double v : distinct) l.range.emplace_back(v, v);
        for (std::size_t p = 0; p < d.points; ++p)
            l.of_point[p] = static_cast<std::size_t>(std::lower_bound(distinct.begin(), distinct.end(), column[p]) -
                                                     distinct.begin());
        return l;
    }
    // Equal-count bins by rank (ties broken by point order, which only
    // matters for repeated values, rare in a continuous design).
    std::vector<std::size_t> order(d.points);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return column[a] < column[b]; });
    l.range.assign(kBins, {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()});
    for (std::size_t i = 0; i < order.size(); ++i) {
        const std::size_t bin = i * kBins / order.size();
        l.of_point[order[i]] = bin;
        l.range[bin].first = std::min(l.range[bin].first, column[order[i]]);
        l.range[bin].second = std::max(l.range[bin].second, column[order[i]]);
    }
    return l;
}

}  // namespace

std::vector<PointWinner> sweep_winners(const SweepData& d) {
    const std::size_t S = d.strategies.size();
    std::vector<PointWinner> out;
    if (S < 2) return out;
    for (std::size_t p = 0; p < d.points; ++p)
        for (std::size_t m = 0; m < d.metrics.size(); ++m) {
            const SweepMetric& metric = d.metrics[m];
            std::vector<std::vector<double>> runs(S);
            std::vector<double> mean(S);
            for (std::size_t s = 0; s < S; ++s) runs[s] = d.replicate_values(metric, p, s), mean[s] = mean_of(runs[s]);
            // Best first; a non-finite mean ranks last; equal means keep
            // strategy order, so the winner of an exact tie is stable.
            std::vector<std::size_t> order(S);
            std::iota(order.begin(), order.end(), std::size_t{0});
            std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
                if (!std::isfinite(mean[a]) || !std::isfinite(mean[b])) return std::isfinite(mean[a]) && !std::isfinite(mean[b]);
                return metric.higher_is_better ? mean[a] > mean[b] : mean[a] < mean[b];
            });
            PointWinner w{p, m, order[0], order[1], nan, nan, nan, false};
            if (std::isfinite(mean[w.best]) && std::isfinite(mean[w.runner_up])) {
                const PairedDifference diff = metric.higher_is_better ? paired_difference(runs[w.best], runs[w.runner_up])
                                                                      : paired_difference(runs[w.runner_up], runs[w.best]);
                w.margin = diff.diff.mean, w.ci_low = diff.diff.ci_low, w.ci_high = diff.diff.ci_high;
                w.decisive = diff.significant() && diff.diff.ci_low > 0;
            }
            out.push_back(w);
        }
    return out;
}

std::vector<LevelShare> winner_shares(const SweepData& d, const std::vector<PointWinner>& winners) {
    const std::size_t S = d.strategies.size(), M = d.metrics.size();
    std::vector<LevelShare> out;
    if (winners.empty()) return out;
    std::vector<Levels> levels;
    for (std::size_t j = 0; j < d.factors.size(); ++j) levels.push_back(factor_levels(d, j));
    for (std::size_t m = 0; m < M; ++m)
        for (std::size_t j = 0; j < d.factors.size(); ++j) {
            const Levels& l = levels[j];
            std::vector<LevelShare> rows(l.range.size());
            for (std::size_t v = 0; v < rows.size(); ++v)
                rows[v] = {m, j, l.range[v].first, l.range[v].second, 0, std::vector<double>(S, 0.0), 0.0};
            for (std::size_t p = 0; p < d.points; ++p) {
                const PointWinner& w = winners[p * M + m];
                LevelShare& row = rows[l.of_point[p]];
                ++row.points;
                (w.decisive ? row.wins[w.best] : row.ties) += 1;
            }
            for (auto& row : rows) {
                const double n = static_cast<double>(row.points);
                for (auto& x : row.wins) x /= n;
                row.ties /= n;
                out.push_back(std::move(row));
            }
        }
    return out;
}

}  // namespace ambassim
