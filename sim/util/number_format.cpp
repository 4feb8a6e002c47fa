// format_value (see number_format.hpp).
#include "sim/util/number_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ambassim {

std::string format_value(double v, const std::string& units) {
    if (std::isnan(v)) return "nan";
    char buf[64];
    if (units == "1") {
        std::snprintf(buf, sizeof buf, "%.3f", v);
        return buf;
    }
    if (units == "%" || units == "points") {
        std::snprintf(buf, sizeof buf, "%.1f", v);
        return buf;
    }
    if (std::fabs(v) < 100) {
        std::snprintf(buf, sizeof buf, "%.2f", v);
        return buf;
    }
    std::snprintf(buf, sizeof buf, "%.0f", std::fabs(v));
    std::string digits = buf, out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return (v < 0 ? "-" : "") + out;
}

std::string format_duration(double seconds) {
    const auto s = static_cast<long long>(std::llround(std::max(0.0, seconds)));
    char text[32];
    if (s < 60) std::snprintf(text, sizeof text, "%llds", s);
    else if (s < 3600) std::snprintf(text, sizeof text, "%lldm%02llds", s / 60, s % 60);
    else std::snprintf(text, sizeof text, "%lldh%02lldm", s / 3600, s / 60 % 60);
    return text;
}

}  // namespace ambassim
