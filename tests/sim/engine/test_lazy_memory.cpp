// Tests for sim/engine/lazy_memory.hpp, the building blocks of an
// event-driven customer pass: the power table, bin-edge distances, the
// earliest possible bin change, and walk_bins, whose reported bin changes
// must reproduce, tick by tick, the bins of the closed form evaluated
// densely (daily and weekly ticks, baselines on and off bin edges, values
// near edges, out of range and at the baseline).
#include "sim/engine/lazy_memory.hpp"

#include "sim/engine/rng.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace ambassim;

TEST_CASE("KeepPowers equals std::pow inside and beyond its table", "[lazy_memory]") {
    const double keep = std::exp(-2.0 / 365);
    const KeepPowers p(keep, 100);
    for (std::int64_t n : {0, 1, 2, 50, 99, 100, 101, 5000}) REQUIRE(p(n) == std::pow(keep, static_cast<double>(n)));
}

TEST_CASE("edge_distance is the distance to the nearest reachable bin edge", "[lazy_memory]") {
    REQUIRE(edge_distance(0.255, 100) == Approx(0.005));
    REQUIRE(edge_distance(0.251, 100) == Approx(0.001));
    REQUIRE(edge_distance(0.5, 11) == Approx(6.0 / 11 - 0.5));
    REQUIRE(edge_distance(-0.5, 100) == Approx(0.51));   // clamped into bin 0: only its upper edge counts
    REQUIRE(edge_distance(1.5, 100) == Approx(0.51));    // clamped into the last bin
    REQUIRE(edge_distance(0.005, 100) == Approx(0.005)); // bin 0 has no lower edge
    REQUIRE(edge_distance(0.995, 100) == Approx(0.005)); // the last bin has no upper edge
    REQUIRE(edge_distance(0.25, 100) == 0.0);
}

TEST_CASE("first_possible_change is the first tick a bounded move can reach the edge", "[lazy_memory]") {
    REQUIRE(first_possible_change(0.05, 0.0, 1e-6) == kNeverTick);
    REQUIRE(first_possible_change(0.05, 0.01, 0.0) == 6);   // 5 x 0.01 = d, so a change from tick 6 on (margin 0)
    REQUIRE(first_possible_change(0.05, 0.01, 1e-6) == 5);  // within the margin at tick 5
    REQUIRE(first_possible_change(0.0, 0.01, 1e-6) == 1);
    REQUIRE(first_possible_change(1e-9, 1e-12, 1e-6) == 1);  // inside the margin: next tick
    REQUIRE(first_possible_change(0.5, 1e-30, 1e-6) == kNeverTick);
}

namespace {

// Random memories walked from `from` to `to`: the bins rebuilt from the
// reported changes must equal the dense bins at every tick, and the walk's
// result the bins at `to`.
void check_walks(double dt_years, double base_s, double base_b, int cases) {
    CustomerParams cp;
    const double keep_s = std::exp(-cp.satisfaction_decay_per_year * dt_years);
    const double keep_b = std::exp(-cp.bond_decay_per_year * dt_years);
    const KeepPowers pow_s(keep_s, 512), pow_b(keep_b, 512);
    const FadeModel f(base_s, base_b, pow_s, pow_b, cp.loyalty_satisfaction_weight, cp.loyalty_bond_weight);
    std::int64_t changes = 0;
    for (int c = 0; c < cases; ++c) {
        Stream s(11, 0, static_cast<std::uint64_t>(c), 0, Purpose::user);
        auto pick = [&](double base) {
            const double u = s.uniform();
            if (u < 0.1) return static_cast<float>(base);                                        // at the baseline
            if (u < 0.2) return static_cast<float>(std::floor(s.uniform() * 100) / 100);         // on an edge
            if (u < 0.25) return static_cast<float>(-0.2 + 1.4 * s.uniform());                   // out of range
            return static_cast<float>(s.uniform());
        };
        const float x_s = pick(base_s), x_b = pick(base_b);
        const std::int64_t t0 = static_cast<std::int64_t>(s.uniform() * 50) - 10;
        const std::int64_t from = t0 + static_cast<std::int64_t>(s.uniform() * 300);
        const std::int64_t to = from + static_cast<std::int64_t>(s.uniform() * 700);  // beyond the table too
        std::vector<std::array<int, 3>> seen(static_cast<std::size_t>(to - from + 1));
        const auto start = f.bins(f.at(x_s, x_b, t0, from));
        std::vector<std::array<int, 3>> delta_from(seen.size()), delta_to(seen.size());
        std::vector<std::array<bool, 3>> changed(seen.size());
        const auto last = walk_bins(f, x_s, x_b, t0, from, to, start, [&](std::int64_t t, int v, int was, int now) {
            REQUIRE(t > from);
            REQUIRE(t <= to);
            const auto k = static_cast<std::size_t>(t - from);
            REQUIRE_FALSE(changed[k][static_cast<std::size_t>(v)]);  // one change per variable and tick
            changed[k][static_cast<std::size_t>(v)] = true;
            delta_from[k][static_cast<std::size_t>(v)] = was;
            delta_to[k][static_cast<std::size_t>(v)] = now;
            ++changes;
        });
        auto bins = start;
        for (std::int64_t t = from; t <= to; ++t) {
            const auto k = static_cast<std::size_t>(t - from);
            for (std::size_t v = 0; v < 3; ++v)
                if (changed[k][v]) {
                    REQUIRE(delta_from[k][v] == bins[v]);
                    bins[v] = delta_to[k][v];
                }
            const auto dense = f.bins(f.at(x_s, x_b, t0, t));
            INFO("case " << c << " tick " << t << " x_s " << x_s << " x_b " << x_b << " t0 " << t0);
            REQUIRE(bins == dense);
        }
        REQUIRE(last == bins);
    }
    REQUIRE(changes > cases);  // the cases do move between bins
}

}  // namespace

TEST_CASE("walk_bins reports exactly the bin changes of the closed form", "[lazy_memory]") {
    const CustomerParams cp;
    SECTION("daily ticks, default baselines") { check_walks(1.0 / 365, cp.satisfaction.mean, cp.bond.mean, 400); }
    SECTION("weekly ticks") { check_walks(7.0 / 365, cp.satisfaction.mean, cp.bond.mean, 400); }
    SECTION("baselines on bin edges") { check_walks(1.0 / 365, 0.7, 0.5, 400); }
    SECTION("baselines off the grid") { check_walks(1.0 / 365, 0.7234567, 0.4321, 400); }
    SECTION("baselines within the margin of an edge") { check_walks(1.0 / 365, 0.7 + 3e-7, 0.5 - 3e-7, 400); }
    SECTION("monthly ticks") { check_walks(30.0 / 365, 0.66, 0.41, 400); }
}
