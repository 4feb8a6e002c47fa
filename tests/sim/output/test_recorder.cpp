// Tests for sim/recorder.cpp: quantiles of the state histograms and the
// recording of series when a recorder is copied mid-run.
#include "sim/engine/engine_fixtures.hpp"
#include "sim/output/recorder.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace ambassim;
using namespace ambassim::testing;

namespace {

bool same_double(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

// The reference: quantile q searched level by level.
double histogram_quantile(const Histogram& h, double q) {
    const double n = std::accumulate(h.begin(), h.end(), 0.0);
    if (n <= 0) return std::numeric_limits<double>::quiet_NaN();
    const double target = q * n;
    double cum = 0;
    for (int b = 0; b < kBins; ++b) {
        if (h[b] > 0 && cum + h[b] >= target)
            return (b + std::clamp((target - cum) / h[b], 0.0, 1.0)) / kBins;
        cum += h[b];
    }
    return 1.0;
}


}  // namespace

TEST_CASE("quantiles in one pass equal the quantile of each level", "[recorder]") {
    std::vector<Histogram> cases(5, Histogram{});
    cases[1][37] = 1;                                     // one value
    cases[2][0] = 5, cases[2][99] = 5;                    // the two ends
    for (int b = 0; b < kBins; ++b) cases[3][b] = static_cast<std::uint32_t>((b * 7919) % 13);  // ragged, zeros inside
    for (int b = 40; b < 60; ++b) cases[4][b] = 1000;     // a block in the middle
    for (const Histogram& h : cases) {
        const auto all = histogram_quantiles(h);
        for (std::size_t j = 0; j < kQuantiles.size(); ++j) {
            INFO("level " << kQuantiles[j]);
            CHECK(same_double(all[j], histogram_quantile(h, kQuantiles[j])));
        }
    }
}

TEST_CASE("a recorder copied mid-run records into its own series", "[recorder]") {
    World w = build_world(small_params("balanced"), 3, 0);
    RecordConfig config;
    Recorder a(w, config);
    a.record(step(w));
    Recorder b = a;  // after the first tick resolved the series names
    const TickStats st = step(w);
    a.record(st);
    b.record(st);
    for (const auto& [path, s] : a.all_series()) {
        INFO(path);
        const auto& other = b.all_series().at(path).data;
        REQUIRE(s.data.size() == other.size());
        for (std::size_t i = 0; i < s.data.size(); ++i) REQUIRE(same_double(s.data[i], other[i]));
    }
    CHECK(a.series("/time/tick").size() == 2);
}
