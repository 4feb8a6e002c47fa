// Tests for analysis/sensitivity.cpp: Sobol indices on the Ishigami function
// against its analytic values, bootstrap intervals, and Morris statistics on
// a function with known elementary effects.
#include "analysis/sweep/sensitivity.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

using namespace ambassim;

namespace {

constexpr double pi = 3.14159265358979323846;
constexpr double ishigami_a = 7, ishigami_b = 0.1;

double ishigami(std::span<const double> x) {
    const double s = std::sin(x[0]), t = std::sin(x[1]);
    return s + ishigami_a * t * t + ishigami_b * std::pow(x[2], 4) * s;
}

// Analytic indices (Ishigami and Homma 1990; Sobol' and Levitan 1999).
struct Analytic {
    double s[3], st[3];
};

Analytic ishigami_indices() {
    const double a = ishigami_a, b = ishigami_b;
    const double pi4 = std::pow(pi, 4), pi8 = std::pow(pi, 8);
    const double v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
    const double v1 = 0.5 * (1 + b * pi4 / 5) * (1 + b * pi4 / 5);
    const double v2 = a * a / 8;
    const double v13 = b * b * pi8 * (1.0 / 18 - 1.0 / 50);
    return {{v1 / v, v2 / v, 0.0}, {(v1 + v13) / v, v2 / v, v13 / v}};
}

std::vector<double> evaluate(const DesignMatrix& d, double (*f)(std::span<const double>)) {
    std::vector<double> y(d.points);
    for (std::size_t p = 0; p < d.points; ++p) y[p] = f(d.row(p));
    return y;
}

std::vector<Factor> ishigami_factors() {
    return {{"x1", -pi, pi, Scale::linear, {}, {}}, {"x2", -pi, pi, Scale::linear, {}, {}}, {"x3", -pi, pi, Scale::linear, {}, {}}};
}

void check_index(const IndexEstimate& e, double exact, double tolerance) {
    INFO("estimate " << e.value << " [" << e.ci_low << ", " << e.ci_high << "], exact " << exact);
    CHECK(e.value == Approx(exact).margin(tolerance));
    CHECK(e.ci_low <= exact);
    CHECK(e.ci_high >= exact);
    CHECK(e.ci_low <= e.value);
    CHECK(e.ci_high >= e.value);
    CHECK(e.ci_high - e.ci_low < 0.1);
}

}  // namespace

TEST_CASE("the analytic Ishigami indices match the published values", "[sensitivity]") {
    const Analytic x = ishigami_indices();
    CHECK(x.s[0] == Approx(0.3139).margin(1e-4));
    CHECK(x.s[1] == Approx(0.4424).margin(1e-4));
    CHECK(x.st[0] == Approx(0.5576).margin(1e-4));
    CHECK(x.st[1] == Approx(0.4424).margin(1e-4));
    CHECK(x.st[2] == Approx(0.2437).margin(1e-4));
}

TEST_CASE("Sobol indices of the Ishigami function match the analytic values", "[sensitivity]") {
    const auto factors = ishigami_factors();
    const Analytic exact = ishigami_indices();
    const std::size_t n = 1 << 13;
    for (const SaltelliOptions& design : {SaltelliOptions{}, SaltelliOptions{2024, true, 0}}) {
        const std::vector<double> y = evaluate(saltelli(factors, n, design), ishigami);
        const SobolIndices s = sobol_indices(y, factors.size(), {1000, 0.95, 7});
        REQUIRE(s.base_samples == n);
        REQUIRE(s.first.size() == 3);
        REQUIRE(s.total.size() == 3);
        const double a = ishigami_a, b = ishigami_b;
        CHECK(s.variance == Approx(a * a / 8 + b * std::pow(pi, 4) / 5 + b * b * std::pow(pi, 8) / 18 + 0.5).epsilon(0.02));
        for (std::size_t i = 0; i < 3; ++i) {
            check_index(s.first[i], exact.s[i], 0.025);
            check_index(s.total[i], exact.st[i], 0.025);
        }
    }
}

TEST_CASE("Sobol estimates are deterministic and their intervals follow the seed", "[sensitivity]") {
    const auto factors = ishigami_factors();
    const std::vector<double> y = evaluate(saltelli(factors, 256), ishigami);
    const SobolIndices a = sobol_indices(y, 3, {200, 0.95, 1});
    const SobolIndices b = sobol_indices(y, 3, {200, 0.95, 1});
    const SobolIndices c = sobol_indices(y, 3, {200, 0.95, 2});
    const SobolIndices none = sobol_indices(y, 3, {0, 0.95, 1});
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(a.first[i].ci_low == b.first[i].ci_low);
        CHECK(a.total[i].ci_high == b.total[i].ci_high);
        CHECK(a.first[i].value == c.first[i].value);
        CHECK(a.first[i].ci_low != c.first[i].ci_low);
        CHECK(none.first[i].ci_low == none.first[i].value);
        CHECK(none.total[i].ci_high == none.total[i].value);
    }
}

TEST_CASE("Sobol estimators on a hand-checked additive function", "[sensitivity]") {
    // f = x1 + 2 x2 on U(0, 1)^2: V = 1/12 + 4/12, S = (0.2, 0.8), no interactions.
    const std::vector<Factor> f{{"x1", 0, 1, Scale::linear, {}, {}}, {"x2", 0, 1, Scale::linear, {}, {}}};
    const auto y = evaluate(saltelli(f, 1024), [](std::span<const double> x) { return x[0] + 2 * x[1]; });
    const SobolIndices s = sobol_indices(y, 2, {100, 0.95, 3});
    CHECK(s.first[0].value == Approx(0.2).margin(0.01));
    CHECK(s.first[1].value == Approx(0.8).margin(0.01));
    CHECK(s.total[0].value == Approx(0.2).margin(0.01));
    CHECK(s.total[1].value == Approx(0.8).margin(0.01));
}

TEST_CASE("Sobol estimators reject malformed outputs and flag constant ones", "[sensitivity]") {
    CHECK_THROWS_AS(sobol_indices(std::vector<double>(11, 1.0), 3), std::invalid_argument);
    CHECK_THROWS_AS(sobol_indices(std::vector<double>(10, 1.0), 0), std::invalid_argument);
    std::vector<double> y(10, 1.0);
    y[4] = std::nan("");
    CHECK_THROWS_WITH(sobol_indices(y, 3), Catch::Contains("row 4"));
    const SobolIndices flat = sobol_indices(std::vector<double>(10, 1.0), 3, {10, 0.95, 0});
    CHECK(flat.variance == 0.0);
    CHECK(std::isnan(flat.first[0].value));
    CHECK(std::isnan(flat.total[2].ci_high));
}

TEST_CASE("Morris statistics on a function with known elementary effects", "[sensitivity]") {
    // f = 2 x1 + 0 x2 + x3^2 with x1 in [0, 2], x2 in [0, 1], x3 in [0, 1]:
    // effects per whole range: x1: 2 * 2 = 4 always; x2: 0; x3: 2 x + delta
    // (up from x) or 2 x - delta (down to x - delta), varying, positive.
    const std::vector<Factor> f{{"x1", 0, 2, Scale::linear, {}, {}}, {"x2", 0, 1, Scale::linear, {}, {}},
                                {"x3", 0, 1, Scale::linear, {}, {}}};
    const DesignMatrix d = morris(f, {20, 4, 5, 0});
    const auto y = evaluate(d, [](std::span<const double> x) { return 2 * x[0] + 0 * x[1] + x[2] * x[2]; });
    const auto effects = elementary_effects(f, d, y);
    REQUIRE(effects.size() == 3);
    for (const auto& e : effects) CHECK(e.size() == 20);
    const std::vector<MorrisIndex> m = morris_indices(f, d, y);
    CHECK(m[0].mu == Approx(4.0));
    CHECK(m[0].mu_star == Approx(4.0));
    CHECK(m[0].sigma == Approx(0.0).margin(1e-9));
    CHECK(m[1].mu == 0.0);
    CHECK(m[1].mu_star == 0.0);
    CHECK(m[1].sigma == 0.0);
    CHECK(m[2].sigma > 0.1);
    CHECK(m[2].mu_star == Approx(m[2].mu));  // all effects of x3 positive on [0, 1]
    CHECK(m[0].mu_star > m[2].mu_star);
    CHECK(m[2].mu_star > m[1].mu_star);
    for (double e : effects[2]) {  // up from x in {0, 1/3}: 2 x + delta; down from x in {2/3, 1}: 2 x - delta
        CHECK((std::fabs(e - 2.0 / 3) < 1e-9 || std::fabs(e - 4.0 / 3) < 1e-9));
    }
}

TEST_CASE("Morris effects of a log factor are per range of its logarithm", "[sensitivity]") {
    // f = log10(x) on [1, 1000]: three decades, so every effect is 3.
    const std::vector<Factor> f{{"rate", 1, 1000, Scale::log, {}, {}}, {"other", -1, 1, Scale::linear, {}, {}}};
    const DesignMatrix d = morris(f, {6, 4, 8, 0});
    const auto y = evaluate(d, [](std::span<const double> x) { return std::log10(x[0]); });
    const auto m = morris_indices(f, d, y);
    CHECK(m[0].mu == Approx(3.0));
    CHECK(m[0].sigma == Approx(0.0).margin(1e-9));
    CHECK(m[1].mu_star == 0.0);
}

TEST_CASE("Morris statistics reject designs that are not one at a time", "[sensitivity]") {
    const std::vector<Factor> f{{"x1", 0, 1, Scale::linear, {}, {}}, {"x2", 0, 1, Scale::linear, {}, {}}};
    DesignMatrix d = morris(f, {2, 4, 1, 0});
    std::vector<double> y(d.points, 1.0);
    CHECK_NOTHROW(morris_indices(f, d, y));
    d(1, 0) = d(0, 0) + 0.1;
    d(1, 1) = d(0, 1) + 0.1;
    CHECK_THROWS_WITH(morris_indices(f, d, y), Catch::Contains("rows 0 and 1"));
    CHECK_THROWS_AS(morris_indices(f, d, std::vector<double>(5, 1.0)), std::invalid_argument);
    const MorrisIndex single = morris_index({2.5});
    CHECK(single.mu_star == 2.5);
    CHECK(single.sigma == 0.0);
}
