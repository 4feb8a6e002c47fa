// Tests for sim/engine/tick_stats.hpp: the four-at-once histogram binning of
// the hot loops gives exactly the bins of the scalar rule, at bin edges, out
// of range, for -0, NaN and dense values over the agent states' range.
#include "sim/engine/tick_stats.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

using namespace ambassim;

TEST_CASE("histogram_bins equals histogram_bin value by value", "[tick_stats]") {
    std::vector<float> v{0.0f, -0.0f, 1.0f, 0.99f, 0.999999f, 0.01f, 0.0099999f, -0.001f, -1.5f, 1.5f, 2.0f,
                         -2.0f, 0.5f, std::nextafter(1.0f, 0.0f), std::nextafter(0.0f, 1.0f),
                         std::numeric_limits<float>::quiet_NaN(), 1e6f, -1e6f};
    for (int i = -20000; i <= 20000; ++i) v.push_back(static_cast<float>(i) * 1e-4f);  // [-2, 2] densely
    for (int b = 0; b <= kBins; ++b) {  // both sides of every bin edge
        const float edge = static_cast<float>(b) / kBins;
        v.push_back(std::nextafter(edge, -1.0f));
        v.push_back(edge);
        v.push_back(std::nextafter(edge, 2.0f));
    }
    while (v.size() % 4) v.push_back(0.25f);
    for (std::size_t i = 0; i < v.size(); i += 4) {
        const auto bins = histogram_bins(v[i], v[i + 1], v[i + 2], v[i + 3]);
        for (std::size_t k = 0; k < 4; ++k) {
            INFO("value " << v[i + k]);
            REQUIRE(bins[k] == histogram_bin(v[i + k]));
        }
    }
}
