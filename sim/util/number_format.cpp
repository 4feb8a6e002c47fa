// format_value (see number_format.hpp).
#include "sim/util/number_format.hpp"

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

}  // namespace ambassim
