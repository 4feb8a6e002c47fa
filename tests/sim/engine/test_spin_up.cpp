// Tests for sim/engine/spin_up.cpp and the warm-up's market balance: the
// warm-up's coarse, fine and balanced ticks, and that the market is
// rebalanced in the balanced part only (simulation.warmup_balanced_days),
// the rest running free with the pools' sizes reported as they are.
#include "sim/engine/engine_fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace ambassim;
using namespace ambassim::testing;

namespace {

SimulationParams schedule(double warmup, double balanced, double dt = 1, double coarse = 7, double fine = 365) {
    SimulationParams s;
    s.warmup_days = warmup;
    s.warmup_balanced_days = balanced;
    s.dt_days = dt;
    s.warmup_coarse_dt_days = coarse;
    s.warmup_fine_days = fine;
    return s;
}

std::int64_t count(const World& w, CustomerStatus s) {
    return std::count(w.customers.status.begin(), w.customers.status.end(), s);
}

Params warmed_params(double warmup_days, double balanced_days) {
    Params p = small_params();
    p.customers.prospects = -1;  // auto-sized market with a reserve
    p.simulation.warmup_days = warmup_days;
    p.simulation.warmup_coarse_dt_days = 0;
    p.simulation.warmup_balanced_days = balanced_days;
    p.simulation.warmup_arrangement_years = 0;
    return p;
}

}  // namespace

TEST_CASE("the warm-up's balanced ticks cover its first warmup_balanced_days", "[spin_up]") {
    // The defaults: 20 years, coarse weekly ticks but the last 365 daily ones,
    // balanced for the first two years (104 weekly ticks).
    const WarmupTicks d = warmup_schedule(SimulationParams{});
    CHECK(d.coarse == 991);
    CHECK(d.fine == 365);
    CHECK(d.balanced == 104);
    // A warm-up no longer than the balanced part is balanced throughout.
    const WarmupTicks short_one = warmup_schedule(schedule(365, 730));
    CHECK(short_one.coarse == 0);
    CHECK(short_one.total() == 365);
    CHECK(short_one.balanced == 365);
    CHECK(warmup_schedule(schedule(730, 730)).balanced == warmup_schedule(schedule(730, 730)).total());
    // The balanced part reaching into the fine ticks: every coarse tick (91, 637
    // days) plus 263 daily ones.
    const WarmupTicks into_fine = warmup_schedule(schedule(1000, 900));
    CHECK(into_fine.coarse == 91);
    CHECK(into_fine.fine == 365);
    CHECK(into_fine.balanced == 91 + 263);
    // At the warm-up's own tick length (no coarse part) and with none balanced.
    const WarmupTicks weekly = warmup_schedule(schedule(7300, 730, 7));
    CHECK(weekly.coarse == 0);
    CHECK(weekly.total() == 1043);
    CHECK(weekly.balanced == 104);
    CHECK(warmup_schedule(schedule(7300, 0)).balanced == 0);
}

TEST_CASE("the market is rebalanced in the balanced part of the warm-up only", "[spin_up][market]") {
    World w = build_world(warmed_params(240, 90), 7, 0);
    REQUIRE(w.balance_market);
    REQUIRE(w.warmup_ticks == 240);
    REQUIRE(w.balanced_ticks == 90);
    advance(w, w.balanced_ticks, [] { return false; }, [](const TickStats&) {});
    const std::int64_t reserve = count(w, CustomerStatus::outside);
    const std::int64_t market = count(w, CustomerStatus::active) + count(w, CustomerStatus::prospect) +
                                count(w, CustomerStatus::churned);
    // The free part (advance runs to a tick): nobody joins or leaves the market, while the pools move.
    const auto status = w.customers.status;
    advance(w, w.warmup_ticks, [] { return false; }, [](const TickStats&) {});
    CHECK(count(w, CustomerStatus::outside) == reserve);
    CHECK(count(w, CustomerStatus::active) + count(w, CustomerStatus::prospect) + count(w, CustomerStatus::churned) ==
          market);
    CHECK(w.customers.status != status);
    for (std::size_t i = 0; i < status.size(); ++i)
        REQUIRE((status[i] == CustomerStatus::outside) == (w.customers.status[i] == CustomerStatus::outside));
    // The pools reported for the start of recording are the pools as they are.
    CHECK(w.prospects_at_start == count(w, CustomerStatus::prospect));
    CHECK(w.former_at_start == count(w, CustomerStatus::churned));
}

TEST_CASE("a balanced part as long as the warm-up or longer changes nothing", "[spin_up][market]") {
    Run exact = run_world(warmed_params(120, 120), 2, 5, 3);
    Run longer = run_world(warmed_params(120, 36500), 2, 5, 3);
    CHECK(exact.world.customers.status == longer.world.customers.status);
    CHECK(exact.world.customers.bond == longer.world.customers.bond);
    CHECK(exact.world.prospects_at_start == longer.world.prospects_at_start);
    // A free part does change the world it starts from.
    Run free_part = run_world(warmed_params(120, 60), 2, 5, 3);
    CHECK(free_part.world.customers.status != exact.world.customers.status);
}
