// Tests for analysis/compare/outcomes.cpp: every comparison outcome names
// series that the recorder's table records by default, with as many inputs
// as its derivation reads, and unique names.
#include "analysis/compare/outcomes.hpp"
#include "sim/output/series_table.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace ambassim;

TEST_CASE("outcomes name recorded series", "[outcomes]") {
    const auto recorded = series_paths(RecordConfig{});
    std::set<std::string> names;
    for (const Outcome& o : outcomes()) {
        INFO(o.name);
        CHECK(names.insert(o.name).second);
        const std::size_t inputs =
            (o.derivation == Derivation::percent_of || o.derivation == Derivation::difference ||
             o.derivation == Derivation::role_weighted)
                ? 2
                : 1;
        CHECK(o.series.size() == inputs);
        for (const auto& s : o.series) {
            INFO(s);
            CHECK(std::find(recorded.begin(), recorded.end(), s) != recorded.end());
        }
    }
}
