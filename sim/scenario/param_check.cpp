// Per-key value checks and formatting (see param_check.hpp).
#include "sim/scenario/param_check.hpp"

#include "sim/util/key_suggest.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <algorithm>

namespace ambassim {

namespace {

std::string key_of(const ParamMeta& m) { return std::string("key `") + m.key + "`"; }

}  // namespace

std::string shown_value(const std::string& v) {
    constexpr std::size_t kMax = 64;
    if (v.size() <= kMax) return quote_string(v);
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;
    return quote_string(v.substr(0, cut)) + "...";
}

std::string format_number(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    if (v == 0) return "0";
    char buf[64];
    const double a = std::fabs(v);
    const auto fmt = (a >= 1e-5 && a < 1e16) ? std::chars_format::fixed : std::chars_format::scientific;
    const auto res = std::to_chars(buf, buf + sizeof buf, v, fmt);
    return std::string(buf, res.ptr);
}

std::string format_toml_float(double v) {
    std::string s = format_number(v);
    if (s.find_first_of(".eni") == std::string::npos) s += ".0";
    return s;
}

std::string quote_string(std::string_view s) {
    std::string out = "\"";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (ch) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(c));
                    out += buf;
                } else {
                    out += ch;
                }
        }
    }
    return out + "\"";
}

std::pair<std::int64_t, std::int64_t> integer_bounds(const ParamMeta& m) {
    constexpr double limit = 9223372036854775807.0;  // 2^63: not representable as int64
    const std::int64_t lo = m.min <= -limit ? std::numeric_limits<std::int64_t>::min()
                                            : static_cast<std::int64_t>(std::ceil(m.min));
    const std::int64_t hi = m.max >= limit ? std::numeric_limits<std::int64_t>::max()
                                           : static_cast<std::int64_t>(std::floor(m.max));
    return {lo, hi};
}

std::string range_text(const ParamMeta& m, bool integer) {
    if (integer) {
        const auto [lo, hi] = integer_bounds(m);
        return "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
    }
    return "[" + format_number(m.min) + ", " + format_number(m.max) + "]";
}

bool is_choice(const char* choices, std::string_view value) {
    std::string_view rest = choices;
    while (true) {
        const auto bar = rest.find('|');
        if (rest.substr(0, bar) == value) return true;
        if (bar == std::string_view::npos) return false;
        rest.remove_prefix(bar + 1);
    }
}

std::vector<std::string> choice_list(const char* choices) {
    std::vector<std::string> out;
    std::string_view rest = choices;
    while (true) {
        const auto bar = rest.find('|');
        out.emplace_back(rest.substr(0, bar));
        if (bar == std::string_view::npos) return out;
        rest.remove_prefix(bar + 1);
    }
}

std::string suggestion_for(std::string_view value, const std::vector<std::string>& candidates) {
    const std::string near = nearest_name(value, candidates);
    return near.empty() ? std::string{} : "; did you mean `" + near + "`?";
}

bool names_strategies(const ParamMeta& m) {
    return m.choices != nullptr && std::string_view(m.choices) == kStrategyChoices;
}

std::optional<std::string> strategy_name_problem(const std::string& name) {
    const bool ok = !name.empty() && name.size() <= 40 && name[0] >= 'a' && name[0] <= 'z' &&
                    std::all_of(name.begin(), name.end(), [](char c) {
                        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                    });
    if (!ok)
        return "a strategy's name is 1 to 40 characters: lower-case letters, digits and _, starting with a letter (got " +
               quote_string(name) + ")";
    if (is_choice(kStrategyChoices, name))
        return quote_string(name) + " is a built-in strategy; give the named strategy another name";
    return std::nullopt;
}

std::optional<std::string> check_value(const ParamMeta& m, double v) {
    if (!std::isfinite(v)) return key_of(m) + " must be finite, got " + format_number(v);
    if (v < m.min || v > m.max)
        return key_of(m) + " = " + format_number(v) + " is out of range " + range_text(m, false);
    return std::nullopt;
}

std::optional<std::string> check_value(const ParamMeta& m, std::int64_t v) {
    const auto [lo, hi] = integer_bounds(m);
    if (v < lo || v > hi) return key_of(m) + " = " + std::to_string(v) + " is out of range " + range_text(m, true);
    return std::nullopt;
}

std::optional<std::string> check_value(const ParamMeta& m, std::uint64_t v) {
    const auto hi = integer_bounds(m).second;
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) || static_cast<std::int64_t>(v) > hi)
        return key_of(m) + " = " + std::to_string(v) + " is out of range " + range_text(m, true);
    return check_value(m, static_cast<std::int64_t>(v));
}

std::optional<std::string> check_value(const ParamMeta& m, const std::string& v) {
    if (v.find('\0') != std::string::npos) return key_of(m) + " must not contain NUL characters";
    for (const char ch : v) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7F) {
            char code[8];
            std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
            // Typically a Windows path in a basic string: "C:\results" holds a carriage return.
            return key_of(m) + " must not contain control characters, got " + code +
                   (c == '\r' || c == '\t' || c == '\n' || c == '\b' || c == '\f'
                        ? " (from a backslash escape? write paths in single quotes: 'C:\\results\\run.h5')"
                        : "");
        }
    }
    if (m.choices && !is_choice(m.choices, v))
        return key_of(m) + " = " + shown_value(v) + " is not one of " + m.choices + suggestion_for(v, choice_list(m.choices));
    return std::nullopt;
}

std::optional<std::string> check_value(const ParamMeta&, bool) { return std::nullopt; }

std::optional<std::string> check_value(const ParamMeta& m, const std::vector<std::string>& v) {
    std::set<std::string> seen;
    for (const auto& s : v) {
        if (auto problem = check_value(m, s)) return problem;
        if (!seen.insert(s).second) return key_of(m) + " lists " + shown_value(s) + " twice";
    }
    return std::nullopt;
}

}  // namespace ambassim
