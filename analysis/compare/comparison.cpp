// Computes the comparison statistics (see comparison.hpp).
#include "analysis/compare/comparison.hpp"

#include <algorithm>
#include <cmath>

namespace ambassim {
namespace {

std::vector<double> column(const std::vector<std::vector<double>>& runs, std::size_t t) {
    std::vector<double> out;
    out.reserve(runs.size());
    for (const auto& r : runs)
        if (t < r.size() && !std::isnan(r[t])) out.push_back(r[t]);
    return out;
}

}  // namespace

ComparisonSummary summarise_comparison(const ComparisonData& d) {
    ComparisonSummary s;
    s.strategies = d.strategies;
    s.replicates = d.replicates;
    s.ticks = d.ticks;
    s.dt_days = d.dt_days;
    s.currency = d.currency;
    s.labels = d.labels;
    const std::size_t S = d.strategies.size(), R = static_cast<std::size_t>(d.replicates);
    for (std::size_t o = 0; o < outcomes().size(); ++o) {
        const Outcome& out = outcomes()[o];
        // traj[s][r][t]
        std::vector<std::vector<std::vector<double>>> traj(S, std::vector<std::vector<double>>(R));
        for (std::size_t k = 0; k < S; ++k)
            for (std::size_t r = 0; r < R; ++r) traj[k][r] = outcome_trajectory(d, out, k, r);

        std::vector<std::vector<Estimate>> bands(S, std::vector<Estimate>(static_cast<std::size_t>(d.ticks)));
        for (std::size_t k = 0; k < S; ++k)
            for (std::size_t t = 0; t < bands[k].size(); ++t) bands[k][t] = estimate(column(traj[k], t));
        s.trajectories.push_back(std::move(bands));
        const auto& aspects = headline_aspects();
        if (std::any_of(aspects.begin(), aspects.end(), [&](const HeadlineAspect& h) { return h.outcome == out.name; }))
            for (std::size_t a = 0; a < S; ++a)
                for (std::size_t b = a + 1; b < S; ++b) {
                    PairTrajectory p{o, a, b, std::vector<Estimate>(static_cast<std::size_t>(d.ticks))};
                    for (std::size_t t = 0; t < p.difference.size(); ++t) {
                        std::vector<double> diff;
                        for (std::size_t r = 0; r < R; ++r)
                            if (t < traj[a][r].size() && t < traj[b][r].size() && !std::isnan(traj[a][r][t] - traj[b][r][t]))
                                diff.push_back(traj[a][r][t] - traj[b][r][t]);
                        p.difference[t] = estimate(diff);
                    }
                    s.paired_trajectories.push_back(std::move(p));
                }

        for (const std::string& metric : outcome_metrics(out)) {
            MetricSummary m{o, metric, std::vector<std::vector<double>>(S), {}, {}};
            for (std::size_t k = 0; k < S; ++k) {
                for (std::size_t r = 0; r < R; ++r) m.values[k].push_back(metric_value(traj[k][r], metric));
                m.per_strategy.push_back(estimate(m.values[k]));
            }
            m.differences.assign(S, std::vector<PairedDifference>(S));
            for (std::size_t a = 0; a < S; ++a)
                for (std::size_t b = 0; b < S; ++b) m.differences[a][b] = paired_difference(m.values[a], m.values[b]);
            for (std::size_t a = 0; a < S && out.judged; ++a)
                for (std::size_t b = a + 1; b < S; ++b) {
                    // Mean over replicates of the difference trajectory a - b.
                    std::vector<double> mean_diff(static_cast<std::size_t>(d.ticks), 0.0);
                    for (std::size_t t = 0; t < mean_diff.size(); ++t) {
                        double sum = 0;
                        for (std::size_t r = 0; r < R; ++r) sum += traj[a][r][t] - traj[b][r][t];
                        mean_diff[t] = sum / static_cast<double>(R);
                    }
                    const auto cross = crossover(mean_diff);
                    const PairedDifference& diff = m.differences[a][b];
                    PairVerdict v{o, metric, s.metrics.size(), a, b, std::nullopt, false, false, false, {}};
                    if (cross) {
                        v.a_leads_at_end = cross->a_leads;
                        v.never_behind = cross->never_behind;
                        // Stated (sentence, CSV, file) only where it means something: see PairVerdict.
                        const bool same_leader = cross->a_leads == (diff.diff.mean > 0);
                        if (metric != "average" && diff.significant() && same_leader) {
                            v.crossover_day = static_cast<double>(cross->from_index + 1) * d.dt_days;
                            v.from_start = cross->from_index == 0;
                        }
                    }
                    v.sentence = verdict_sentence(out, metric, d.strategies[a], d.strategies[b], diff, s.horizon_day(),
                                                  v.crossover_day, v.never_behind, v.from_start, d.currency);
                    s.verdicts.push_back(std::move(v));
                }
            s.metrics.push_back(std::move(m));
        }
    }
    return s;
}

}  // namespace ambassim
