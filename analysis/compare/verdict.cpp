// Plain-language verdicts: the winner is the subject, the size comes with
// its 95% interval, and a difference whose interval spans zero is reported
// as "no clear difference", never as a win.
#include "analysis/compare/comparison.hpp"
#include "sim/util/number_format.hpp"

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

std::string when(const std::string& metric, double horizon_day) {
    if (metric == "average") return "on average over " + format_count(horizon_day) + " days";
    if (metric == "total") return "by day " + format_count(horizon_day);
    return "on day " + format_count(horizon_day);
}

}  // namespace

std::string verdict_sentence(const Outcome& o, const std::string& metric, const std::string& a,
                             const std::string& b, const PairedDifference& d, double horizon_day,
                             std::optional<double> crossover_day, bool never_behind, bool from_start,
                             const std::string& currency) {
    const std::string at = when(metric, horizon_day);
    if (std::isnan(d.diff.mean))
        return o.label + " " + at + " between " + a + " and " + b +
               ": not computed (runs were interrupted before the horizon)";
    if (d.diff.n >= 2 && d.diff.mean == 0 && d.diff.sd == 0)
        return a + " and " + b + " are identical in " + o.label + " " + at + " in every replicate";
    if (!d.significant()) {
        std::string s = "no clear difference in " + o.label + " between " + a + " and " + b + " " + at;
        if (d.diff.n < 2) return s + " (a single replicate gives no interval: run more replicates)";
        return s + " (" + a + " - " + b + " = " + number(d.diff.mean, o.units) + ", 95% CI " +
               number(d.diff.ci_low, o.units) + " to " + number(d.diff.ci_high, o.units) + ")";
    }
    // hi has the higher value; the sentence's subject is the better of the two.
    const bool a_higher = d.diff.mean > 0;
    const std::string& hi = a_higher ? a : b;
    const std::string& lo = a_higher ? b : a;
    const double gap = std::fabs(d.diff.mean);
    const double gap_low = a_higher ? d.diff.ci_low : -d.diff.ci_high;   // interval of hi - lo
    const double gap_high = a_higher ? d.diff.ci_high : -d.diff.ci_low;
    const bool higher_wins = o.higher_is_better;
    const std::string& subject = higher_wins ? hi : lo;
    const std::string& other = higher_wins ? lo : hi;
    std::string s;
    const double base = std::fabs(higher_wins ? (a_higher ? d.mean_b : d.mean_a) : (a_higher ? d.mean_a : d.mean_b));
    if (o.relative && base > 0) {
        s = subject + " has " + percent(gap / base) + (higher_wins ? " more " : " fewer ") + o.label + " than " +
            other + " (95% CI " + percent(gap_low / base) + " to " + percent(gap_high / base) + ") " + at;
    } else {
        s = subject + "'s " + o.label + " is " + format_quantity(gap, o.units, currency) +
            (higher_wins ? " higher than " : " lower than ") + other + "'s (95% CI " + number(gap_low, o.units) +
            " to " + number(gap_high, o.units) + ") " + at;
    }
    if (crossover_day) {
        // The day is the first from which the leader is strictly ahead to the
        // horizon; before it the two were level (never_behind) or the other led.
        const std::string day = format_count(*crossover_day);
        if (never_behind && from_start)
            s += (higher_wins ? "; ahead of " : "; below ") + other + " from the first day";
        else if (never_behind)
            s += "; level with " + other + " until day " + format_count(*crossover_day - 1) +
                 (higher_wins ? ", ahead from day " : ", below from day ") + day;
        else if (higher_wins)
            s += "; overtakes " + other + " on day " + day;
        else
            s += "; stays below " + other + " from day " + day;
    }
    return s;
}

}  // namespace ambassim
