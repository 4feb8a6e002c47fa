// format_value (see number_format.hpp).
#include "sim/util/number_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ambassim {

bool whole_units(const std::string& units) {
    return units == "customers" || units == "employees" || units == "people" || units == "days" ||
           units == "currency" || units == "ticks" || units == "runs";
}

std::string format_count(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buf[64];
    const double r = std::round(v);
    std::snprintf(buf, sizeof buf, "%.0f", std::fabs(r));
    std::string digits = buf, out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return (r < 0 ? "-" : "") + out;
}

std::string format_value(double v, const std::string& units) {
    if (std::isnan(v)) return "nan";
    char buf[64];
    if (units == "1") {
        std::snprintf(buf, sizeof buf, "%.3f", v);
        return buf;
    }
    if (units == "%" || units == "points") {
        std::snprintf(buf, sizeof buf, "%.1f", v);
        return std::string(buf) == "-0.0" ? "0.0" : buf;
    }
    if (whole_units(units) || std::fabs(v) >= 100) return format_count(v);
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

std::string format_signed(double v, const std::string& units) {
    const std::string text = format_value(v, units);
    return text.starts_with("-") || text == "nan" ? text : "+" + text;
}

std::string units_label(const std::string& units, const std::string& currency) {
    if (units == "currency") return currency.empty() ? "currency units" : currency;
    return units;
}

std::string format_quantity(double v, const std::string& units, const std::string& currency, bool sign) {
    const std::string number = sign ? format_signed(v, units) : format_value(v, units);
    if (units == "1" || units.empty()) return number;
    if (units == "%") return number + " percentage points";
    // Singular for a whole one only: "1 customer", but "+1.0 points" (a
    // decimal takes the plural in English, whatever its sign).
    const bool one = number == "1" || number == "+1" || number == "-1";
    if (units == "currency") return number + " " + units_label(units, currency);
    if (one && units.size() > 1 && units.back() == 's') return number + " " + units.substr(0, units.size() - 1);
    return number + " " + units;
}

std::string format_duration(double seconds) {
    const auto s = static_cast<long long>(std::llround(std::max(0.0, seconds)));
    char text[32];
    if (s < 60) std::snprintf(text, sizeof text, "%llds", s);
    else if (s < 3600) std::snprintf(text, sizeof text, "%lldm%02llds", s / 60, s % 60);
    else std::snprintf(text, sizeof text, "%lldh%02lldm", s / 3600, s / 60 % 60);
    return text;
}

std::string shape_text(const std::vector<std::uint64_t>& dims) {
    std::string out;
    for (std::uint64_t d : dims) out += (out.empty() ? "" : " x ") + std::to_string(d);
    return "[" + out + "]";
}

}  // namespace ambassim
