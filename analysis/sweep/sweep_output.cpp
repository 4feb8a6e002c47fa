// CSV files and the terminal summary of a sweep analysis (see
// sweep_analysis.hpp; columns documented in docs/sweep-format.md).
#include "analysis/sweep/sweep_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <numeric>
#include <sstream>

namespace ambassim {
namespace {

// Every NaN as "nan" (iostreams print a negative NaN as "-nan"), full precision otherwise.
std::string num(double v) {
    if (std::isnan(v)) return "nan";
    std::ostringstream s;
    s << std::setprecision(10) << v;
    return s.str();
}

std::string csv_text(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// A factor value for the CSV files: a categorical factor's level name.
std::string level_text(const Factor& f, double v) { return f.categorical() ? csv_text(f.label(v)) : num(v); }

// outcome,metric,target,strategy_a,strategy_b
std::string target_columns(const SweepData& d, const SweepTarget& t) {
    const SweepMetric& m = d.metrics[t.metric];
    return csv_text(m.outcome) + ',' + csv_text(m.metric) + ',' + (t.difference ? "difference" : "strategy") + ',' +
           csv_text(d.strategies[t.a]) + ',' + (t.difference ? csv_text(d.strategies[t.b]) : "");
}

std::string short_num(double v, const char* format) {
    if (std::isnan(v)) return "nan";
    char buf[32];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

std::string scale_name(const Factor& f) { return !f.values.empty() ? "values" : f.scale == Scale::log ? "log" : "linear"; }

// The `top` factor indices by descending score (NaN last).
std::vector<std::size_t> top_factors(const std::vector<double>& score, std::size_t top) {
    std::vector<std::size_t> order(score.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (std::isnan(score[a]) || std::isnan(score[b])) return !std::isnan(score[a]) && std::isnan(score[b]);
        return score[a] > score[b];
    });
    order.resize(std::min(top, order.size()));
    return order;
}

// The terminal shows difference targets (strategy targets only with a single
// strategy) of the horizon/total metrics; the mean-over-run metrics stay in
// the CSV files unless there is nothing else.
bool has_non_average(const SweepData& d) {
    return std::any_of(d.metrics.begin(), d.metrics.end(), [](const SweepMetric& m) { return m.metric != "average"; });
}
bool shown(const SweepData& d, const SweepTarget& t) {
    if (has_non_average(d) && d.metrics[t.metric].metric == "average") return false;
    return t.difference || d.strategies.size() == 1;
}

// Factor names for the terminal: the last part of each key ("units" for
// organisation.units) when those are unique, else the full keys.
std::vector<std::string> short_names(const std::vector<Factor>& factors) {
    std::vector<std::string> out;
    for (const auto& f : factors) out.push_back(f.name.substr(f.name.rfind('.') + 1));
    auto sorted = out;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
        out.clear();
        for (const auto& f : factors) out.push_back(f.name);
    }
    return out;
}

void aligned(std::ostringstream& o, const std::vector<std::pair<std::string, std::string>>& rows) {
    std::size_t w = 0;
    for (const auto& r : rows) w = std::max(w, r.first.size());
    for (const auto& r : rows) o << "  " << std::left << std::setw(static_cast<int>(w)) << r.first << "  " << r.second << "\n";
}

}  // namespace

std::vector<CsvFile> sweep_csv_files(const SweepData& d, const SweepAnalysis& a) {
    std::vector<CsvFile> files;
    const std::string target_header = "outcome,metric,target,strategy_a,strategy_b";
    if (d.design == "saltelli") {
        std::ostringstream s;
        s << target_header << ",factor,base_samples,variance,S1,S1_ci_low,S1_ci_high,ST,ST_ci_low,ST_ci_high,note,warning\n";
        for (const auto& r : a.sobol)
            for (std::size_t j = 0; j < d.factors.size(); ++j) {
                const auto& x = r.indices;
                s << target_columns(d, a.targets[r.target]) << ',' << csv_text(d.factors[j].name) << ','
                  << x.base_samples << ',' << num(x.variance) << ',' << num(x.first[j].value) << ','
                  << num(x.first[j].ci_low) << ',' << num(x.first[j].ci_high) << ',' << num(x.total[j].value) << ','
                  << num(x.total[j].ci_low) << ',' << num(x.total[j].ci_high) << ',' << csv_text(r.note) << ','
                  << csv_text(r.warning) << '\n';
            }
        files.push_back({"sobol.csv", s.str()});
    }
    if (d.design == "morris") {
        std::ostringstream s;
        s << target_header << ",factor,lower,upper,scale,effects,mu,mu_star,sigma,skipped_steps,note\n";
        for (const auto& r : a.morris)
            for (std::size_t j = 0; j < d.factors.size(); ++j) {
                const Factor& f = d.factors[j];
                const MorrisIndex& m = r.indices[j];
                s << target_columns(d, a.targets[r.target]) << ',' << csv_text(f.name) << ',' << num(f.lower) << ','
                  << num(f.upper) << ',' << scale_name(f) << ',' << m.effects << ',' << num(m.mu) << ','
                  << num(m.mu_star) << ',' << num(m.sigma) << ',' << r.skipped_steps << ',' << csv_text(r.note) << '\n';
            }
        files.push_back({"morris.csv", s.str()});
    }
    if (!a.winners.empty()) {
        std::ostringstream s;
        s << "point,outcome,metric,higher_is_better,winner,best,runner_up,margin,ci_low,ci_high,decisive";
        for (const auto& f : d.factors) s << ',' << csv_text(f.name);
        s << '\n';
        for (const auto& w : a.winners) {
            const SweepMetric& m = d.metrics[w.metric];
            s << w.point << ',' << csv_text(m.outcome) << ',' << csv_text(m.metric) << ',' << (m.higher_is_better ? 1 : 0)
              << ',' << (w.decisive ? csv_text(d.strategies[w.best]) : "tie") << ',' << csv_text(d.strategies[w.best])
              << ',' << csv_text(d.strategies[w.runner_up]) << ',' << num(w.margin) << ',' << num(w.ci_low) << ','
              << num(w.ci_high) << ',' << (w.decisive ? "true" : "false");
            for (std::size_t j = 0; j < d.factors.size(); ++j)
                s << ',' << level_text(d.factors[j], d.matrix(w.point, j));
            s << '\n';
        }
        files.push_back({"winners.csv", s.str()});
        std::ostringstream h;
        h << "outcome,metric,factor,level_low,level_high,points,winner,share\n";
        for (const auto& l : a.shares) {
            const SweepMetric& m = d.metrics[l.metric];
            const std::string head = csv_text(m.outcome) + ',' + csv_text(m.metric) + ',' +
                                     csv_text(d.factors[l.factor].name) + ',' + level_text(d.factors[l.factor], l.low) + ',' +
                                     level_text(d.factors[l.factor], l.high) + ',' +
                                     std::to_string(l.points) + ',';
            for (std::size_t k = 0; k < d.strategies.size(); ++k)
                h << head << csv_text(d.strategies[k]) << ',' << num(l.wins[k]) << '\n';
            h << head << "tie," << num(l.ties) << '\n';
        }
        files.push_back({"winner_shares.csv", h.str()});
    }
    if (d.design == "latin_hypercube" && !a.winners.empty()) {
        std::ostringstream s;
        s << "outcome,metric,strategy_a,strategy_b,factor,rho\n";
        for (const auto& r : a.spearman) {
            const SweepTarget& t = a.targets[r.target];
            const SweepMetric& m = d.metrics[t.metric];
            for (std::size_t j = 0; j < d.factors.size(); ++j)
                s << csv_text(m.outcome) << ',' << csv_text(m.metric) << ',' << csv_text(d.strategies[t.a]) << ','
                  << csv_text(d.strategies[t.b]) << ',' << csv_text(d.factors[j].name) << ',' << num(r.rho[j]) << '\n';
        }
        files.push_back({"spearman.csv", s.str()});
    }
    return files;
}

std::string format_sweep_analysis(const SweepData& d, const SweepAnalysis& a, std::size_t top) {
    std::ostringstream o;
    o << "Sweep " << d.path.string() << ": " << d.design << " design, " << d.factors.size() << " factor"
      << (d.factors.size() == 1 ? "" : "s") << ", " << d.points << " points, " << d.strategies.size() << " strateg"
      << (d.strategies.size() == 1 ? "y" : "ies") << " x " << d.replicates << " replicate"
      << (d.replicates == 1 ? "" : "s") << "\n";
    const std::vector<std::string> names = short_names(d.factors);
    std::vector<std::pair<std::string, std::string>> rows;
    if (!a.sobol.empty()) {
        o << "\nSobol indices (N = " << d.saltelli_base_samples << ", " << a.sobol_options.resamples << " bootstrap resamples): "
          << "top factors by total index S_T [" << short_num(100 * a.sobol_options.level, "%g") << "% CI]\n";
        for (const auto& r : a.sobol) {
            const SweepTarget& t = a.targets[r.target];
            if (!shown(d, t)) continue;
            std::vector<double> st;
            for (const auto& e : r.indices.total) st.push_back(e.value);
            std::string text;
            if (!r.note.empty()) text = "nan (" + r.note + ")";
            else
                for (std::size_t j : top_factors(st, top))
                    text += (text.empty() ? "" : "; ") + names[j] + " " + short_num(st[j], "%.2f") + " [" +
                            short_num(r.indices.total[j].ci_low, "%.2f") + ", " +
                            short_num(r.indices.total[j].ci_high, "%.2f") + "]";
            rows.emplace_back(target_label(d, t), text);
        }
    }
    if (!a.morris.empty()) {
        o << "\nMorris elementary effects (" << d.morris_trajectories << " trajectories; per whole factor range): top "
          << "factors by mu* (sigma)\n";
        for (const auto& r : a.morris) {
            const SweepTarget& t = a.targets[r.target];
            if (!shown(d, t)) continue;
            std::vector<double> mu_star;
            for (const auto& m : r.indices) mu_star.push_back(m.mu_star);
            std::string text;
            for (std::size_t j : top_factors(mu_star, top))
                text += (text.empty() ? "" : "; ") + names[j] + " " + short_num(mu_star[j], "%.3g") + " (" +
                        short_num(r.indices[j].sigma, "%.3g") + ")";
            if (!r.note.empty()) text += " (" + r.note + ")";
            rows.emplace_back(target_label(d, t), text);
        }
    }
    if (!a.spearman.empty()) {
        o << "\nSpearman rank correlation of each factor with the difference: top factors by |rho|\n";
        for (const auto& r : a.spearman) {
            if (!shown(d, a.targets[r.target])) continue;
            std::vector<double> magnitude;
            for (double x : r.rho) magnitude.push_back(std::fabs(x));
            std::string text;
            for (std::size_t j : top_factors(magnitude, top))
                text += (text.empty() ? "" : "; ") + names[j] + " " + short_num(r.rho[j], "%+.2f");
            rows.emplace_back(target_label(d, a.targets[r.target]), text);
        }
    }
    aligned(o, rows);
    for (const auto& r : a.sobol)
        if (!r.warning.empty() && shown(d, a.targets[r.target]))
            o << "warning: " << target_label(d, a.targets[r.target]) << ": " << r.warning << "\n";
    if (!a.winners.empty()) {
        rows.clear();
        o << "\nWinners (best replicate mean; a tie unless the paired 95% CI of its margin over the runner-up "
             "excludes 0): share of points\n";
        if (d.replicates < 2) o << "  (one replicate per strategy: no intervals, so every point is a tie)\n";
        const std::size_t M = d.metrics.size();
        for (std::size_t m = 0; m < M; ++m) {
            if (has_non_average(d) && d.metrics[m].metric == "average") continue;
            std::vector<std::size_t> wins(d.strategies.size(), 0);
            std::size_t ties = 0;
            for (std::size_t p = 0; p < d.points; ++p) {
                const PointWinner& w = a.winners[p * M + m];
                (w.decisive ? wins[w.best] : ties) += 1;
            }
            std::string text;
            const auto share = [&](std::size_t n) { return short_num(100.0 * static_cast<double>(n) / static_cast<double>(d.points), "%.0f") + "%"; };
            for (std::size_t k = 0; k < wins.size(); ++k) text += d.strategies[k] + " " + share(wins[k]) + ", ";
            text += "tie " + share(ties);
            rows.emplace_back(d.metrics[m].outcome + "/" + d.metrics[m].metric, text);
        }
        aligned(o, rows);
    }
    if (d.strategies.size() > 1 || !has_non_average(d) ||
        std::any_of(d.metrics.begin(), d.metrics.end(), [](const SweepMetric& m) { return m.metric == "average"; }))
        o << "\n(Shown: horizon and total metrics" << (d.strategies.size() > 1 ? ", strategy differences" : "")
          << "; the CSV files hold every metric and target.)\n";
    return o.str();
}

}  // namespace ambassim
