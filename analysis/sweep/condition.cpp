// Parsing and evaluating discovery conditions (see condition.hpp).
#include "analysis/sweep/condition.hpp"

#include "sim/scenario/param_check.hpp"
#include "sim/util/errors.hpp"
#include "sim/util/key_suggest.hpp"
#include "sim/util/text_input.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace ambassim {
namespace {

// One token of the condition syntax. Names (outcomes, metrics, strategies)
// are identifiers: a letter or `_`, then letters, digits and `_`. A number
// starts with a digit, `.`, `+` or `-`; everything that could continue it
// (letters, digits, `.`, and a sign right after an exponent's e) belongs to
// it, so "1e999", "0x10" or "5abc" is one token: a number that is out of
// range or malformed, never a strategy name.
enum class Tok { name, number, op, colon, slash, other, end };

struct Token {
    Tok kind = Tok::end;
    std::string text;
    std::size_t column = 0;  // 1-based, in the condition's text
};

bool name_start(char ch) { return std::isalpha(static_cast<unsigned char>(ch)) || ch == '_'; }
bool name_char(char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; }

std::vector<Token> lex(const std::string& s) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const char ch = s[i];
        if (ch == ' ' || ch == '\t') {
            ++i;
            continue;
        }
        Token t;
        t.column = i + 1;
        const std::size_t start = i;
        if (name_start(ch)) {
            while (i < s.size() && name_char(s[i])) ++i;
            t.kind = Tok::name;
        } else if (std::isdigit(static_cast<unsigned char>(ch)) || ch == '.' || ch == '+' || ch == '-') {
            ++i;
            while (i < s.size() && (name_char(s[i]) || s[i] == '.' ||
                                    ((s[i] == '+' || s[i] == '-') && (s[i - 1] == 'e' || s[i - 1] == 'E'))))
                ++i;
            t.kind = Tok::number;
        } else if (ch == '<' || ch == '>' || ch == '=' || ch == '!') {
            while (i < s.size() && (s[i] == '<' || s[i] == '>' || s[i] == '=' || s[i] == '!')) ++i;
            t.kind = Tok::op;
        } else if (ch == ':' || ch == '/') {
            ++i;
            t.kind = ch == ':' ? Tok::colon : Tok::slash;
        } else {
            // One whole UTF-8 character, so the message quotes it intact.
            ++i;
            while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
            t.kind = Tok::other;
        }
        t.text = s.substr(start, i - start);
        out.push_back(std::move(t));
    }
    out.push_back({Tok::end, "", s.size() + 1});
    return out;
}

std::string lower(std::string s) {
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

// The candidate meant by a misspelt `name`, across letter case too ("NPS"
// means `nps`), or "".
std::string suggestion(const std::string& name, const std::vector<std::string>& candidates) {
    for (const auto& c : candidates)
        if (lower(c) == lower(name)) return c;
    const std::string near = nearest_name(name, candidates);
    return near.empty() ? nearest_name(lower(name), candidates) : near;
}

// "; did you mean `x`?", or the whole list when nothing is close.
std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates, const std::string& whose) {
    const std::string near = suggestion(name, candidates);
    if (!near.empty()) return "; did you mean `" + near + "`?";
    std::string list;
    for (const auto& c : candidates) list += (list.empty() ? "" : ", ") + c;
    return " (" + whose + " " + list + ")";
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
        throw InputError("--discover \"" + printable(text, 200) + "\": " + problem +
                         " (syntax: \"OUTCOME[/METRIC]: STRATEGY OP STRATEGY|NUMBER\", OP one of > >= < <=)");
    };
    const std::vector<Token> toks = lex(text);
    std::size_t k = 0;
    // "expected an outcome at column 1, found `>`"
    const auto unexpected = [&](const Token& t, const std::string& expected) {
        fail("expected " + expected + " at column " + std::to_string(t.column) + ", found " +
             (t.kind == Tok::end ? std::string("the end") : "`" + printable(t.text) + "`"));
    };
    const auto take_name = [&](const std::string& what) -> std::string {
        if (toks[k].kind != Tok::name) unexpected(toks[k], what);
        return toks[k++].text;
    };

    Condition c;
    c.text = text;
    if (text.find(':') == std::string::npos) fail("no `:` after the outcome");
    const std::string outcome = take_name("an outcome name");
    std::string metric;
    if (toks[k].kind == Tok::slash) {
        ++k;
        metric = take_name("a metric name after `/`");
    }
    if (toks[k].kind != Tok::colon) unexpected(toks[k], "`:` after the outcome");
    ++k;

    std::vector<std::string> outcomes;
    for (const auto& m : d.metrics)
        if (std::find(outcomes.begin(), outcomes.end(), m.outcome) == outcomes.end()) outcomes.push_back(m.outcome);
    if (std::find(outcomes.begin(), outcomes.end(), outcome) == outcomes.end())
        fail("unknown outcome `" + outcome + "`" + did_you_mean(outcome, outcomes, "the sweep has"));
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
        const std::string near = suggestion(metric, metrics);
        std::string list;
        for (const auto& m : metrics) list += (list.empty() ? "" : ", ") + m;
        fail("outcome `" + outcome + "` has no metric `" + metric + "`" +
             (near.empty() ? " (it has " + list + ")" : "; did you mean `" + near + "`?"));
    }
    c.metric = static_cast<std::size_t>(found - d.metrics.begin());

    // `threshold_side`: the right side, where "inf" or "nan" was meant as a number.
    auto strategy = [&](const std::string& name, bool threshold_side) -> std::size_t {
        const auto it = std::find(d.strategies.begin(), d.strategies.end(), name);
        if (it == d.strategies.end()) {
            const std::string lowered = lower(name);
            if (threshold_side && (lowered == "inf" || lowered == "infinity" || lowered == "nan"))
                fail("the threshold must be a finite number (got `" + name + "`)");
            fail("strategy `" + name + "` was not swept" + did_you_mean(name, d.strategies, "the sweep has"));
        }
        return static_cast<std::size_t>(it - d.strategies.begin());
    };
    if (toks[k].kind == Tok::number)
        fail("the left side must be a strategy, not the number `" + printable(toks[k].text) + "`");
    if (toks[k].kind == Tok::op || toks[k].kind == Tok::end) fail("a comparison needs two sides");
    const std::string left = take_name("a strategy");

    const Token& op = toks[k];
    if (op.kind == Tok::end) fail("no comparison (> >= < <=)");
    if (op.kind != Tok::op) unexpected(op, "a comparison (> >= < <=)");
    if (op.text == ">") c.op = CompareOp::greater;
    else if (op.text == ">=") c.op = CompareOp::greater_equal;
    else if (op.text == "<") c.op = CompareOp::less;
    else if (op.text == "<=") c.op = CompareOp::less_equal;
    else fail("`" + op.text + "` is not a comparison (> >= < <=)");
    ++k;

    c.a = strategy(left, false);
    const Token& right = toks[k];
    if (right.kind == Tok::end) fail("a comparison needs two sides");
    if (right.kind == Tok::number) {
        // from_chars takes no leading `+`.
        const std::string digits = right.text[0] == '+' ? right.text.substr(1) : right.text;
        double x = 0;
        const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), x);
        if (ec == std::errc::result_out_of_range)
            fail("the threshold `" + printable(right.text) +
                 "` is out of range (a finite number between about 5e-324 and 1.8e308 in size, or 0)");
        if (ec != std::errc{} || ptr != digits.data() + digits.size())
            fail("`" + printable(right.text) + "` is not a number");
        if (!std::isfinite(x)) fail("the threshold must be a finite number (got `" + printable(right.text) + "`)");
        c.paired = false;
        c.threshold = x;
    } else {
        if (right.kind != Tok::name) unexpected(right, "a strategy or a number");
        c.b = strategy(right.text, true);
        if (c.b == c.a) fail("compares `" + left + "` with itself");
    }
    ++k;
    if (toks[k].kind != Tok::end)
        fail("unexpected `" + printable(toks[k].text) + "` at column " + std::to_string(toks[k].column) +
             " after the comparison");
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
