// Tests for sim/world_init.cpp: sizes, roles, initial customers, market size
// balancing, and that the initial world depends on seed and replicate only.
#include "sim/engine/engine_fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace ambassim;
using namespace ambassim::testing;

TEST_CASE("the initial world has the configured sizes", "[world]") {
    Params p = small_params();
    p.customers.prospects = 5000;
    const World w = build_world(p, 1, 0);
    CHECK(w.employees.size() == 300);
    CHECK(w.customers.size() == 8000);
    CHECK(std::count(w.customers.status.begin(), w.customers.status.end(), CustomerStatus::active) == 3000);
    CHECK(w.people_begin.front() == 0);
    CHECK(w.people_begin.back() == 8000);
    CHECK(w.units.size() == 3);
    for (std::size_t i = 0; i < w.employees.size(); ++i) {
        REQUIRE(w.employees.hire_tick[i] <= 0);
        REQUIRE(w.employees.cur.engagement[i] > 0.0f);
        REQUIRE(w.employees.cur.engagement[i] < 1.0f);
    }
    std::size_t blocked = 0;
    for (const auto& b : w.customer_blocks) {
        REQUIRE(b.begin >= w.people_begin[b.unit]);
        REQUIRE(b.end <= w.people_begin[b.unit + 1]);
        blocked += b.end - b.begin;
    }
    CHECK(blocked == 8000);
}

TEST_CASE("the same seed and replicate give the same world and others differ", "[world]") {
    const Params p = small_params();
    const World a = build_world(p, 5, 0), b = build_world(p, 5, 0), c = build_world(p, 5, 1), d = build_world(p, 6, 0);
    CHECK(a.customers.status == b.customers.status);
    CHECK(a.referral.targets == b.referral.targets);
    CHECK(a.employees.cur.engagement == b.employees.cur.engagement);
    CHECK(a.customers.status != c.customers.status);
    CHECK(a.employees.cur.engagement != d.employees.cur.engagement);
}

TEST_CASE("the stationary market balances every flow between its pools", "[world][market]") {
    Params p;
    p.customers.customers = 10000;
    const double promoters = 0.4, detractors = 0.1, h = 0.15;
    for (double renewal : {0.0, 0.1, 0.5}) {
        INFO("renewal " << renewal);
        p.market.renewal_per_year = renewal;
        const MarketPools m = stationary_market(p, promoters, detractors, h);
        const double A = 10000, P = static_cast<double>(m.prospects), F = static_cast<double>(m.former), N = A + P + F;
        const double wom = p.market.bass_q_per_year * promoters - p.market.negative_wom_per_year * detractors;
        const double hp = p.market.bass_p_per_year + wom * A / N, wb = p.market.winback_factor;
        CHECK(P * hp + F * wb * hp == Approx(h * A).epsilon(2e-3));      // customers: in = churn
        CHECK(F * (wb * hp + renewal) == Approx(h * A).epsilon(2e-3));  // former customers: out = churn in
        CHECK(P * hp == Approx(renewal * F).margin(1.0));               // prospects: out = renewal in
        if (renewal == 0) CHECK(m.prospects == 0);
    }
}

TEST_CASE("a fixed number of prospects is used as given", "[world]") {
    Params p = small_params();
    p.customers.prospects = 0;
    const World w = build_world(p, 1, 0);
    CHECK(w.customers.size() == 3000);
    CHECK(w.prospects_at_start == 0);
}
