// Tests for models/param_sources.cpp: every model parameter has a source or
// a stated modelling choice, and every documented source belongs to a real
// parameter (a typo would silently drop its source from docs/model.md).
#include "models/param_sources.hpp"
#include "models/params.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace ambassim;

TEST_CASE("every parameter has a source or a stated modelling choice", "[params]") {
    Params p;
    int keys = 0, sourced = 0, choices = 0;
    visit_params(p, [&](auto&, const ParamMeta& m) {
        ++keys;
        const std::string s(param_source(m.key));
        INFO(m.key);
        CHECK_FALSE(s.empty());
        CHECK(s != "modelling choice");  // a choice must say why
        if (s.rfind("modelling choice:", 0) == 0)
            ++choices;
        else
            ++sourced;
    });
    CHECK(keys == 127);
    CHECK(sourced + choices == keys);
    CHECK(sourced == 22);  // 22nd: organisation.front_line_cost_per_year (BLS wages)
    CHECK(param_source("market.bass_q_per_year") ==
          "Bass q = 0.38 (Sultan, Farley & Lehmann 1990 meta-analysis); checked by validation bass.*");
    CHECK(param_source("run.seed").empty());
    CHECK(param_source("no.such_key").empty());
}
