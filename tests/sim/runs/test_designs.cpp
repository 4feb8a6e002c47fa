// Tests for analysis/designs.cpp: grid sizes and values, Latin hypercube
// strata, bounds, log scaling and seeding, the Saltelli row layout, Morris
// one-at-a-time steps, and that the size functions match the designs.
#include "sim/runs/designs.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <stdexcept>

using namespace ambassim;

namespace {

std::vector<Factor> three_factors() {
    return {{"a.linear", -2.0, 3.0, Scale::linear, {}, {}},
            {"b.log", 0.01, 100.0, Scale::log, {}, {}},
            {"c.unit", 0.0, 1.0, Scale::linear, {}, {}}};
}

}  // namespace

TEST_CASE("unit coordinates map along the factor's scale", "[designs]") {
    const Factor lin{"x", 2, 6, Scale::linear, {}, {}};
    const Factor lg{"y", 1, 100, Scale::log, {}, {}};
    CHECK(from_unit(lin, 0.25) == 3.0);
    CHECK(from_unit(lin, 1.0) == 6.0);
    CHECK(from_unit(lg, 0.5) == Approx(10.0));
    CHECK(from_unit(lg, 1.0) == 100.0);
    CHECK(to_unit(lg, 10.0) == Approx(0.5));
    CHECK(to_unit(lin, 5.0) == 0.75);
    CHECK_THROWS_AS(validate_factor({"z", 0, 1, Scale::log, {}, {}}, true), std::invalid_argument);
    CHECK_THROWS_AS(validate_factor({"z", 1, 1, Scale::linear, {}, {}}, true), std::invalid_argument);
    CHECK_THROWS_AS(validate_factor({"z", 0, 1, Scale::linear, {1, 2}, {}}, true), std::invalid_argument);
    CHECK_NOTHROW(validate_factor({"z", 0, 0, Scale::linear, {1, 2}, {}}, false));
}

TEST_CASE("a full factorial grid holds every combination in odometer order", "[designs]") {
    const std::vector<Factor> f{{"a", 0, 1, Scale::linear, {}, {}},
                                {"b", 1, 100, Scale::log, {}, {}},
                                {"c", 0, 0, Scale::linear, {5.0, 7.0}, {}}};
    const std::vector<std::size_t> levels{2, 3, 99};  // 99 ignored: c has explicit values
    const DesignMatrix d = full_factorial(f, levels);
    REQUIRE(d.points == 12);
    REQUIRE(full_factorial_size(f, levels) == 12);
    CHECK(d.factors == 3);
    // last factor fastest: point 1 = (a0, b0, c1), point 2 = (a0, b1, c0), point 6 = (a1, b0, c0)
    CHECK(d(0, 0) == 0.0);
    CHECK(d(0, 1) == 1.0);
    CHECK(d(0, 2) == 5.0);
    CHECK(d(1, 2) == 7.0);
    CHECK(d(2, 1) == Approx(10.0));
    CHECK(d(2, 2) == 5.0);
    CHECK(d(6, 0) == 1.0);
    CHECK(d(11, 0) == 1.0);
    CHECK(d(11, 1) == 100.0);
    CHECK(d(11, 2) == 7.0);
    std::set<std::vector<double>> distinct;
    for (std::size_t p = 0; p < d.points; ++p) distinct.insert({d.row(p).begin(), d.row(p).end()});
    CHECK(distinct.size() == 12);

    CHECK(grid_levels({"m", 2, 4, Scale::linear, {}, {}}, 1) == std::vector<double>{3.0});
    CHECK(grid_levels({"m", 0, 1, Scale::linear, {}, {}}, 5) == std::vector<double>{0, 0.25, 0.5, 0.75, 1});
    CHECK(full_factorial_size(three_factors(), 4) == 64);
    CHECK(full_factorial(three_factors(), 4).points == 64);
    CHECK_THROWS_AS(full_factorial_size(three_factors(), std::size_t{1} << 30), std::overflow_error);
}

TEST_CASE("a Latin hypercube has one point per stratum in every dimension", "[designs]") {
    const auto f = three_factors();
    const std::size_t n = 50;
    const DesignMatrix d = latin_hypercube(f, n, 42);
    REQUIRE(d.points == n);
    REQUIRE(latin_hypercube_size(n) == n);
    for (std::size_t j = 0; j < f.size(); ++j) {
        std::vector<int> hits(n, 0);
        for (std::size_t p = 0; p < n; ++p) {
            const double x = d(p, j);
            CHECK(x >= f[j].lower);
            CHECK(x <= f[j].upper);
            const double u = to_unit(f[j], x);
            const auto stratum = static_cast<std::size_t>(std::floor(u * static_cast<double>(n)));
            ++hits[std::min(stratum, n - 1)];
        }
        for (int h : hits) CHECK(h == 1);
    }
}

TEST_CASE("a Latin hypercube on a log factor is uniform in the logarithm", "[designs]") {
    const std::vector<Factor> f{{"rate", 1e-3, 1e3, Scale::log, {}, {}}};
    const DesignMatrix d = latin_hypercube(f, 6, 7, true);  // centred: u = 1/12, 3/12, ...
    std::multiset<double> decades;
    for (std::size_t p = 0; p < d.points; ++p) decades.insert(std::log10(d(p, 0)));
    std::vector<double> expected;
    for (int s = 0; s < 6; ++s) expected.push_back(-3.0 + 6.0 * (s + 0.5) / 6.0);
    std::size_t s = 0;
    for (double x : decades) CHECK(x == Approx(expected[s++]));
}

TEST_CASE("designs are deterministic for a seed and differ between seeds", "[designs]") {
    const auto f = three_factors();
    CHECK(latin_hypercube(f, 20, 1).values == latin_hypercube(f, 20, 1).values);
    CHECK(latin_hypercube(f, 20, 1).values != latin_hypercube(f, 20, 2).values);
    const MorrisOptions m1{6, 4, 1, 0}, m2{6, 4, 2, 0};
    CHECK(morris(f, m1).values == morris(f, m1).values);
    CHECK(morris(f, m1).values != morris(f, m2).values);
    const SaltelliOptions s1{1, true, 0}, s2{2, true, 0};
    CHECK(saltelli(f, 16, s1).values == saltelli(f, 16, s1).values);
    CHECK(saltelli(f, 16, s1).values != saltelli(f, 16, s2).values);
    CHECK(saltelli(f, 16).values == saltelli(f, 16, {99, false, 0}).values);  // plain Sobol: seed unused
}

TEST_CASE("a Saltelli design has N (k + 2) rows with A_B^i equal to A but column i from B", "[designs]") {
    const auto f = three_factors();
    const std::size_t n = 32, k = f.size();
    for (const SaltelliOptions& o : {SaltelliOptions{}, SaltelliOptions{5, true, 64}}) {
        const DesignMatrix d = saltelli(f, n, o);
        REQUIRE(d.points == n * (k + 2));
        REQUIRE(saltelli_size(n, k) == d.points);
        const SaltelliLayout layout{n, k};
        REQUIRE(layout.rows() == d.points);
        for (std::size_t i = 0; i < k; ++i)
            for (std::size_t j = 0; j < n; ++j)
                for (std::size_t c = 0; c < k; ++c)
                    CHECK(d(layout.ab(i, j), c) == d(c == i ? layout.b(j) : layout.a(j), c));
        for (std::size_t p = 0; p < d.points; ++p)
            for (std::size_t c = 0; c < k; ++c) {
                CHECK(d(p, c) >= f[c].lower);
                CHECK(d(p, c) <= f[c].upper);
            }
        bool a_differs_from_b = false;
        for (std::size_t j = 0; j < n; ++j) a_differs_from_b |= d(layout.a(j), 0) != d(layout.b(j), 0);
        CHECK(a_differs_from_b);
    }
    // Plain Sobol, 2k = 6 dimensions: Boost's first point is (0.5, ..., 0.5).
    const std::vector<Factor> unit{{"x", 0, 1, Scale::linear, {}, {}}, {"y", 0, 1, Scale::linear, {}, {}}};
    const DesignMatrix d = saltelli(unit, 4);
    CHECK(d(0, 0) == 0.5);
    CHECK(d(4, 1) == 0.5);
    // The first n points of the sequence are balanced: n/2 in each half of every dimension.
    const DesignMatrix big = saltelli(unit, 64, {0, false, 63});
    int low = 0;
    for (std::size_t j = 0; j < 64; ++j) low += big(j, 0) < 0.5;
    CHECK(low == 32);
}

TEST_CASE("Morris trajectories change one factor at a time by delta on the grid", "[designs]") {
    const auto f = three_factors();
    const std::size_t k = f.size();
    for (const MorrisOptions& o : {MorrisOptions{8, 4, 3, 0}, MorrisOptions{5, 6, 11, 30}}) {
        const DesignMatrix d = morris(f, o);
        REQUIRE(d.points == o.trajectories * (k + 1));
        REQUIRE(morris_size(o.trajectories, k) == d.points);
        const double delta = morris_delta(o.levels);
        const double p1 = static_cast<double>(o.levels - 1);
        for (std::size_t t = 0; t < o.trajectories; ++t) {
            std::set<std::size_t> moved;
            for (std::size_t s = 0; s <= k; ++s) {
                const std::size_t row = t * (k + 1) + s;
                for (std::size_t i = 0; i < k; ++i) {  // on the p-level grid, within bounds
                    const double level = to_unit(f[i], d(row, i)) * p1;
                    CHECK(level == Approx(std::round(level)).margin(1e-9));
                    CHECK(d(row, i) >= f[i].lower);
                    CHECK(d(row, i) <= f[i].upper);
                }
                if (s == 0) continue;
                std::size_t changed = 0, count = 0;
                for (std::size_t i = 0; i < k; ++i)
                    if (d(row, i) != d(row - 1, i)) changed = i, ++count;
                REQUIRE(count == 1);
                moved.insert(changed);
                const double step = to_unit(f[changed], d(row, changed)) - to_unit(f[changed], d(row - 1, changed));
                CHECK(std::fabs(step) == Approx(delta));
            }
            CHECK(moved.size() == k);  // every factor moves once per trajectory
        }
    }
    CHECK(morris_delta(4) == Approx(2.0 / 3.0));
    CHECK_THROWS_AS(morris(f, {4, 5, 0, 0}), std::invalid_argument);
}

TEST_CASE("selecting Morris trajectories for spread keeps the design valid and spreads it", "[designs]") {
    const auto f = three_factors();
    const DesignMatrix plain = morris(f, {4, 4, 9, 0});
    const DesignMatrix spread = morris(f, {4, 4, 9, 40});
    REQUIRE(spread.points == plain.points);
    auto total_distance = [&](const DesignMatrix& d) {
        double sum = 0;
        for (std::size_t a = 0; a < d.points; ++a)
            for (std::size_t b = a + 1; b < d.points; ++b) {
                if (a / (f.size() + 1) == b / (f.size() + 1)) continue;  // same trajectory
                double ss = 0;
                for (std::size_t i = 0; i < f.size(); ++i) {
                    const double diff = to_unit(f[i], d(a, i)) - to_unit(f[i], d(b, i));
                    ss += diff * diff;
                }
                sum += std::sqrt(ss);
            }
        return sum;
    };
    CHECK(total_distance(spread) > total_distance(plain));
}

TEST_CASE("designs reject unusable factors and sizes", "[designs]") {
    const std::vector<Factor> listed{{"a", 0, 1, Scale::linear, {0.1, 0.2}, {}}};
    CHECK_NOTHROW(latin_hypercube(listed, 4, 0));  // levels are stratified (see below)
    CHECK_THROWS_AS(saltelli(listed, 4), std::invalid_argument);
    CHECK_THROWS_AS(morris(listed), std::invalid_argument);
    CHECK_THROWS_AS(latin_hypercube({}, 4, 0), std::invalid_argument);
    CHECK_THROWS_AS(saltelli(three_factors(), 0), std::invalid_argument);
    CHECK_THROWS_WITH(latin_hypercube({{"bad.key", 3, 2, Scale::linear, {}, {}}}, 4, 0), Catch::Contains("bad.key"));
}

TEST_CASE("a Latin hypercube stratifies a factor's levels and keeps the other factors' strata", "[designs]") {
    const Factor x{"x", 0, 1, Scale::linear, {}, {}};
    const Factor c{"c", 0, 0, Scale::linear, {0, 1, 2}, {"a", "b", "c"}};
    for (const std::size_t n : {3, 10, 11, 100}) {
        CAPTURE(n);
        const DesignMatrix d = latin_hypercube({x, c}, n, 5);
        std::vector<std::size_t> count(3, 0), strata(n, 0);
        for (std::size_t p = 0; p < n; ++p) {
            ++count[static_cast<std::size_t>(d(p, 1))];
            ++strata[static_cast<std::size_t>(d(p, 0) * static_cast<double>(n))];
        }
        for (std::size_t k : count) CHECK((k == n / 3 || k == (n + 2) / 3));  // floor(n/L) or ceil(n/L)
        for (std::size_t k : strata) CHECK(k == 1);                           // x still one point per stratum
    }
    // Saltelli and Morris refuse levels.
    CHECK_THROWS_AS(saltelli({x, c}, 4), std::invalid_argument);
    CHECK_THROWS_AS(morris({x, c}), std::invalid_argument);
}
