// Presents comparison statistics: terminal table, CSV files and the
// /summary group of the comparison's HDF5 file.
#include "analysis/compare/comparison.hpp"

#include "sim/util/atomic_file.hpp"

#include "sim/util/number_format.hpp"
#include "sim/output/hdf5_file.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <numeric>
#include <sstream>

namespace ambassim {
namespace {

std::string fmt(double v, const std::string& units) { return format_value(v, units); }

std::string metric_title(const Outcome& o, const std::string& metric, double day) {
    std::ostringstream s;
    s << o.label << (metric == "average" ? ", mean over run" : metric == "total" ? ", total" : ", day ")
      << (metric == "horizon" ? std::to_string(static_cast<long long>(std::llround(day))) : "");
    if (o.units != "1") s << " (" << o.units << ")";
    return s.str();
}

bool is_headline(const Outcome& o, const std::string& metric) {
    for (const char* n : {"active_customers", "churned", "nps", "referral_acquisitions", "revenue", "net_revenue",
                          "mean_bond", "engagement", "ambassadorship", "employee_quits"})
        if (o.name == n) return metric != "average";
    return false;
}

std::string csv_quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}


}  // namespace

std::string format_comparison(const ComparisonSummary& s) {
    const auto& out = outcomes();
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header{"outcome"};
    header.insert(header.end(), s.strategies.begin(), s.strategies.end());
    rows.push_back(header);
    for (const auto& m : s.metrics) {
        const Outcome& o = out[m.outcome];
        std::vector<std::string> row{metric_title(o, m.metric, s.horizon_day())};
        for (const auto& e : m.per_strategy)
            row.push_back(fmt(e.mean, o.units) + " [" + fmt(e.ci_low, o.units) + ", " + fmt(e.ci_high, o.units) + "]");
        rows.push_back(row);
    }
    std::vector<std::size_t> width(header.size(), 0);
    for (const auto& r : rows)
        for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
    std::ostringstream o;
    o << "Mean [95% CI] over " << s.replicates << " replicates per strategy (common random numbers)\n\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        for (std::size_t c = 0; c < rows[i].size(); ++c)
            o << (c ? "  " : "") << std::left << std::setw(static_cast<int>(width[c])) << rows[i][c];
        o << "\n";
        if (i == 0) o << std::string(std::accumulate(width.begin(), width.end(), 2 * (width.size() - 1)), '-') << "\n";
    }
    o << "\nVerdicts (paired differences, 95% CI):\n";
    for (const auto& v : s.verdicts)
        if (is_headline(out[v.outcome], v.metric)) o << "  - " << v.sentence << "\n";
    return o.str();
}

std::vector<std::filesystem::path> comparison_csv_paths(const std::filesystem::path& h5) {
    auto stem = h5;
    stem.replace_extension();
    return {stem.string() + ".strategies.csv", stem.string() + ".differences.csv"};
}

std::vector<std::filesystem::path> write_comparison_csv(const ComparisonSummary& s, const std::filesystem::path& h5,
                                                        bool force) {
    const auto paths = comparison_csv_paths(h5);
    const auto& out = outcomes();
    std::ostringstream a, d;
    a << std::setprecision(10) << "outcome,metric,units,strategy,n,mean,sd,ci_low,ci_high\n";
    d << std::setprecision(10)
      << "outcome,metric,units,strategy_a,strategy_b,n,mean_difference,sd,ci_low,ci_high,effect_size_dz,"
         "relative,relative_ci_low,relative_ci_high,significant,crossover_day,verdict\n";
    for (const auto& m : s.metrics) {
        const Outcome& o = out[m.outcome];
        for (std::size_t k = 0; k < s.strategies.size(); ++k) {
            const auto& e = m.per_strategy[k];
            a << o.name << ',' << m.metric << ',' << o.units << ',' << s.strategies[k] << ',' << e.n << ',' << e.mean
              << ',' << e.sd << ',' << e.ci_low << ',' << e.ci_high << '\n';
        }
    }
    for (const auto& v : s.verdicts) {
        const Outcome& o = out[v.outcome];
        const PairedDifference& p = s.metrics[v.metric_index].differences[v.a][v.b];
        d << o.name << ',' << v.metric << ',' << o.units << ',' << s.strategies[v.a] << ',' << s.strategies[v.b] << ','
          << p.diff.n << ',' << p.diff.mean << ',' << p.diff.sd << ',' << p.diff.ci_low << ',' << p.diff.ci_high << ','
          << p.effect_size << ',' << p.relative << ',' << p.relative_ci_low << ',' << p.relative_ci_high << ','
          << (p.significant() ? "true" : "false") << ',';
        if (v.crossover_day) d << *v.crossover_day;
        d << ',' << csv_quote(v.sentence) << '\n';
    }
    write_file_atomically(paths[0], a.str(), force);
    write_file_atomically(paths[1], d.str(), force);
    return paths;
}

void write_comparison_summary(H5Output& h5, const ComparisonSummary& s) {
    const auto& out = outcomes();
    const std::size_t S = s.strategies.size(), T = static_cast<std::size_t>(s.ticks);
    const auto R = static_cast<std::size_t>(s.replicates);
    for (std::size_t o = 0; o < out.size(); ++o) {
        const std::string base = "/summary/trajectories/" + out[o].name + "/";
        std::vector<double> mean(S * T), lo(S * T), hi(S * T);
        for (std::size_t k = 0; k < S; ++k)
            for (std::size_t t = 0; t < T; ++t) {
                const Estimate& e = s.trajectories[o][k][t];
                mean[k * T + t] = e.mean, lo[k * T + t] = e.ci_low, hi[k * T + t] = e.ci_high;
            }
        const std::vector<std::string> dims{"strategy", "tick"};
        h5.write(base + "mean", mean, {S, T}, {out[o].units, "mean over replicates of " + out[o].label, dims});
        h5.write(base + "ci_low", lo, {S, T}, {out[o].units, "lower end of the 95% interval of the mean", dims});
        h5.write(base + "ci_high", hi, {S, T}, {out[o].units, "upper end of the 95% interval of the mean", dims});
        // What the outcome is, for readers of the file (the report script reads its labels here).
        const std::string group = "/summary/trajectories/" + out[o].name;
        std::string series;
        for (const auto& path : out[o].series) series += (series.empty() ? "" : " ") + path;
        h5.set_attribute(group, "label", out[o].label);
        h5.set_attribute(group, "units", out[o].units);
        h5.set_attribute(group, "kind", std::string(out[o].kind == OutcomeKind::stock ? "stock" : "flow"));
        h5.set_attribute(group, "higher_is_better", std::int64_t{out[o].higher_is_better ? 1 : 0});
        h5.set_attribute(group, "order", static_cast<std::int64_t>(o));
        h5.set_attribute(group, "series", series);
    }
    for (const auto& m : s.metrics) {
        const Outcome& o = out[m.outcome];
        const std::string base = "/summary/outcomes/" + o.name + "/" + m.metric + "/";
        std::vector<double> values, mean, sd, lo, hi;
        for (std::size_t k = 0; k < S; ++k) {
            values.insert(values.end(), m.values[k].begin(), m.values[k].end());
            const auto& e = m.per_strategy[k];
            mean.push_back(e.mean), sd.push_back(e.sd), lo.push_back(e.ci_low), hi.push_back(e.ci_high);
        }
        h5.write(base + "values", values, {S, R}, {o.units, "the metric of every run", {"strategy", "replicate"}});
        h5.write(base + "mean", mean, {S}, {o.units, "mean over replicates", {"strategy"}});
        h5.write(base + "sd", sd, {S}, {o.units, "standard deviation over replicates", {"strategy"}});
        h5.write(base + "ci_low", lo, {S}, {o.units, "95% interval of the mean, lower end", {"strategy"}});
        h5.write(base + "ci_high", hi, {S}, {o.units, "95% interval of the mean, upper end", {"strategy"}});
        std::vector<double> dm, dl, dh, es, rel;
        for (std::size_t a = 0; a < S; ++a)
            for (std::size_t b = 0; b < S; ++b) {
                const auto& p = m.differences[a][b];
                dm.push_back(p.diff.mean), dl.push_back(p.diff.ci_low), dh.push_back(p.diff.ci_high);
                es.push_back(p.effect_size), rel.push_back(p.relative);
            }
        const std::vector<std::string> pair{"strategy_a", "strategy_b"};
        h5.write(base + "difference_mean", dm, {S, S}, {o.units, "mean paired difference a - b", pair});
        h5.write(base + "difference_ci_low", dl, {S, S}, {o.units, "95% interval of a - b, lower end", pair});
        h5.write(base + "difference_ci_high", dh, {S, S}, {o.units, "95% interval of a - b, upper end", pair});
        h5.write(base + "effect_size", es, {S, S}, {"1", "Cohen's d_z: mean / sd of the paired differences", pair});
        h5.write(base + "relative_difference", rel, {S, S}, {"1", "mean(a - b) / |mean(b)|", pair});
    }
    std::vector<std::string> sentences, outcome, metric;
    std::vector<std::int64_t> a, b, significant;
    std::vector<double> crossover_day;
    for (const auto& v : s.verdicts) {
        sentences.push_back(v.sentence);
        outcome.push_back(out[v.outcome].name);
        metric.push_back(v.metric);
        a.push_back(static_cast<std::int64_t>(v.a));
        b.push_back(static_cast<std::int64_t>(v.b));
        significant.push_back(s.metrics[v.metric_index].differences[v.a][v.b].significant() ? 1 : 0);
        crossover_day.push_back(v.crossover_day ? *v.crossover_day : std::nan(""));
    }
    const std::size_t V = sentences.size();
    h5.write_strings("/summary/verdicts", sentences, {"", "one verdict per outcome, metric and pair of strategies", {"verdict"}});
    h5.write_strings("/summary/verdict_outcome", outcome, {"", "outcome of each verdict", {"verdict"}});
    h5.write_strings("/summary/verdict_metric", metric, {"", "metric of each verdict", {"verdict"}});
    h5.write("/summary/verdict_strategy_a", std::span<const std::int64_t>(a), {V}, {"index", "strategy a (index into /strategies)", {"verdict"}});
    h5.write("/summary/verdict_strategy_b", std::span<const std::int64_t>(b), {V}, {"index", "strategy b (index into /strategies)", {"verdict"}});
    h5.write("/summary/verdict_significant", std::span<const std::int64_t>(significant), {V},
             {"flag", "1 if the 95% interval of a - b excludes zero", {"verdict"}});
    h5.write("/summary/verdict_crossover_day", crossover_day, {V},
             {"days", "day from which the strategy leading at the horizon stays ahead (NaN: tied at the end)", {"verdict"}});
}

}  // namespace ambassim
