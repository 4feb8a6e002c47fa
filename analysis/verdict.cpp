// Plain-language verdicts: the winner is the subject, the size comes with
// its 95% interval, and a difference whose interval spans zero is reported
// as "no clear difference", never as a win.
#include "analysis/comparison.hpp"
#include "analysis/number_format.hpp"

#include <cmath>
#include <cstdio>

namespace ambassim {
namespace {

std::string number(double v, const std::string& units) { return format_value(v, units); }

std::string percent(double fraction) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100 * fraction);
    return buf;
}

std::string with_units(const std::string& value, const std::string& units) {
    if (units == "1") return value;
    if (units == "%") return value + " percentage points";
    return value + " " + units;
}

std::string when(const std::string& metric, double horizon_day) {
    char buf[64];
    if (metric == "average") std::snprintf(buf, sizeof buf, "on average over %.0f days", horizon_day);
    else if (metric == "total") std::snprintf(buf, sizeof buf, "by day %.0f", horizon_day);
    else std::snprintf(buf, sizeof buf, "on day %.0f", horizon_day);
    return buf;
}

}  // namespace

std::string verdict_sentence(const Outcome& o, const std::string& metric, const std::string& a,
                             const std::string& b, const PairedDifference& d, double horizon_day,
                             std::optional<double> crossover_day, bool a_leads_at_end, bool never_behind) {
    const std::string at = when(metric, horizon_day);
    if (!d.significant()) {
        std::string s = "no clear difference in " + o.label + " between " + a + " and " + b + " " + at;
        if (d.diff.n < 2) return s + " (a single replicate gives no interval: run more replicates)";
        return s + " (" + a + " - " + b + " = " + number(d.diff.mean, o.units) + ", 95% CI " +
               number(d.diff.ci_low, o.units) + " to " + number(d.diff.ci_high, o.units) + ")";
    }
    const bool a_wins = d.diff.mean > 0;
    const std::string& hi = a_wins ? a : b;
    const std::string& lo = a_wins ? b : a;
    const double sign = a_wins ? 1 : -1;
    std::string s;
    if (o.relative && std::isfinite(d.relative)) {
        // Relative to the other strategy's mean: flip the base when b wins.
        const double base_ratio = a_wins ? 1.0 : 1.0 / (1.0 + d.relative);
        const double rel = sign * d.relative * base_ratio;
        const double rl = sign * (a_wins ? d.relative_ci_low : d.relative_ci_high) * base_ratio;
        const double rh = sign * (a_wins ? d.relative_ci_high : d.relative_ci_low) * base_ratio;
        s = hi + " has " + percent(rel) + " more " + o.label + " than " + lo + " (95% CI " + percent(rl) + " to " +
            percent(rh) + ") " + at;
    } else {
        const double v = sign * d.diff.mean;
        const double l = sign * (a_wins ? d.diff.ci_low : d.diff.ci_high);
        const double h = sign * (a_wins ? d.diff.ci_high : d.diff.ci_low);
        s = hi + "'s " + o.label + " is " + with_units(number(v, o.units), o.units) + " higher than " + lo +
            "'s (95% CI " + number(l, o.units) + " to " + number(h, o.units) + ") " + at;
    }
    if (metric != "average" && crossover_day && a_leads_at_end == a_wins) {
        char buf[96];
        if (never_behind)
            std::snprintf(buf, sizeof buf, "; never behind %s", lo.c_str());
        else
            std::snprintf(buf, sizeof buf, "; overtakes %s on day %.0f", lo.c_str(), *crossover_day);
        s += buf;
    }
    return s;
}

}  // namespace ambassim
