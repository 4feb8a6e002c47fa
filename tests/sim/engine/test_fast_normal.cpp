// Tests for sim/engine/fast_normal.hpp: standard_normal gives exactly
// Boost's normal_distribution<double>(0, 1) values on the same streams, for
// millions of draws, which pass through the tail, the wedges and rejections.
#include "sim/engine/fast_normal.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

using namespace ambassim;

namespace {
bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }
}  // namespace

TEST_CASE("standard_normal equals Boost's normal distribution bit for bit", "[rng][normal]") {
    boost::random::normal_distribution<double> boost_z;
    std::int64_t tails = 0, slow = 0, mismatches = 0;
    for (std::uint64_t agent = 0; agent < 200000; ++agent) {
        Stream a(11, 2, 3, agent, Purpose::employee_tick), b(11, 2, 3, agent, Purpose::employee_tick);
        for (int k = 0; k < 8; ++k) {
            const double x = standard_normal(a), y = boost_z(b);
            mismatches += !same_bits(x, y);
            tails += std::abs(y) > 3.44;  // beyond the ziggurat's first layer
        }
        // Both streams must have consumed the same draws.
        mismatches += a() != b();
        Stream c(11, 2, 3, agent, Purpose::employee_tick);
        const std::uint64_t u = c();
        const int i = static_cast<int>(u & 0xFF) >> 1;
        const double r = static_cast<double>((u & ~(std::uint64_t{1} << 11)) >> 8) * 0x1p-56;
        slow += !(r * boost::random::detail::normal_table<double>::table_x[i] <
                  boost::random::detail::normal_table<double>::table_x[i + 1]);
    }
    REQUIRE(mismatches == 0);
    REQUIRE(tails > 100);  // the tail path was exercised
    REQUIRE(slow > 1000);  // and the wedge/rejection paths
}
