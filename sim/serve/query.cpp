// Query and form parsing for the server's API (see query.hpp).
#include "sim/serve/query.hpp"

#include "sim/scenario/param_check.hpp"
#include "sim/util/text_input.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace ambassim::serve {
namespace {

int hex_digit(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

// Percent-decoding of one query component ('+' is a space); bad escapes are errors.
std::string decode(std::string_view s, const std::string& field) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') out += ' ';
        else if (s[i] == '%') {
            const bool room = i + 2 < s.size();
            const int hi = room ? hex_digit(s[i + 1]) : -1, lo = room ? hex_digit(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) throw RequestError(field, "malformed %-escape");
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else out += s[i];
    }
    return out;
}

}  // namespace

std::map<std::string, std::string> parse_query(std::string_view query) {
    std::map<std::string, std::string> given;
    std::size_t start = 0;
    while (start <= query.size() && !query.empty()) {
        const std::size_t end = std::min(query.find('&', start), query.size());
        const std::string_view item = query.substr(start, end - start);
        start = end + 1;
        if (item.empty()) continue;
        const std::size_t eq = item.find('=');
        const std::string key = decode(item.substr(0, eq), "query");
        if (eq == std::string_view::npos) throw RequestError(printable(key, 40), "expected field=value");
        if (given.count(key)) throw RequestError(printable(key, 40), "given twice");
        given[key] = decode(item.substr(eq + 1), printable(key, 40));
        if (end == query.size()) break;
    }
    return given;
}

double parse_number(const std::string& field, const std::string& text, double min, double max, bool integer) {
    double v = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (text.empty() || ec != std::errc{} || ptr != end || !std::isfinite(v))
        throw RequestError(field, "expected a number, got \"" + printable(text, 40) + "\"");
    if (integer && v != std::floor(v)) throw RequestError(field, "expected a whole number, got " + printable(text, 40));
    if (v < min || v > max)
        throw RequestError(field, "must be in [" + format_number(min) + ", " + format_number(max) + "], got " +
                                      printable(text, 40));
    return v;
}

bool printable_token(const std::string& s, std::size_t max) {
    if (s.empty() || s.size() > max) return false;
    return std::all_of(s.begin(), s.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
    });
}

}  // namespace ambassim::serve
