// Tests for sim/engine/market_arrangement.cpp: the market's status process
// before the warm-up keeps the customer count and the reserve's size,
// clusters customers (and former customers) on the referral network, is keyed by seed and replicate
// only, and leaves a reserve whose slots the rebalancing adds to the pool
// they were drawn from.
#include "sim/engine/engine_fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace ambassim;
using namespace ambassim::testing;

namespace {

Params arranged_params(double years) {
    Params p = small_params();
    p.customers.prospects = -1;          // auto-sized market with a reserve
    p.simulation.warmup_days = 365;      // the arrangement belongs to the warm-up
    p.simulation.warmup_arrangement_years = years;
    return p;
}

std::size_t count(const World& w, CustomerStatus s) {
    return static_cast<std::size_t>(std::count(w.customers.status.begin(), w.customers.status.end(), s));
}

// Mean share of promoters among the ties of people in status s.
double mean_promoter_ties(const World& w, CustomerStatus s) {
    double sum = 0;
    std::size_t n = 0;
    for (std::uint32_t i = 0; i < w.customers.size(); ++i) {
        if (w.customers.status[i] != s) continue;
        double pos, neg;
        exposure(w, i, pos, neg);
        sum += pos;
        ++n;
    }
    return n ? sum / static_cast<double>(n) : 0.0;
}

}  // namespace

TEST_CASE("arranging the market keeps its customers and the reserve's size", "[world][market]") {
    const World before = build_world(arranged_params(0), 3, 0);
    const World after = build_world(arranged_params(60), 3, 0);
    REQUIRE_FALSE(arranges_market(before));
    REQUIRE(arranges_market(after));
    CHECK(after.customers.size() == before.customers.size());
    CHECK(count(after, CustomerStatus::active) == 3000);
    CHECK(count(after, CustomerStatus::outside) == count(before, CustomerStatus::outside));
    CHECK(after.customers.status != before.customers.status);
    // Customers have a class, nobody else has one.
    for (std::size_t i = 0; i < after.customers.size(); ++i) {
        const bool active = after.customers.status[i] == CustomerStatus::active;
        REQUIRE((after.customers.nps_cur[i] != NpsClass::none) == active);
        REQUIRE(after.customers.nps_next[i] == after.customers.nps_cur[i]);
    }
    // Every reserve slot remembers a pool it can join.
    REQUIRE(after.reserve_kind.size() == after.customers.size());
    for (std::size_t i = 0; i < after.customers.size(); ++i)
        if (after.customers.status[i] == CustomerStatus::outside)
            REQUIRE((after.reserve_kind[i] == CustomerStatus::prospect ||
                     after.reserve_kind[i] == CustomerStatus::churned));
    CHECK(before.reserve_kind.empty());
}

TEST_CASE("arranging the market clusters customers on the referral network", "[world][market]") {
    const World random = build_world(arranged_params(0), 4, 0);
    const World arranged = build_world(arranged_params(100), 4, 0);
    for (auto s : {CustomerStatus::active, CustomerStatus::prospect, CustomerStatus::churned})
        UNSCOPED_INFO("status " << static_cast<int>(s) << ": promoter ties random " << mean_promoter_ties(random, s)
                                << ", arranged " << mean_promoter_ties(arranged, s));
    // Word of mouth recruits customers' ties, so customers end up next to
    // customers, and former customers (where customers were) too.
    CHECK(mean_promoter_ties(arranged, CustomerStatus::active) > 1.3 * mean_promoter_ties(random, CustomerStatus::active));
    CHECK(mean_promoter_ties(arranged, CustomerStatus::churned) > 1.3 * mean_promoter_ties(random, CustomerStatus::churned));
    CHECK(mean_promoter_ties(arranged, CustomerStatus::churned) > mean_promoter_ties(arranged, CustomerStatus::prospect));
}

TEST_CASE("the arrangement depends on seed and replicate only", "[world][market]") {
    const Params p = arranged_params(30);
    const World a = build_world(p, 7, 1), b = build_world(p, 7, 1), c = build_world(p, 7, 2);
    CHECK(a.customers.status == b.customers.status);
    CHECK(a.customers.bond == b.customers.bond);
    CHECK(a.reserve_kind == b.reserve_kind);
    CHECK(a.customers.status != c.customers.status);
    // The status process is serial: the thread count cannot matter, and the
    // warmed-up worlds agree bit for bit.
    const Run one = run_world(p, 1, 5, 7, 1), two = run_world(p, 2, 5, 7, 1);
    CHECK(one.world.customers.status == two.world.customers.status);
    CHECK(one.world.customers.satisfaction == two.world.customers.satisfaction);
}

TEST_CASE("no arrangement on a well-mixed market, with a fixed market or without a warm-up", "[world][market]") {
    Params p = arranged_params(50);
    p.market.network = "well_mixed";
    CHECK_FALSE(arranges_market(build_world(p, 1, 0)));
    p = arranged_params(50);
    p.customers.prospects = 5000;
    CHECK_FALSE(arranges_market(build_world(p, 1, 0)));
    p = arranged_params(50);
    p.simulation.warmup_days = 0;
    CHECK_FALSE(arranges_market(build_world(p, 1, 0)));
}

TEST_CASE("rebalancing adds reserve slots to the pool they were drawn from first", "[world][market]") {
    World w = build_world(arranged_params(40), 5, 0);
    const auto kinds = w.reserve_kind;
    const auto status = w.customers.status;
    rebalance_market(w);
    std::size_t joined = 0, crossed = 0;
    for (std::size_t i = 0; i < status.size(); ++i) {
        if (status[i] != CustomerStatus::outside || w.customers.status[i] == CustomerStatus::outside) continue;
        ++joined;
        crossed += w.customers.status[i] != kinds[i];
    }
    INFO("joined " << joined << ", into the other pool " << crossed);
    CHECK(joined > 0);
    // Only once a kind runs out does a slot join the other pool: a slot that
    // crossed into pool P means no reserve slot of kind P is left outside.
    for (auto pool : {CustomerStatus::prospect, CustomerStatus::churned}) {
        bool crossed_into = false, own_left = false;
        for (std::size_t i = 0; i < status.size(); ++i) {
            if (status[i] != CustomerStatus::outside) continue;
            crossed_into |= w.customers.status[i] == pool && kinds[i] != pool;
            own_left |= w.customers.status[i] == CustomerStatus::outside && kinds[i] == pool;
        }
        CHECK_FALSE((crossed_into && own_left));
    }
    // A slot leaving a pool remembers it.
    for (std::size_t i = 0; i < status.size(); ++i)
        if (status[i] != CustomerStatus::outside && w.customers.status[i] == CustomerStatus::outside)
            REQUIRE(w.reserve_kind[i] == status[i]);
}
