// Tests for models/param_sources.cpp: every sourced key is a real parameter
// (a typo would silently drop its source from docs/model.md).
#include "models/param_sources.hpp"
#include "models/params.hpp"

#include <catch2/catch.hpp>

using namespace ambassim;

TEST_CASE("every documented source belongs to an existing parameter", "[params]") {
    Params p;
    int sourced = 0;
    visit_params(p, [&](auto&, const ParamMeta& m) { sourced += !param_source(m.key).empty(); });
    CHECK(sourced == 14);
    CHECK(param_source("market.bass_q_per_year") == "Bass q = 0.38 (Sultan, Farley & Lehmann 1990 meta-analysis)");
    CHECK(param_source("simulation.ticks").empty());
    CHECK(param_source("no.such_key").empty());
}
