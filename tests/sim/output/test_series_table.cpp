// Tests for sim/output/series_table.cpp: the table is the one list of what is
// recorded (unique, well-formed paths; options select exactly their entries),
// and the recorder records exactly the table's series in the declared shape.
#include "sim/engine/engine_fixtures.hpp"
#include "sim/output/recorder.hpp"
#include "sim/output/series_table.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace ambassim;
using namespace ambassim::testing;

TEST_CASE("series table: unique absolute paths with units and descriptions", "[series]") {
    std::set<std::string> seen;
    for (const SeriesDef& d : series_table()) {
        INFO(d.path);
        CHECK(d.path.starts_with("/"));
        CHECK_FALSE(d.description.empty());
        CHECK(static_cast<bool>(d.fill));
        CHECK(seen.insert(d.path).second);
    }
    CHECK(series_table()[0].path == "/time/tick");
}

TEST_CASE("series table: recording options select exactly their entries", "[series]") {
    RecordConfig none;
    none.quantiles = false;
    none.unit_series = false;
    RecordConfig all;
    all.quantiles = true;
    all.unit_series = true;
    const auto few = series_paths(none), many = series_paths(all);
    CHECK(many.size() == series_table().size());
    for (const auto& p : few) CHECK_FALSE(p.starts_with("/units/"));
    for (const auto& p : few) CHECK(p.find("_quantiles") == std::string::npos);
    CHECK(many.size() > few.size());
}

TEST_CASE("the recorder records every table series in its declared shape", "[series]") {
    World w = build_world(small_params("balanced"), 5, 0);
    RecordConfig config;
    config.quantiles = true;
    config.unit_series = true;
    Recorder rec(w, config);
    for (int t = 0; t < 3; ++t) rec.record(step(w));
    const auto paths = series_paths(config);
    REQUIRE(rec.all_series().size() == paths.size());
    for (const SeriesDef* d : recorded_series(config)) {
        INFO(d->path);
        const auto& s = rec.all_series().at(d->path);
        CHECK(s.dims == series_dims(d->axes));
        std::size_t width = 1;
        for (auto n : series_tail(d->axes, w.units.size())) width *= n;
        CHECK(s.data.size() == 3 * width);
        CHECK(s.units == d->units);
    }
    // Cumulative series add up their per-tick flows.
    const auto& rev = rec.series("/customers/revenue");
    const auto& cum = rec.series("/customers/cumulative_revenue");
    CHECK(cum[2] == (rev[0] + rev[1]) + rev[2]);
    CHECK(rec.series("/time/tick") == std::vector<double>{1, 2, 3});
}
