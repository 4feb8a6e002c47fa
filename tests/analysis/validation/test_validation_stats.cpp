// Tests for analysis/validation_stats.cpp against hand-computed values.
#include "analysis/validation/validation_stats.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace ambassim::validation;

TEST_CASE("Bass closed form, peak share and peak time", "[validation]") {
    const double p = 0.03, q = 0.38;
    CHECK(bass_share(p, q, 0.0) == 0.0);
    // t = 5: e = exp(-2.05) = 0.1287349; F = (1 - e) / (1 + 12.666667 e) = 0.8712651 / 2.6306421 = 0.3312
    CHECK(bass_share(p, q, 5.0) == Approx(0.8712651 / 2.6306421).epsilon(1e-6));
    CHECK(bass_share(p, q, 200.0) == Approx(1.0));
    // From F(0) = f0 the curve starts at f0 and solves the same equation.
    CHECK(bass_share(p, q, 0.0, 0.2) == Approx(0.2));
    const double h = 1e-5, t = 3.0, f = bass_share(p, q, t, 0.2);
    const double dfdt = (bass_share(p, q, t + h, 0.2) - bass_share(p, q, t - h, 0.2)) / (2 * h);
    CHECK(dfdt == Approx((p + q * f) * (1 - f)).epsilon(1e-6));
    CHECK(bass_peak_share(p, q) == Approx(0.5 - 0.03 / 0.76));
    CHECK(bass_peak_time(p, q) == Approx(std::log(0.38 / 0.03) / 0.41));
    // At t* the closed form is at the peak share.
    CHECK(bass_share(p, q, bass_peak_time(p, q)) == Approx(bass_peak_share(p, q)).epsilon(1e-9));
    CHECK(bass_peak_share(0.5, 0.1) == 0.0);
}

TEST_CASE("crossing time interpolates between samples", "[validation]") {
    const std::vector<double> t{0, 1, 2, 3}, y{0, 0.2, 0.6, 1.0};
    CHECK(crossing_time(t, y, 0.4) == Approx(1.5));
    CHECK(crossing_time(t, y, 0.0) == 0.0);
    CHECK(crossing_time(t, y, 1.0) == 3.0);
    CHECK(std::isnan(crossing_time(t, y, 1.1)));
}

TEST_CASE("Pearson and partial correlation", "[validation]") {
    const std::vector<double> x{1, 2, 3, 4, 5}, y{2, 4, 5, 4, 5};
    // sxy = 6, sxx = 10, syy = 6: r = 6 / sqrt(60) = 0.7745967
    CHECK(pearson(x, y) == Approx(0.7745967).epsilon(1e-6));
    CHECK(std::isnan(pearson({1, 1, 1}, {1, 2, 3})));
    CHECK(std::isnan(pearson({1, 2}, {1, 2})));
    // y depends on x only through z: the partial correlation given z is 0.
    const std::vector<double> xs{1, 2, 3, 4, 5, 6}, z{2, 3, 7, 8, 11, 13};
    std::vector<double> ys;
    for (double v : z) ys.push_back(3 * v + 1);
    CHECK(pearson(xs, ys) > 0.9);
    CHECK(partial_correlation(xs, ys, {z}) == Approx(0.0).margin(1e-9));
    // With no controls it is the plain correlation.
    CHECK(partial_correlation(x, y, {}) == Approx(pearson(x, y)));
    // Known three-variable case: r_xy.z = (r_xy - r_xz r_yz) / sqrt((1 - r_xz^2)(1 - r_yz^2)).
    const std::vector<double> a{1, 3, 2, 5, 4, 7, 6}, b{2, 1, 4, 3, 6, 5, 8}, c{1, 2, 2, 3, 5, 5, 6};
    const double rab = pearson(a, b), rac = pearson(a, c), rbc = pearson(b, c);
    CHECK(partial_correlation(a, b, {c}) ==
          Approx((rab - rac * rbc) / std::sqrt((1 - rac * rac) * (1 - rbc * rbc))).epsilon(1e-9));
}
