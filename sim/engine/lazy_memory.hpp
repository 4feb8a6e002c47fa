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
// per-tick keep factors with their power tables, the loyalty weights, and
// log(|edge - baseline| + margin) of every histogram edge (the walk's
// crossing ticks need no logarithm per crossing).
struct FadeModel {
    double base_s = 0, base_b = 0, keep_s = 1, keep_b = 1, w_s = 0, w_b = 0;
    const KeepPowers* pow_s = nullptr;
    const KeepPowers* pow_b = nullptr;
    std::array<double, 2> log_keep{};                         // log(keep_s), log(keep_b)
    std::array<std::array<double, kBins + 1>, 2> log_gap{};  // per variable and edge k (value k / kBins)
    static constexpr double margin = 1e-6;                   // above the float rounding of stored values

    FadeModel() = default;
    FadeModel(double base_s_, double base_b_, const KeepPowers& pow_s_, const KeepPowers& pow_b_, double w_s_,
              double w_b_)
        : base_s(base_s_), base_b(base_b_), keep_s(pow_s_.keep()), keep_b(pow_b_.keep()), w_s(w_s_), w_b(w_b_),
          pow_s(&pow_s_), pow_b(&pow_b_), log_keep{std::log(keep_s), std::log(keep_b)} {
        for (int v = 0; v < 2; ++v)
            for (int k = 0; k <= kBins; ++k)
                log_gap[v][k] = std::log(std::abs(static_cast<double>(k) / kBins - (v == 0 ? base_s : base_b)) + margin);
    }
    // Memory stored as (x_s, x_b) at tick t0, at tick t.
    CustomerMemory at(float x_s, float x_b, std::int64_t t0, std::int64_t t) const {
        return {faded_value(x_s, base_s, (*pow_s)(t - t0)), faded_value(x_b, base_b, (*pow_b)(t - t0))};
    }
    float loyalty(const CustomerMemory& m) const { return static_cast<float>(w_s * m.satisfaction + w_b * m.bond); }
    // Histogram bins of satisfaction, bond and loyalty of memory m.
    std::array<int, 3> bins(const CustomerMemory& m) const {
        const auto b = histogram_bins(m.satisfaction, m.bond, loyalty(m), 0.0f);
        return {b[0], b[1], b[2]};
    }
};

namespace lazy_detail {

// Loyalty (two exponentials) from tick `cur` (bin `bin`) to `to`: evaluated
// only where first_possible_change allows a change. Returns the bin at `to`.
template <class Emit>
int walk_loyalty(const FadeModel& f, float x_s, float x_b, std::int64_t t0, std::int64_t cur, std::int64_t to, int bin,
                 Emit& emit) {
    constexpr double width = 1.0 / kBins;
    while (cur < to) {
        const CustomerMemory m = f.at(x_s, x_b, t0, cur);
        const double rate = f.w_s * std::abs(m.satisfaction - f.base_s) * (1 - f.keep_s) +
                            f.w_b * std::abs(m.bond - f.base_b) * (1 - f.keep_b);
        const double value = f.w_s * m.satisfaction + f.w_b * m.bond;
        const double d = std::min(bin >= 1 ? value - bin * width : 1e300, bin <= kBins - 2 ? (bin + 1) * width - value : 1e300);
        const std::int64_t step = first_possible_change(std::max(0.0, d), rate, FadeModel::margin);
        if (step >= kNeverTick || cur + step > to) break;
        cur += step;
        const int now = histogram_bin(f.loyalty(f.at(x_s, x_b, t0, cur)));
        if (now != bin) emit(cur, 2, bin, now), bin = now;
    }
    return bin;
}

// Satisfaction (v = 0) or bond (v = 1), a single exponential toward its
// baseline, from tick `cur` (bin `bin`) to `to`: the tick it comes within
// the margin of the next edge toward the baseline from the precomputed
// logarithms; the bound of walk_loyalty's kind when the baseline lies within
// the margin of that edge. Returns the bin at `to`.
template <class Emit>
int walk_single(const FadeModel& f, int v, float x0, std::int64_t t0, std::int64_t cur, std::int64_t to, int bin,
                Emit& emit) {
    constexpr double width = 1.0 / kBins;
    const double base = v == 0 ? f.base_s : f.base_b;
    const double keep = v == 0 ? f.keep_s : f.keep_b;
    const KeepPowers& pow = v == 0 ? *f.pow_s : *f.pow_b;
    const double dev0 = static_cast<double>(x0) - base;
    if (dev0 == 0 || !(f.log_keep[v] < 0)) return bin;  // constant
    const double log_dev0 = std::log(std::abs(dev0)), inv_log_keep = 1 / f.log_keep[v];
    const bool up = dev0 < 0;  // moving up toward the baseline
    while (cur < to) {
        const int k = up ? bin + 1 : bin;  // the edge toward the baseline
        if (up ? bin > kBins - 2 : bin < 1) break;
        const double gap = up ? base - k * width : k * width - base;
        std::int64_t step;
        if (gap > FadeModel::margin) {
            // Age at which |dev0| keep^age = gap + margin; before it the value cannot have crossed.
            const double ahead = (f.log_gap[v][k] - log_dev0) * inv_log_keep - static_cast<double>(cur - t0);
            step = !(ahead < static_cast<double>(kNeverTick - 1)) ? kNeverTick
                   : ahead > 1                                      ? static_cast<std::int64_t>(std::ceil(ahead))
                                                                    : 1;
        } else if (gap < -FadeModel::margin) {
            break;  // the baseline is inside the current bin: no more changes
        } else {
            const double value = faded_value(x0, base, pow(cur - t0));
            step = first_possible_change(std::abs(value - k * width), std::abs(value - base) * (1 - keep),
                                         FadeModel::margin);
        }
        if (step >= kNeverTick || cur + step > to) break;
        cur += step;
        const int now = histogram_bin(faded_value(x0, base, pow(cur - t0)));
        if (now != bin) emit(cur, v, bin, now), bin = now;
    }
    return bin;
}

}  // namespace lazy_detail

// Walks the memory stored as (x_s, x_b) at tick t0 from tick `from` (bins
// `bins` there) to tick `to` and reports every histogram bin change as
// emit(tick, variable 0/1/2, old bin, new bin), in tick order per variable;
// returns the bins at `to`. Exact with respect to the closed form: a variable
// is evaluated only at ticks where it could first have changed bin, so every
// change is found at its tick; moves of several bins in one tick are one
// change.
template <class Emit>
std::array<int, 3> walk_bins(const FadeModel& f, float x_s, float x_b, std::int64_t t0, std::int64_t from,
                             std::int64_t to, std::array<int, 3> bins, Emit&& emit) {
    bins[0] = lazy_detail::walk_single(f, 0, x_s, t0, from, to, bins[0], emit);
    bins[1] = lazy_detail::walk_single(f, 1, x_b, t0, from, to, bins[1], emit);
    bins[2] = lazy_detail::walk_loyalty(f, x_s, x_b, t0, from, to, bins[2], emit);
    return bins;
}

}  // namespace ambassim
