// Building blocks of an event-driven customer pass (issue #20): a customer's
// memory is stored as of the tick it last changed and brought up to date in
// closed form, base + (x0 - base) keep^n (one rounding instead of n), and the
// tick at which anything recorded about them could change next (a histogram
// bin, the 0-10 score) is computed from that closed form, so a customer is
// touched only at their events and at those ticks.
//
// Between events every recorded value of a customer is C + P a^n + Q b^n
// (satisfaction and bond are single exponentials, loyalty and the score's
// propensity weighted sums of both), and |f(n) - f(0)| <= n (|P|(1 - a) +
// |Q|(1 - b)) (Bernoulli: 1 - a^n <= n (1 - a)). A value at distance d from
// its nearest bin edge cannot change bin before floor(d / r) ticks; touching
// the customer then (never later) and recomputing is exact with respect to
// the closed form. `margin` covers the float rounding of the stored values.
#pragma once

#include "models/customer_dynamics.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/tick_stats.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace ambassim {

// keep^n for n = 0..size-1 from a table (filled with std::pow, so the same
// on every thread and run), std::pow beyond it.
class KeepPowers {
public:
    KeepPowers() = default;
    KeepPowers(double keep, std::size_t size) : keep_(keep), table_(size) {
        for (std::size_t n = 0; n < size; ++n) table_[n] = std::pow(keep, static_cast<double>(n));
    }
    double operator()(std::int64_t n) const {
        return static_cast<std::size_t>(n) < table_.size() ? table_[static_cast<std::size_t>(n)]
                                                            : std::pow(keep_, static_cast<double>(n));
    }
    double keep() const { return keep_; }

private:
    double keep_ = 1;
    std::vector<double> table_;
};

// A value x0 set n ticks ago, faded toward `base` since (closed form).
inline float faded_value(float x0, double base, double keep_n) {
    return static_cast<float>(base + (static_cast<double>(x0) - base) * keep_n);
}

// Distance from v to the nearest edge of its bin among `bins` equal bins of
// [0,1] where the outer bins extend to -inf and +inf (the histograms' and the
// score's clamping): infinity if no edge can be reached.
inline double edge_distance(double v, int bins) {
    const double width = 1.0 / bins;  // precision does not matter here: callers keep a margin
    const double scaled = std::clamp(v, 0.0, 1.0) * bins;
    const int b = std::min(bins - 1, static_cast<int>(scaled));
    constexpr double inf = std::numeric_limits<double>::infinity();
    const double lower = b >= 1 ? v - b * width : inf;
    const double upper = b <= bins - 2 ? (b + 1) * width - v : inf;
    return std::max(0.0, std::min(lower, upper));
}

// Ticks from now (>= 1) at which a value at distance d from its bin edge,
// moving by at most `rate` per tick, could first be in another bin (the
// first n with n rate > d - margin); kNeverTick if never.
inline std::int64_t first_possible_change(double d, double rate, double margin) {
    if (!(rate > 0)) return kNeverTick;
    const double n = (d - margin) / rate;  // truncation is floor here: n <= 0 gives 1
    if (!(n < static_cast<double>(kNeverTick - 1))) return kNeverTick;
    return n > 0 ? static_cast<std::int64_t>(n) + 1 : 1;
}

// How the memory of a unit's customers fades between events: baselines,
// per-tick keep factors with their power tables, and the loyalty weights.
struct FadeModel {
    double base_s = 0, base_b = 0, keep_s = 1, keep_b = 1, w_s = 0, w_b = 0;
    double log_keep_s = 0, log_keep_b = 0;  // log(keep_s), log(keep_b)
    const KeepPowers* pow_s = nullptr;
    const KeepPowers* pow_b = nullptr;
    static constexpr double margin = 1e-6;  // above the float rounding of stored values

    // Memory stored as (x_s, x_b) at tick t0, at tick t.
    CustomerMemory at(float x_s, float x_b, std::int64_t t0, std::int64_t t) const {
        return {faded_value(x_s, base_s, (*pow_s)(t - t0)), faded_value(x_b, base_b, (*pow_b)(t - t0))};
    }
    // Histogram bins of satisfaction, bond and loyalty of memory m.
    std::array<int, 3> bins(const CustomerMemory& m) const {
        const float loyal = static_cast<float>(w_s * m.satisfaction + w_b * m.bond);
        const auto b = histogram_bins(m.satisfaction, m.bond, loyal, 0.0f);
        return {b[0], b[1], b[2]};
    }
};

// Walks the memory stored as (x_s, x_b) at tick t0 from tick `from` (bins
// `bins` there) to tick `to` and reports every histogram bin change as
// emit(tick, variable 0/1/2, old bin, new bin), in tick order per variable;
// returns the bins at `to`. Exact with respect to the closed form: a variable
// is evaluated only at ticks where it could first have changed bin, so every
// change is found at its tick; moves of several bins in one tick are one
// change. Satisfaction and bond (single exponentials toward their baselines)
// jump to the tick their value comes within `margin` of the next edge toward
// the baseline (a logarithm); loyalty (two exponentials) by the bound of
// first_possible_change.
template <class Emit>
std::array<int, 3> walk_bins(const FadeModel& f, float x_s, float x_b, std::int64_t t0, std::int64_t from,
                             std::int64_t to, std::array<int, 3> bins, Emit&& emit) {
    constexpr double width = 1.0 / kBins;
    for (int v = 0; v < 3; ++v) {
        std::int64_t cur = from;
        const double base = v == 0 ? f.base_s : f.base_b;
        const double dev0 = (v == 0 ? static_cast<double>(x_s) : static_cast<double>(x_b)) - base;
        const double log_keep = v == 0 ? f.log_keep_s : f.log_keep_b;
        const bool exponential = v < 2 && dev0 != 0 && log_keep < 0;  // a single exponential toward `base`
        const double log_dev0 = exponential ? std::log(std::abs(dev0)) : 0.0;
        while (cur < to) {
            const CustomerMemory m = f.at(x_s, x_b, t0, cur);
            const double r_s = std::abs(m.satisfaction - f.base_s) * (1 - f.keep_s);
            const double r_b = std::abs(m.bond - f.base_b) * (1 - f.keep_b);
            std::int64_t step;
            if (v < 2) {
                const double value = v == 0 ? m.satisfaction : m.bond;
                const int b = bins[static_cast<std::size_t>(v)];
                // The edge toward the baseline, if the baseline is beyond it by more than the margin.
                const double edge = value < base ? (b + 1) * width : b * width;
                const bool crosses = value < base ? b <= kBins - 2 && base - edge > FadeModel::margin
                                                  : b >= 1 && edge - base > FadeModel::margin;
                if (crosses && exponential) {
                    // Age at which |dev0| keep^age = |edge - base| + margin, rounded up.
                    const double age = (std::log(std::abs(edge - base) + FadeModel::margin) - log_dev0) / log_keep;
                    const double ahead = age - static_cast<double>(cur - t0);
                    step = ahead >= static_cast<double>(kNeverTick - 1) ? kNeverTick
                           : ahead > 1                                 ? static_cast<std::int64_t>(std::ceil(ahead))
                                                                       : 1;
                } else {
                    step = first_possible_change(edge_distance(value, kBins), v == 0 ? r_s : r_b, FadeModel::margin);
                }
            } else {
                step = first_possible_change(edge_distance(f.w_s * m.satisfaction + f.w_b * m.bond, kBins),
                                             f.w_s * r_s + f.w_b * r_b, FadeModel::margin);
            }
            if (step >= kNeverTick || cur + step > to) break;
            cur += step;
            const int now = f.bins(f.at(x_s, x_b, t0, cur))[static_cast<std::size_t>(v)];
            if (now != bins[static_cast<std::size_t>(v)]) {
                emit(cur, v, bins[static_cast<std::size_t>(v)], now);
                bins[static_cast<std::size_t>(v)] = now;
            }
        }
    }
    return bins;
}

}  // namespace ambassim
