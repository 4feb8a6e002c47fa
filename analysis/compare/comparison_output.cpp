// Presents comparison statistics: terminal table, CSV files and the
// /summary group of the comparison's HDF5 file.
#include "analysis/compare/comparison.hpp"

#include "analysis/compare/bottom_line.hpp"

#include "sim/util/atomic_file.hpp"

#include "sim/util/number_format.hpp"
#include "sim/output/hdf5_file.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <numeric>
#include <sstream>

namespace ambassim {
namespace {

std::string metric_title(const Outcome& o, const std::string& metric, double day, const std::string& currency) {
    std::ostringstream s;
    s << o.label << (metric == "average" ? ", mean over run" : metric == "total" ? ", total" : ", day ")
      << (metric == "horizon" ? format_count(day) : "");
    if (o.units != "1") s << " (" << units_label(o.units, currency) << ")";
    return s.str();
}

// Columns of a terminal a UTF-8 text takes (one per code point: no wide characters here).
std::size_t display_width(const std::string& text) {
    std::size_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
}

// Rows of text cells, columns padded to their widest cell.
std::string aligned(const std::vector<std::vector<std::string>>& rows, bool rule_after_header) {
    std::vector<std::size_t> width;
    for (const auto& r : rows) {
        width.resize(std::max(width.size(), r.size()), 0);
        for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], display_width(r[c]));
    }
    std::ostringstream o;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        std::string line;
        for (std::size_t c = 0; c < rows[i].size(); ++c) {
            if (c) line += "  ";
            line += rows[i][c];
            if (c + 1 < rows[i].size()) line += std::string(width[c] - display_width(rows[i][c]), ' ');
        }
        line.erase(line.find_last_not_of(' ') + 1);
        o << line << "\n";
        if (i == 0 && rule_after_header)
            o << std::string(std::accumulate(width.begin(), width.end(), 2 * (width.size() - 1)), '-') << "\n";
    }
    return o.str();
}

std::string csv_quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}


}  // namespace

bool is_headline_verdict(const BottomLine& bottom, const ComparisonSummary& s, const PairVerdict& v) {
    const std::string& a = s.strategies[v.a];
    const std::string& b = s.strategies[v.b];
    const bool question = (a == "engagement_first" && b == "ambassadorship_first") ||
                          (a == "ambassadorship_first" && b == "engagement_first");
    for (const Headline& h : bottom.headlines)
        if (h.outcome == v.outcome && h.metric == v.metric && (question || v.a == h.winner || v.b == h.winner))
            return true;
    return false;
}

std::string format_comparison(const ComparisonSummary& s, const PrintOptions& options) {
    const auto& out = outcomes();
    const std::string& cur = s.currency;
    const bool fitted = options.width > 0;
    std::ostringstream o;
    const BottomLine bottom = bottom_line(s);  // once: the headline verdicts are chosen from it too
    o << format_bottom_line(bottom, s, fitted ? options.width : 100) << "\n";

    // Cells: "mean [low, high]" in the plain layout; "mean ±half" (the
    // t-interval is symmetric) when fitting a terminal.
    auto cell = [&](const Estimate& e, const std::string& units) {
        if (!fitted)
            return format_value(e.mean, units) + " [" + format_value(e.ci_low, units) + ", " +
                   format_value(e.ci_high, units) + "]";
        return format_value(e.mean, units) + " ±" + format_value((e.ci_high - e.ci_low) / 2, units);
    };
    std::vector<std::string> titles;
    std::vector<std::vector<std::string>> cells(s.strategies.size());
    std::size_t title_width = 7;  // "outcome"
    for (const auto& m : s.metrics) {
        const Outcome& oc = out[m.outcome];
        titles.push_back(metric_title(oc, m.metric, s.horizon_day(), cur));
        title_width = std::max(title_width, display_width(titles.back()));
        for (std::size_t k = 0; k < s.strategies.size(); ++k) cells[k].push_back(cell(m.per_strategy[k], oc.units));
    }
    std::vector<std::size_t> col_width(s.strategies.size());
    for (std::size_t k = 0; k < s.strategies.size(); ++k) {
        col_width[k] = display_width(s.strategies[k]);
        for (const auto& c : cells[k]) col_width[k] = std::max(col_width[k], display_width(c));
    }
    // Titles wrap when that lets more strategies share a block.
    if (fitted) {
        std::size_t widest = 0;
        for (auto w : col_width) widest = std::max(widest, w);
        const std::size_t all = title_width + (2 + widest) * s.strategies.size();
        // As many strategy columns per block as leave the titles 24 columns or more.
        if (all > options.width)
            for (std::size_t k = s.strategies.size(); k >= 1; --k)
                if (options.width >= k * (2 + widest) + 24 || k == 1) {
                    const std::size_t room = options.width > k * (2 + widest) ? options.width - k * (2 + widest) : 24;
                    title_width = std::min(title_width, std::max<std::size_t>(room, 24));
                    break;
                }
    }
    // Blocks of strategy columns that fit the width (at least one per block).
    std::vector<std::pair<std::size_t, std::size_t>> blocks;
    for (std::size_t k = 0; k < s.strategies.size();) {
        std::size_t used = title_width, end = k;
        while (end < s.strategies.size() && (end == k || !fitted || used + 2 + col_width[end] <= options.width))
            used += 2 + col_width[end++];
        blocks.push_back({k, end});
        k = end;
    }
    const std::string caption = std::string(fitted ? "Mean ± half-width of the 95% CI" : "Mean [95% CI]") + " over " +
                                std::to_string(s.replicates) + " replicate" + (s.replicates == 1 ? "" : "s") +
                                " per strategy (common random numbers)";
    o << (fitted ? wrap_text(caption, options.width, 0) : caption) << "\n";
    for (const auto& [first, last] : blocks) {
        std::vector<std::vector<std::string>> rows;
        std::vector<std::string> header{"outcome"};
        for (std::size_t k = first; k < last; ++k) header.push_back(s.strategies[k]);
        rows.push_back(header);
        for (std::size_t i = 0; i < titles.size(); ++i) {
            // A long title continues on lines of its own (empty value cells).
            std::istringstream lines(fitted ? wrap_text(titles[i], title_width, 2) : titles[i]);
            std::string line;
            for (bool first_line = true; std::getline(lines, line); first_line = false) {
                std::vector<std::string> row{line};
                for (std::size_t k = first; k < last; ++k) row.push_back(first_line ? cells[k][i] : "");
                rows.push_back(row);
            }
        }
        o << "\n" << aligned(rows, true);
    }
    if (options.verdicts != VerdictSet::none) {
        const std::string heading = std::string("Verdicts (paired differences, 95% CI)") +
                                    (options.verdicts == VerdictSet::headline
                                         ? " on the headline outcomes (--verdicts all: every pair):"
                                         : ":");
        o << "\n" << (fitted ? wrap_text(heading, options.width, 0) : heading) << "\n";
        const std::size_t wrap = fitted ? options.width : 0;
        for (const auto& v : s.verdicts) {
            if (options.verdicts == VerdictSet::headline && !is_headline_verdict(bottom, s, v)) continue;
            const std::string text = "  - " + v.sentence;
            o << (wrap ? wrap_text(text, wrap, 4) : text) << "\n";
        }
    }
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

namespace {

// /summary/paired_trajectories: for each headline outcome, the paired
// difference a - b over time for every pair a < b (the report's first figure).
void write_paired_trajectories(H5Output& h5, const ComparisonSummary& s) {
    // summarise_comparison appends every pair a < b of one outcome, then the
    // same pairs of the next outcome: blocks of P.
    const auto& all = s.paired_trajectories;
    std::size_t P = 0;
    while (P < all.size() && all[P].outcome == all.front().outcome) ++P;
    if (P == 0) return;
    const std::size_t T = static_cast<std::size_t>(s.ticks);
    std::vector<std::int64_t> pair_a, pair_b;
    for (std::size_t i = 0; i < P; ++i)
        pair_a.push_back(static_cast<std::int64_t>(all[i].a)), pair_b.push_back(static_cast<std::int64_t>(all[i].b));
    h5.write("/summary/paired_trajectories/pair_a", std::span<const std::int64_t>(pair_a), {P},
             {"index", "strategy a of each pair (index into /strategies)", {"pair"}});
    h5.write("/summary/paired_trajectories/pair_b", std::span<const std::int64_t>(pair_b), {P},
             {"index", "strategy b of each pair (index into /strategies)", {"pair"}});
    for (std::size_t first = 0; first < all.size(); first += P) {
        const Outcome& o = outcomes()[all[first].outcome];
        std::vector<double> mean, lo, hi;
        for (std::size_t i = first; i < first + P; ++i)
            for (const Estimate& e : all[i].difference)
                mean.push_back(e.mean), lo.push_back(e.ci_low), hi.push_back(e.ci_high);
        const std::string group = "/summary/paired_trajectories/" + o.name;
        const std::vector<std::string> dims{"pair", "tick"};
        const std::string what = o.kind == OutcomeKind::flow ? " (cumulative)" : "";
        h5.write(group + "/mean", mean, {P, T}, {o.units, "mean over replicates of a - b, " + o.label + what, dims});
        h5.write(group + "/ci_low", lo, {P, T}, {o.units, "95% interval of the paired difference, lower end", dims});
        h5.write(group + "/ci_high", hi, {P, T}, {o.units, "95% interval of the paired difference, upper end", dims});
        h5.set_attribute(group, "label", o.label);
        h5.set_attribute(group, "units", o.units);
    }
}

// /summary/bottom_line and /summary/payback: what `compare` prints first, as
// data (one row per headline aspect; one per strategy other than none).
void write_bottom_line(H5Output& h5, const BottomLine& b, const ComparisonSummary& s) {
    const auto& out = outcomes();
    std::vector<std::string> labels, texts;
    for (auto& [label, text] : bottom_line_sentences(b, s)) labels.push_back(label), texts.push_back(text);
    const std::vector<std::string> line{"line"};
    h5.write_strings("/summary/bottom_line/label", labels, {"", "aspect of each line of the bottom line", line});
    h5.write_strings("/summary/bottom_line/text", texts, {"", "the bottom line as `compare` prints it, unwrapped", line});
    std::vector<std::string> aspect, outcome, metric;
    std::vector<std::int64_t> winner, runner_up, clear, from_start;
    std::vector<double> mean, lo, hi, ahead;
    for (const Headline& h : b.headlines) {
        aspect.push_back(h.aspect), outcome.push_back(out[h.outcome].name), metric.push_back(h.metric);
        winner.push_back(static_cast<std::int64_t>(h.winner)), runner_up.push_back(static_cast<std::int64_t>(h.runner_up));
        clear.push_back(h.clear ? 1 : 0), from_start.push_back(h.ahead_from_start ? 1 : 0);
        mean.push_back(h.margin.diff.mean), lo.push_back(h.margin.diff.ci_low), hi.push_back(h.margin.diff.ci_high);
        ahead.push_back(h.ahead_from_day ? *h.ahead_from_day : std::nan(""));
    }
    const std::size_t H = aspect.size();
    const std::vector<std::string> dim{"headline"};
    const std::string g = "/summary/bottom_line/";
    h5.write_strings(g + "aspect", aspect, {"", "Loyalty, Advocacy, Referrals or Money", dim});
    h5.write_strings(g + "outcome", outcome, {"", "outcome judged (a name in /summary/trajectories)", dim});
    h5.write_strings(g + "metric", metric, {"", "horizon (value on the last day) or total (cumulated over the run)", dim});
    h5.write(g + "winner", std::span<const std::int64_t>(winner), {H}, {"index", "best mean (index into /strategies)", dim});
    h5.write(g + "runner_up", std::span<const std::int64_t>(runner_up), {H},
             {"index", "second-best mean (index into /strategies)", dim});
    h5.write(g + "difference_mean", mean, {H}, {"", "winner - runner-up, mean paired difference (outcome's units)", dim});
    h5.write(g + "difference_ci_low", lo, {H}, {"", "95% interval of winner - runner-up, lower end", dim});
    h5.write(g + "difference_ci_high", hi, {H}, {"", "95% interval of winner - runner-up, upper end", dim});
    h5.write(g + "clear", std::span<const std::int64_t>(clear), {H},
             {"flag", "1 if the interval excludes zero (else: no clear winner)", dim});
    h5.write(g + "ahead_from_day", ahead, {H},
             {"days", "day from which the winner stays strictly ahead of the runner-up (NaN: not stated)", dim});
    h5.write(g + "ahead_from_start", std::span<const std::int64_t>(from_start), {H},
             {"flag", "1 if the winner is ahead from the first day", dim});
    if (!b.none || b.payback.empty()) return;
    std::vector<std::int64_t> strategy;
    std::vector<double> day, gain, gain_lo, gain_hi;
    for (const Payback& p : b.payback) {
        strategy.push_back(static_cast<std::int64_t>(p.strategy));
        day.push_back(p.day ? *p.day : std::nan(""));
        gain.push_back(p.gain.diff.mean), gain_lo.push_back(p.gain.diff.ci_low), gain_hi.push_back(p.gain.diff.ci_high);
    }
    const std::size_t N = strategy.size();
    const std::vector<std::string> pdim{"payback"};
    h5.write("/summary/payback/strategy", std::span<const std::int64_t>(strategy), {N},
             {"index", "strategy (index into /strategies)", pdim});
    h5.write("/summary/payback/day", day, {N},
             {"days", "first day from which cumulative net revenue stays at or above none's (NaN: not within the horizon)", pdim});
    h5.write("/summary/payback/gain_mean", gain, {N}, {"currency", "net revenue minus none's by the horizon (paired mean)", pdim});
    h5.write("/summary/payback/gain_ci_low", gain_lo, {N}, {"currency", "95% interval of the gain, lower end", pdim});
    h5.write("/summary/payback/gain_ci_high", gain_hi, {N}, {"currency", "95% interval of the gain, upper end", pdim});
    h5.set_attribute("/summary/payback", "against", std::string("none"));
}

}  // namespace

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
    write_paired_trajectories(h5, s);
    if (S >= 2) write_bottom_line(h5, bottom_line(s), s);
}

}  // namespace ambassim
