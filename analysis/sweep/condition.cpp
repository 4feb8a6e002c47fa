// Parsing and evaluating discovery conditions (see condition.hpp).
#include "analysis/sweep/condition.hpp"

#include "sim/scenario/param_check.hpp"
#include "sim/util/errors.hpp"
#include "sim/util/key_suggest.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace ambassim {
namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

const char* op_text(CompareOp op) {
    switch (op) {
        case CompareOp::greater: return ">";
        case CompareOp::greater_equal: return ">=";
        case CompareOp::less: return "<";
        case CompareOp::less_equal: return "<=";
    }
    return "?";
}

bool holds(double x, CompareOp op, double y) {
    switch (op) {
        case CompareOp::greater: return x > y;
        case CompareOp::greater_equal: return x >= y;
        case CompareOp::less: return x < y;
        case CompareOp::less_equal: return x <= y;
    }
    return false;
}

}  // namespace

Condition parse_condition(const std::string& text, const SweepData& d) {
    const auto fail = [&](const std::string& problem) -> void {
        throw InputError("--discover \"" + text + "\": " + problem +
                         " (syntax: \"OUTCOME[/METRIC]: STRATEGY OP STRATEGY|NUMBER\", OP one of > >= < <=)");
    };
    Condition c;
    c.text = text;
    const auto colon = text.find(':');
    if (colon == std::string::npos) fail("no `:` after the outcome");
    std::string outcome = trim(text.substr(0, colon)), metric;
    if (const auto slash = outcome.find('/'); slash != std::string::npos) {
        metric = trim(outcome.substr(slash + 1));
        outcome = trim(outcome.substr(0, slash));
    }
    std::vector<std::string> outcomes;
    for (const auto& m : d.metrics)
        if (std::find(outcomes.begin(), outcomes.end(), m.outcome) == outcomes.end()) outcomes.push_back(m.outcome);
    if (std::find(outcomes.begin(), outcomes.end(), outcome) == outcomes.end()) {
        const std::string near = nearest_name(outcome, outcomes);
        fail("unknown outcome `" + outcome + "`" + (near.empty() ? "" : "; did you mean `" + near + "`?"));
    }
    std::vector<std::string> metrics;
    for (const auto& m : d.metrics)
        if (m.outcome == outcome) metrics.push_back(m.metric);
    if (metric.empty()) {
        for (const char* preferred : {"horizon", "total"})
            if (metric.empty() && std::find(metrics.begin(), metrics.end(), preferred) != metrics.end()) metric = preferred;
        if (metric.empty()) metric = metrics.front();
    }
    const auto found = std::find_if(d.metrics.begin(), d.metrics.end(),
                                    [&](const SweepMetric& m) { return m.outcome == outcome && m.metric == metric; });
    if (found == d.metrics.end()) {
        std::string list;
        for (const auto& m : metrics) list += (list.empty() ? "" : ", ") + m;
        fail("outcome `" + outcome + "` has no metric `" + metric + "` (it has " + list + ")");
    }
    c.metric = static_cast<std::size_t>(found - d.metrics.begin());

    const std::string rest = text.substr(colon + 1);
    const auto at = rest.find_first_of("<>");
    if (at == std::string::npos) fail("no comparison (> >= < <=)");
    const bool equal = at + 1 < rest.size() && rest[at + 1] == '=';
    c.op = rest[at] == '>' ? (equal ? CompareOp::greater_equal : CompareOp::greater)
                           : (equal ? CompareOp::less_equal : CompareOp::less);
    const std::string left = trim(rest.substr(0, at)), right = trim(rest.substr(at + (equal ? 2 : 1)));
    auto strategy = [&](const std::string& name) -> std::size_t {
        const auto it = std::find(d.strategies.begin(), d.strategies.end(), name);
        if (it == d.strategies.end()) {
            const std::string near = nearest_name(name, d.strategies);
            std::string list;
            for (const auto& s : d.strategies) list += (list.empty() ? "" : ", ") + s;
            fail("strategy `" + name + "` was not swept" + (near.empty() ? " (the sweep has " + list + ")" : "; did you mean `" + near + "`?"));
        }
        return static_cast<std::size_t>(it - d.strategies.begin());
    };
    if (left.empty() || right.empty()) fail("a comparison needs two sides");
    c.a = strategy(left);
    double x = 0;
    const auto [ptr, ec] = std::from_chars(right.data(), right.data() + right.size(), x);
    if (ec == std::errc{} && ptr == right.data() + right.size()) {
        if (!std::isfinite(x)) fail("the threshold must be finite");
        c.paired = false;
        c.threshold = x;
    } else {
        c.b = strategy(right);
        if (c.b == c.a) fail("compares `" + left + "` with itself");
    }
    return c;
}

std::vector<char> evaluate(const Condition& c, const SweepData& d) {
    const SweepMetric& m = d.metrics[c.metric];
    std::vector<char> y(d.points, 0);
    for (std::size_t p = 0; p < d.points; ++p) {
        double sum = 0;
        for (std::size_t r = 0; r < d.replicates; ++r)
            sum += d.value(m, p, c.a, r) - (c.paired ? d.value(m, p, c.b, r) : 0.0);
        const double mean = sum / static_cast<double>(d.replicates);
        y[p] = std::isfinite(mean) && holds(mean, c.op, c.paired ? 0.0 : c.threshold) ? 1 : 0;
    }
    return y;
}

std::string condition_label(const Condition& c, const SweepData& d) {
    const SweepMetric& m = d.metrics[c.metric];
    return m.outcome + "/" + m.metric + ": " + d.strategies[c.a] + " " + op_text(c.op) + " " +
           (c.paired ? d.strategies[c.b] : format_number(c.threshold));
}

}  // namespace ambassim
