// The bottom line of a comparison (see bottom_line.hpp).
#include "analysis/compare/bottom_line.hpp"

#include "sim/util/number_format.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <set>
#include <sstream>

namespace ambassim {
namespace {

const MetricSummary* metric_of(const ComparisonSummary& s, std::size_t outcome, const std::string& metric) {
    for (const auto& m : s.metrics)
        if (m.outcome == outcome && m.metric == metric) return &m;
    return nullptr;
}

std::string day_text(double day) { return "day " + format_count(day); }

std::string at(const std::string& metric, double horizon_day) {
    return metric == "total" ? "by " + day_text(horizon_day) : "on " + day_text(horizon_day);
}

}  // namespace

BottomLine bottom_line(const ComparisonSummary& s) {
    BottomLine b;
    const std::size_t S = s.strategies.size();
    for (std::size_t k = 0; k < S; ++k)
        if (s.strategies[k] == "none") b.none = k;
    if (S < 2) return b;
    for (const HeadlineAspect& a : headline_aspects()) {
        const std::size_t o = outcome_index(a.outcome);
        const MetricSummary* m = metric_of(s, o, a.metric);
        if (!m) continue;
        const bool higher = outcomes()[o].higher_is_better;
        std::vector<std::size_t> order(S);
        for (std::size_t k = 0; k < S; ++k) order[k] = k;
        // Best mean first; equal means keep the comparison's order (stable).
        std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
            const double mx = m->per_strategy[x].mean, my = m->per_strategy[y].mean;
            return higher ? mx > my : mx < my;
        });
        Headline h;
        h.aspect = a.label;
        h.winner_phrase = a.winner;
        h.outcome = o;
        h.metric = a.metric;
        h.winner = order[0];
        h.runner_up = order[1];
        h.margin = m->differences[h.winner][h.runner_up];
        h.clear = h.margin.significant();
        for (const PairVerdict& v : s.verdicts)
            if (v.outcome == o && v.metric == a.metric &&
                ((v.a == h.winner && v.b == h.runner_up) || (v.a == h.runner_up && v.b == h.winner))) {
                h.ahead_from_day = v.crossover_day;  // stated only for a clear difference
                h.ahead_from_start = v.from_start;
            }
        b.headlines.push_back(h);
    }
    const std::size_t net = outcome_index("net_revenue");
    const MetricSummary* total = metric_of(s, net, "total");
    if (b.none && total) {
        const auto& none_traj = s.trajectories[net][*b.none];
        for (std::size_t k = 0; k < S; ++k) {
            if (k == *b.none) continue;
            Payback p;
            p.strategy = k;
            p.gain = total->differences[k][*b.none];
            const auto& traj = s.trajectories[net][k];
            // The last tick at which the strategy was behind none; payback is the next one.
            std::optional<std::size_t> last_behind;
            for (std::size_t t = 0; t < traj.size(); ++t)
                if (traj[t].mean - none_traj[t].mean < 0) last_behind = t;
            if (!traj.empty() && (!last_behind || *last_behind + 1 < traj.size()))
                p.day = static_cast<double>(last_behind ? *last_behind + 2 : 1) * s.dt_days;
            b.payback.push_back(p);
        }
    }
    return b;
}

std::string wrap_text(const std::string& text, std::size_t width, std::size_t indent) {
    std::istringstream words(text);
    std::string word, out, line;
    while (words >> word) {
        const std::size_t limit = out.empty() ? width : width - indent;
        if (!line.empty() && line.size() + 1 + word.size() > limit) {
            out += (out.empty() ? "" : "\n" + std::string(indent, ' ')) + line;
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
    }
    if (!line.empty()) out += (out.empty() ? "" : "\n" + std::string(indent, ' ')) + line;
    return out;
}

std::vector<std::pair<std::string, std::string>> bottom_line_sentences(const BottomLine& b, const ComparisonSummary& s) {
    std::vector<std::pair<std::string, std::string>> lines;
    const std::string& currency = s.currency;
    const double horizon = s.horizon_day();
    for (const Headline& h : b.headlines) {
        const Outcome& out = outcomes()[h.outcome];
        const std::string& w = s.strategies[h.winner];
        const std::string& r = s.strategies[h.runner_up];
        const auto& d = h.margin.diff;
        const bool higher = out.higher_is_better;
        const double gap = higher ? d.mean : -d.mean;
        const double lo = higher ? d.ci_low : -d.ci_high, hi = higher ? d.ci_high : -d.ci_low;
        const std::string ci = "95% CI " + format_signed(lo, out.units) + " to " + format_signed(hi, out.units);
        std::string text;
        if (std::isnan(d.mean)) {
            text = "not computed: the runs were interrupted before the horizon";
        } else if (d.n < 2) {
            text = w + " " + h.winner_phrase + " " + at(h.metric, horizon) + ", " +
                   format_quantity(gap, out.units, currency, true) + " over " + r +
                   " (one replicate gives no interval: run more)";
        } else if (d.mean == 0 && d.sd == 0) {
            text = "no difference " + at(h.metric, horizon) + ": " + w + " and " + r + " are equal in every replicate";
        } else if (!h.clear) {
            text = "no clear winner " + at(h.metric, horizon) + ": " + w + " and " + r + " are within each other's 95% CI (" +
                   w + " " + format_quantity(gap, out.units, currency, true) + ", " + ci + ")";
        } else {
            text = w + " " + h.winner_phrase + ": " + format_quantity(gap, out.units, currency, true) + " over " + r + " " +
                   at(h.metric, horizon) + " (" + ci + ")";
            if (h.ahead_from_day)
                text += h.ahead_from_start ? "; ahead from the first day" : "; ahead from " + day_text(*h.ahead_from_day);
        }
        lines.emplace_back(h.aspect, text);
    }
    if (!b.none) {
        lines.emplace_back("Payback", "not computed: add `none` to the strategies to measure payback against doing nothing");
    } else if (!b.payback.empty()) {
        std::string text = "against none (cumulative revenue net of program spend): ";
        for (std::size_t i = 0; i < b.payback.size(); ++i) {
            const Payback& p = b.payback[i];
            text += (i ? "; " : "") + s.strategies[p.strategy] + " ";
            if (!p.day) text += "does not pay back within " + format_count(horizon) + " days";
            else if (p.day && *p.day <= s.dt_days) text += "never costs more than it earns";
            else text += "pays back on " + day_text(*p.day);
            if (p.day && p.gain.diff.n >= 2 && !p.gain.significant()) text += " (gain by the horizon not yet clear)";
        }
        lines.emplace_back("Payback", text + ".");
    }
    std::string plans;  // what the names of the scenario's own plans stand for
    for (std::size_t k = 0; k < s.labels.size() && k < s.strategies.size(); ++k)
        if (!s.labels[k].empty() && s.labels[k] != s.strategies[k])
            plans += (plans.empty() ? "" : "; ") + s.strategies[k] + " = " + s.labels[k];
    if (!plans.empty()) lines.emplace_back("Plans", plans);
    return lines;
}

std::string format_bottom_line(const BottomLine& b, const ComparisonSummary& s, std::size_t width) {
    constexpr std::size_t kLabel = 12;  // "  Referrals " and the indent of continuation lines
    width = std::max<std::size_t>(width, 40);
    const double horizon = s.horizon_day();
    std::ostringstream o;
    o << wrap_text("Bottom line: " + format_count(horizon) + " days (" + format_value(horizon / 365.0, "%") +
                       " years), " + std::to_string(s.replicates) + " replicate" + (s.replicates == 1 ? "" : "s") +
                       " per strategy, paired differences with 95% CI",
                   width, 2)
      << "\n";
    for (const auto& [label, text] : bottom_line_sentences(b, s)) {
        std::string head = "  " + label;
        head.resize(kLabel, ' ');
        std::string indented;  // continuation lines align under the text
        for (char c : wrap_text(text, width - kLabel, 0)) indented += c == '\n' ? "\n" + std::string(kLabel, ' ') : std::string(1, c);
        o << head << indented << "\n";
    }
    return o.str();
}

}  // namespace ambassim

namespace ambassim {

std::string format_winners_by_scenario(const std::vector<std::pair<std::string, ComparisonSummary>>& scenarios,
                                       std::size_t width) {
    std::vector<std::vector<std::string>> rows{{"scenario"}};
    const auto& aspects = headline_aspects();
    for (const HeadlineAspect& a : aspects) rows[0].push_back(a.label);
    std::vector<std::set<std::string>> winners(aspects.size());
    for (const auto& [name, summary] : scenarios) {
        std::vector<std::string> row{name};
        const BottomLine b = bottom_line(summary);
        for (std::size_t i = 0; i < aspects.size(); ++i) {
            std::string cell = "-";
            for (const Headline& h : b.headlines)
                if (h.aspect == aspects[i].label) cell = h.clear ? summary.strategies[h.winner] : "no clear winner";
            winners[i].insert(cell);
            row.push_back(cell);
        }
        rows.push_back(row);
    }
    std::vector<std::size_t> col(rows[0].size(), 0);
    for (const auto& r : rows)
        for (std::size_t c = 0; c < r.size(); ++c) col[c] = std::max(col[c], r[c].size());
    std::ostringstream o;
    o << "Winner per headline outcome and scenario (a clear winner: its 95% CI against the runner-up excludes 0)\n\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        std::string line;
        for (std::size_t c = 0; c < rows[i].size(); ++c) {
            std::string cell = rows[i][c];
            if (c + 1 < rows[i].size()) cell.resize(col[c], ' ');
            line += (c ? "  " : "") + cell;
        }
        o << line << "\n";
        if (i == 0) o << std::string(line.size(), '-') << "\n";
    }
    std::string turns;
    for (std::size_t i = 0; i < aspects.size(); ++i)
        if (winners[i].size() > 1) turns += (turns.empty() ? "" : ", ") + aspects[i].label;
    o << "\n"
      << wrap_text(turns.empty() ? "The answer is the same in every scenario."
                                 : "The answer turns between scenarios for: " + turns + ".",
                   std::max<std::size_t>(width ? width : 100, 40), 0)
      << "\n";
    return o.str();
}

}  // namespace ambassim
