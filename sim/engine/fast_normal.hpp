// Standard normal draws with exactly the values of
// boost::random::normal_distribution<double>(0, 1) on a Stream, faster.
// Boost's ziggurat spends most of its time in generic code (the int/float
// pair of a 64-bit engine, a 256-bucket table lookup) before the one
// comparison that accepts ~99% of draws; here that fast path is written
// out for a 64-bit engine (one draw: bucket = its low 8 bits, the uniform
// from its high 56 bits with bit 11 cleared, as Boost does), and the rare
// rest (the tail, the wedges, a rejection) is Boost's own code. Random
// numbers are part of the reproducibility contract:
// tests/sim/engine/test_fast_normal.cpp compares with Boost draw by draw,
// tail and wedge paths included.
#pragma once

#include "sim/engine/rng.hpp"

#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include <cstdint>

namespace ambassim {

namespace detail {
// The rest of Boost's first ziggurat iteration after the fast test failed
// (bucket i, sign, candidate x), then Boost's loop from the start.
[[gnu::noinline]] inline double normal_slow_path(Stream& s, int i, double sign, double x) {
    using unit = boost::random::detail::unit_normal_distribution<double>;
    const double* const table_x = boost::random::detail::normal_table<double>::table_x;
    const double* const table_y = boost::random::detail::normal_table<double>::table_y;
    if (i == 0) return unit().generate_tail(s) * sign;
    const double y01 = boost::random::uniform_01<double>()(s);
    const double y = table_y[i] + y01 * (table_y[i + 1] - table_y[i]);
    double y_above_ubound, y_above_lbound;
    if (table_x[i] >= 1) {
        y_above_ubound = (table_x[i] - table_x[i + 1]) * y01 - (table_x[i] - x);
        y_above_lbound = y - (table_y[i] + (table_x[i] - x) * table_y[i] * table_x[i]);
    } else {
        y_above_lbound = (table_x[i] - table_x[i + 1]) * y01 - (table_x[i] - x);
        y_above_ubound = y - (table_y[i] + (table_x[i] - x) * table_y[i] * table_x[i]);
    }
    if (y_above_ubound < 0 && (y_above_lbound < 0 || y < unit::f(x))) return x * sign;
    return unit()(s);  // rejected: Boost starts its loop again with fresh draws
}
}  // namespace detail

// boost::random::normal_distribution<double>()(s), bit for bit (its
// `impl * sigma + mean` included: -0 comes out as +0).
inline double standard_normal(Stream& s) {
    const double* const table_x = boost::random::detail::normal_table<double>::table_x;
    const std::uint64_t u = s();
    const int bucket = static_cast<int>(u & 0xFF);
    const double r = static_cast<double>((u & ~(std::uint64_t{1} << 11)) >> 8) * 0x1p-56;
    const int i = bucket >> 1;
    const double sign = (bucket & 1) * 2 - 1;
    const double x = r * table_x[i];
    const double z = x < table_x[i + 1] ? x * sign : detail::normal_slow_path(s, i, sign, x);
    return z * 1.0 + 0.0;
}

}  // namespace ambassim
