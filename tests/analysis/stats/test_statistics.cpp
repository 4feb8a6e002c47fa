// Tests for analysis/statistics.cpp against hand-computed values.
#include "analysis/stats/statistics.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace ambassim;

TEST_CASE("mean, standard deviation and t critical values", "[statistics]") {
    const std::vector<double> x{2, 4, 4, 4, 5, 5, 7, 9};
    CHECK(mean_of(x) == 5.0);
    CHECK(sd_of(x) == Approx(std::sqrt(32.0 / 7)));  // sum of squares 32, n - 1 = 7
    CHECK(t_critical(0.95, 1) == Approx(12.7062047).epsilon(1e-7));
    CHECK(t_critical(0.95, 9) == Approx(2.2621572).epsilon(1e-7));
    CHECK(t_critical(0.95, 1000000) == Approx(1.959964).epsilon(1e-5));
    CHECK(std::isnan(mean_of({})));
    CHECK(sd_of({3.0}) == 0.0);
}

TEST_CASE("confidence interval of a mean", "[statistics]") {
    // n = 4, mean 2.5, sd = sqrt(5/3) = 1.2909944, se = 0.6454972, t(3) = 3.1824463
    const Estimate e = estimate({1, 2, 3, 4});
    CHECK(e.n == 4);
    CHECK(e.mean == 2.5);
    CHECK(e.sd == Approx(1.2909944).epsilon(1e-7));
    CHECK(e.ci_low == Approx(2.5 - 3.1824463 * 0.6454972).epsilon(1e-6));
    CHECK(e.ci_high == Approx(2.5 + 3.1824463 * 0.6454972).epsilon(1e-6));
    const Estimate one = estimate({7});
    CHECK(one.ci_low == 7.0);
    CHECK(one.ci_high == 7.0);
}

TEST_CASE("paired differences on a known input", "[statistics]") {
    // differences a - b = {1, 2, 3, 2}: mean 2, sd = sqrt(2/3) = 0.8164966,
    // se = 0.4082483, t(3) = 3.1824463 -> CI 2 +- 1.2992283; d_z = 2 / 0.8164966
    const std::vector<double> a{11, 12, 13, 12}, b{10, 10, 10, 10};
    const PairedDifference p = paired_difference(a, b);
    CHECK(p.diff.mean == 2.0);
    CHECK(p.diff.sd == Approx(0.8164966).epsilon(1e-7));
    CHECK(p.diff.ci_low == Approx(2 - 1.2992283).epsilon(1e-6));
    CHECK(p.diff.ci_high == Approx(2 + 1.2992283).epsilon(1e-6));
    CHECK(p.effect_size == Approx(2.4494897).epsilon(1e-7));
    CHECK(p.relative == Approx(0.2));
    CHECK(p.relative_ci_low == Approx((2 - 1.2992283) / 10).epsilon(1e-6));
    CHECK(p.significant());
}

TEST_CASE("identical inputs give exactly zero difference and no verdict", "[statistics]") {
    const std::vector<double> a{3.5, 1.25, 8.0};
    const PairedDifference p = paired_difference(a, a);
    CHECK(p.diff.mean == 0.0);
    CHECK(p.diff.sd == 0.0);
    CHECK(p.diff.ci_low == 0.0);
    CHECK(p.diff.ci_high == 0.0);
    CHECK(p.effect_size == 0.0);
    CHECK_FALSE(p.significant());
}

TEST_CASE("an interval spanning zero is not significant", "[statistics]") {
    const PairedDifference p = paired_difference({1, -1, 2, -1}, {0, 0, 0, 0});
    CHECK(p.diff.ci_low < 0);
    CHECK(p.diff.ci_high > 0);
    CHECK_FALSE(p.significant());
    CHECK_THROWS_AS(paired_difference({1}, {1, 2}), std::invalid_argument);
}

TEST_CASE("crossover: the first tick from which one side stays ahead", "[statistics]") {
    CHECK(crossover({-1, -2, 0.5, -0.1, 1, 2, 3})->from_index == 4);
    CHECK(crossover({-1, -2, 0.5, -0.1, 1, 2, 3})->a_leads);
    CHECK(crossover({1, 2, 3})->from_index == 0);
    CHECK(crossover({1, 2, 3})->never_behind);
    CHECK_FALSE(crossover({-1, -2, 0.5, -0.1, 1, 2, 3})->never_behind);
    const auto tied = crossover({0, 0, 1, 2});  // identical until programs act
    CHECK(tied->from_index == 2);
    CHECK(tied->never_behind);
    const auto b = crossover({1, 1, -1, -2});
    CHECK_FALSE(b->a_leads);
    CHECK(b->from_index == 2);
    CHECK_FALSE(crossover({1, 0}).has_value());
    CHECK_FALSE(crossover({}).has_value());
}
