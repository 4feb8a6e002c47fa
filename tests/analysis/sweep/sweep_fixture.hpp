// Synthetic sweep files for the tests of `ambassim analyze`: a sweep.h5
// laid out as docs/sweep-format.md says, written with H5Output, whose
// outcomes are known functions of the design points, so the analysis has
// exact answers. Shared by tests/analysis/test_sweep_analysis.cpp and the
// e2e helper tests/e2e/make_sweep_fixture.cpp (one code path for the layout).
#pragma once

#include "sim/runs/designs.hpp"
#include "sim/output/hdf5_file.hpp"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace ambassim::fixture {

inline constexpr double pi = 3.14159265358979323846;

struct Metric {
    std::string outcome, metric;
    bool higher_is_better = true;
    // value of strategy s, replicate r at design point x
    std::function<double(std::size_t s, std::size_t r, std::span<const double> x)> f;
};

struct Sweep {
    std::string format = "ambassim-sweep";
    std::int64_t complete = 1;
    std::string design;
    std::vector<Factor> factors;
    DesignMatrix matrix;
    std::vector<std::string> strategies;
    std::size_t replicates = 1;
    std::size_t saltelli_n = 0, morris_levels = 0, morris_trajectories = 0;
    std::vector<Metric> metrics;
};

inline void write(const std::filesystem::path& path, const Sweep& s) {
    H5Output out(path, true);
    const std::size_t P = s.matrix.points, k = s.factors.size(), S = s.strategies.size(), R = s.replicates;
    out.set_attribute("/", "format", s.format);
    out.set_attribute("/", "design", s.design);
    out.set_attribute("/", "points", static_cast<std::int64_t>(P));
    out.set_attribute("/", "replicates", static_cast<std::int64_t>(R));
    if (s.design == "saltelli") out.set_attribute("/", "saltelli_base_samples", static_cast<std::int64_t>(s.saltelli_n));
    if (s.design == "morris") {
        out.set_attribute("/", "morris_levels", static_cast<std::int64_t>(s.morris_levels));
        out.set_attribute("/", "morris_trajectories", static_cast<std::int64_t>(s.morris_trajectories));
    }
    out.set_attribute("/", "complete", s.complete);
    std::vector<std::string> names, scales;
    std::vector<double> lower, upper;
    for (const Factor& f : s.factors) {
        names.push_back(f.name);
        const bool values = !f.values.empty();
        scales.push_back(values ? "values" : f.scale == Scale::log ? "log" : "linear");
        lower.push_back(values ? std::nan("") : f.lower);
        upper.push_back(values ? std::nan("") : f.upper);
    }
    out.write_strings("/design/factors", names, {"", "scenario keys", {"factor"}});
    out.write("/design/lower", lower, {k}, {"", "lower bounds", {"factor"}});
    out.write("/design/upper", upper, {k}, {"", "upper bounds", {"factor"}});
    out.write_strings("/design/scale", scales, {"", "scales", {"factor"}});
    out.write("/design/matrix", s.matrix.values, {P, k}, {"", "factor values", {"point", "factor"}});
    out.write_strings("/strategies", s.strategies, {"", "strategies", {"strategy"}});
    for (const Metric& m : s.metrics) {
        std::vector<double> v(P * S * R);
        for (std::size_t p = 0; p < P; ++p)
            for (std::size_t st = 0; st < S; ++st)
                for (std::size_t r = 0; r < R; ++r) v[(p * S + st) * R + r] = m.f(st, r, s.matrix.row(p));
        const std::string ds = "/outcomes/" + m.outcome + "/" + m.metric;
        out.write(ds, v, {P, S, R}, {"1", "synthetic outcome", {"point", "strategy", "replicate"}});
        out.set_attribute(ds, "higher_is_better", std::int64_t{m.higher_is_better ? 1 : 0});
    }
    out.commit();
}

// ---- Saltelli: Ishigami ------------------------------------------------------
inline constexpr double ishigami_a = 7, ishigami_b = 0.1;

inline double ishigami(std::span<const double> x) {
    const double s = std::sin(x[0]), t = std::sin(x[1]);
    return s + ishigami_a * t * t + ishigami_b * std::pow(x[2], 4) * s;
}

// Strategy A = Ishigami(x) + 0.25 or - 0.25 (replicates 0, 1); strategy B =
// +0.5 or -0.5, whose replicate mean is exactly 0 everywhere (a constant
// target). So the mean of A - B is Ishigami(x).
inline Sweep ishigami_sweep(std::size_t n) {
    Sweep s;
    s.design = "saltelli";
    s.factors = {{"x1", -pi, pi, Scale::linear, {}, {}}, {"x2", -pi, pi, Scale::linear, {}, {}}, {"x3", -pi, pi, Scale::linear, {}, {}}};
    s.matrix = saltelli(s.factors, n);
    s.strategies = {"A", "B"};
    s.replicates = 2;
    s.saltelli_n = n;
    s.metrics.push_back({"y", "value", true, [](std::size_t st, std::size_t r, std::span<const double> x) {
                             const double sign = r == 0 ? 1 : -1;
                             return st == 0 ? ishigami(x) + 0.25 * sign : 0.5 * sign;
                         }});
    return s;
}

// ---- Morris: linear in x1, log x2 and x3 --------------------------------------------
// A - B = 3 x1 + 2 ln(x2) - 0.5 x3 with x1 in [0, 2], x2 in [1, 100] (log),
// x3 in [10, 20]: every effect per whole range is exact: mu* = 6, 2 ln 100,
// 5; mu = 6, 2 ln 100, -5; sigma = 0. B alone is constant in x.
inline double morris_linear(std::span<const double> x) { return 3 * x[0] + 2 * std::log(x[1]) - 0.5 * x[2]; }

inline Sweep morris_sweep(std::size_t trajectories) {
    Sweep s;
    s.design = "morris";
    s.factors = {{"x1", 0, 2, Scale::linear, {}, {}}, {"x2", 1, 100, Scale::log, {}, {}}, {"x3", 10, 20, Scale::linear, {}, {}}};
    s.matrix = morris(s.factors, {trajectories, 4, 11, 0});
    s.strategies = {"A", "B"};
    s.replicates = 2;
    s.morris_levels = 4;
    s.morris_trajectories = trajectories;
    s.metrics.push_back({"y", "value", true, [](std::size_t st, std::size_t r, std::span<const double> x) {
                             return (st == 0 ? morris_linear(x) : 0.0) + 0.1 * static_cast<double>(r);
                         }});
    return s;
}

// ---- Grid: A wins in one region, B in another, ties elsewhere ------------------------
// Factors a in {0, 1, 2, 3}, b in {10, 20, 30} (explicit values). Per
// replicate r = 0..2, A - B is:
//   a >= 2 and b <= 20 : 1 + 0.01 r        (A decisively better)
//   a == 0             : -1 + 0.01 r       (B decisively better)
//   a == 1 and b == 30 : +1, -0.5, +0.2    (A ahead on average, CI spans 0: a tie)
//   otherwise          : 0                 (identical: a tie)
// "score/horizon" is higher-is-better; "loss/total" is lower-is-better with
// A - B negated, so the same strategy wins at the same points.
inline double grid_advantage(std::size_t r, std::span<const double> x) {
    const long a = std::lround(x[0]), b = std::lround(x[1]);
    const double rr = static_cast<double>(r);
    if (a >= 2 && b <= 20) return 1 + 0.01 * rr;
    if (a == 0) return -1 + 0.01 * rr;
    if (a == 1 && b == 30) return r == 0 ? 1.0 : r == 1 ? -0.5 : 0.2;
    return 0;
}
// "A", "B" or "tie" at a grid point.
inline std::string grid_winner(double x_a, double x_b) {
    const long a = std::lround(x_a), b = std::lround(x_b);
    if (a >= 2 && b <= 20) return "A";
    if (a == 0) return "B";
    return "tie";
}

inline Sweep grid_sweep() {
    Sweep s;
    s.design = "grid";
    s.factors = {{"a", 0, 3, Scale::linear, {}, {}}, {"b", 0, 0, Scale::linear, {10, 20, 30}, {}}};
    s.matrix = full_factorial(s.factors, std::vector<std::size_t>{4, 0});
    s.strategies = {"A", "B"};
    s.replicates = 3;
    s.metrics.push_back({"score", "horizon", true, [](std::size_t st, std::size_t r, std::span<const double> x) {
                             const double base = x[0] + x[1] / 10 + 0.1 * static_cast<double>(r);
                             return base + (st == 0 ? grid_advantage(r, x) : 0.0);
                         }});
    s.metrics.push_back({"loss", "total", false, [](std::size_t st, std::size_t r, std::span<const double> x) {
                             const double base = 10 + 0.1 * static_cast<double>(r);
                             return base - (st == 0 ? grid_advantage(r, x) : 0.0);
                         }});
    return s;
}

// ---- Grids with real names: 1 or 3 factors, three strategies ------------------------------
// For the figure paths of sweep_report.py (line plot; heatmap averaged over
// the third factor) and the key pair engagement_first - ambassadorship_first.
// nps: engagement_first ahead when churn is low, ambassadorship_first when
// high; churned (lower is better) mirrors it.
inline Sweep named_grid_sweep(std::size_t factors, std::size_t strategies = 3) {
    Sweep s;
    s.design = "grid";
    s.factors = {{"customers.churn_per_year", 0.1, 0.5, Scale::linear, {}, {}},
                 {"programs.career_gain_per_year", 0.1, 1.0, Scale::log, {}, {}},
                 {"organisation.units", 0, 0, Scale::linear, {2, 4}, {}}};
    s.factors.resize(factors);
    s.matrix = full_factorial(s.factors, std::vector<std::size_t>(factors, 5));
    const std::vector<std::string> names{"none", "engagement_first", "ambassadorship_first"};
    s.strategies.assign(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(strategies));
    s.replicates = 3;
    const auto nps = [](std::size_t st, std::size_t r, std::span<const double> x) {
        const double noise = 0.05 * static_cast<double>(r), churn = x[0];
        return st == 0 ? 10 + noise : st == 1 ? 20 - 30 * churn + noise * 1.1 : 20 - 30 * (0.6 - churn) + noise;
    };
    s.metrics.push_back({"nps", "horizon", true, nps});
    s.metrics.push_back({"churned", "total", false, [nps](std::size_t st, std::size_t r, std::span<const double> x) {
                             return 100 - nps(st, r, x);
                         }});
    return s;
}

// ---- Latin hypercube: A - B = exp(3 u), v irrelevant -----------------------------------------
inline Sweep lhs_sweep(std::size_t n) {
    Sweep s;
    s.design = "latin_hypercube";
    s.factors = {{"u", 0, 1, Scale::linear, {}, {}}, {"v", 0, 1, Scale::linear, {}, {}}};
    s.matrix = latin_hypercube(s.factors, n, 5);
    s.strategies = {"A", "B"};
    s.replicates = 2;
    s.metrics.push_back({"y", "value", true, [](std::size_t st, std::size_t r, std::span<const double> x) {
                             return (st == 0 ? std::exp(3 * x[0]) + 0.01 * static_cast<double>(r) : 0.0) + x[1];
                         }});
    return s;
}

}  // namespace ambassim::fixture
