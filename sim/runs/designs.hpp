// Experimental designs over a parameter space, for parameter sweeps and
// sensitivity analysis: full factorial grids, Latin hypercubes, Saltelli
// samples (for Sobol indices) and Morris trajectories (elementary effects).
// Every design is a matrix of points in natural units (rows = points,
// columns = factors), deterministic for a given seed on any machine
// (Boost.Random engines and distributions, whose output Boost specifies),
// and its size is known without generating it (`sweep --plan`).
#pragma once

#include "sim/scenario/factor.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace ambassim {

// Throws std::invalid_argument naming the factor unless it is usable:
// explicit values finite and not empty, or finite lower < upper (lower > 0
// for a log factor). `continuous`: explicit values are rejected too.
void validate_factor(const Factor& f, bool continuous);

// Unit coordinate <-> natural value along the factor's scale.
double from_unit(const Factor& f, double u);
double to_unit(const Factor& f, double x);

// Points in natural units, row-major: value(p, j) is factor j of point p.
struct DesignMatrix {
    std::size_t points = 0;
    std::size_t factors = 0;
    std::vector<double> values;  // points * factors

    DesignMatrix() = default;
    DesignMatrix(std::size_t n_points, std::size_t n_factors)
        : points(n_points), factors(n_factors), values(n_points * n_factors) {}
    double& operator()(std::size_t p, std::size_t j) { return values[p * factors + j]; }
    double operator()(std::size_t p, std::size_t j) const { return values[p * factors + j]; }
    std::span<const double> row(std::size_t p) const { return {values.data() + p * factors, factors}; }
};

// ---- Full factorial grid ----------------------------------------------------
// Every combination of every factor's levels: its explicit values in the
// given order, otherwise `levels[j]` values evenly spaced along its scale from
// lower to upper inclusive (1 level: the centre of the scale). `levels` has
// one entry per factor (ignored for factors with explicit values); the
// overload applies one count to every factor.
// Row order: odometer order, the LAST factor varying fastest, i.e. point p has
// level index (p / (n_{j+1} ... n_{k-1})) mod n_j for factor j.
DesignMatrix full_factorial(const std::vector<Factor>& factors, const std::vector<std::size_t>& levels);
DesignMatrix full_factorial(const std::vector<Factor>& factors, std::size_t levels);
// The levels of one factor in a grid.
std::vector<double> grid_levels(const Factor& f, std::size_t levels);
// Number of grid points; throws std::overflow_error past 2^63.
std::size_t full_factorial_size(const std::vector<Factor>& factors, const std::vector<std::size_t>& levels);
std::size_t full_factorial_size(const std::vector<Factor>& factors, std::size_t levels);

// ---- Latin hypercube ----------------------------------------------------------
// n points; along every factor the unit interval is cut into n equal strata
// and each stratum holds exactly one point (at a uniform random position
// inside it, or at its centre if `centred`), strata paired across factors by
// independent random permutations. A factor with explicit values (levels,
// categorical or numeric) is stratified over its L levels instead: stratum s
// takes level floor(s L / n), so each level holds floor(n/L) or ceil(n/L)
// points (its permutation is drawn, no offsets). Engine: boost::random::mt19937_64 seeded
// with `seed`; factor by factor, a Fisher-Yates permutation then n offsets.
DesignMatrix latin_hypercube(const std::vector<Factor>& factors, std::size_t n, std::uint64_t seed,
                             bool centred = false);
inline std::size_t latin_hypercube_size(std::size_t n) { return n; }

// ---- Saltelli sampling for Sobol indices -------------------------------------
// Base samples: points of the Sobol sequence of dimension 2k (Joe-Kuo
// direction numbers, boost::random::sobol). Boost's sequence already omits
// the all-zero first point; `skip` further points are discarded (a power of
// two keeps the balance properties). Point j of the sequence gives row j of A
// (its first k coordinates) and of B (its last k). With `scramble`, every
// coordinate gets a random digital shift (XOR with a 64-bit mask per
// dimension from mt19937_64(seed)), which keeps the low-discrepancy net
// structure and makes the design depend on the seed; otherwise the seed is
// unused. n = 2^m is recommended.
struct SaltelliOptions {
    std::uint64_t seed = 0;
    bool scramble = false;
    std::uint64_t skip = 0;
};

// Row layout of a Saltelli design with n base samples and k factors,
// N (k + 2) rows in blocks of n:
//   rows [0, n)                   A
//   rows [n, 2n)                  B
//   rows [(2 + i) n, (3 + i) n)   A_B^(i): A with column i taken from B
// so row j of every block comes from the same base sample j.
struct SaltelliLayout {
    std::size_t n = 0;  // base samples
    std::size_t k = 0;  // factors
    std::size_t rows() const { return n * (k + 2); }
    std::size_t a(std::size_t j) const { return j; }
    std::size_t b(std::size_t j) const { return n + j; }
    std::size_t ab(std::size_t i, std::size_t j) const { return (2 + i) * n + j; }
};

DesignMatrix saltelli(const std::vector<Factor>& factors, std::size_t n, const SaltelliOptions& options = {});
std::size_t saltelli_size(std::size_t n, std::size_t factors);

// ---- Morris elementary effects -------------------------------------------------
// r trajectories on the p-level grid {0, 1/(p-1), ..., 1} of unit coordinates
// (p even), step delta = p / (2 (p - 1)) (Morris 1991). A trajectory starts
// at a random grid point from which every factor can move by delta in a
// random direction (+ or -), then moves the factors one at a time in a random
// order: k + 1 points, consecutive points differing in exactly one factor by
// +-delta in unit coordinates. Each grid level is equally likely over the
// trajectory points. With candidates > r, r trajectories are picked from that
// many greedily to maximise their spread (Campolongo et al. 2007 distance:
// the sum of Euclidean distances between all pairs of their points; cost
// grows as candidates^2 (k + 1)^2 k, so keep candidates in the hundreds).
// Row order: trajectory t occupies rows [t (k + 1), (t + 1) (k + 1)), its
// starting point first. Engine: boost::random::mt19937_64 seeded with `seed`.
struct MorrisOptions {
    std::size_t trajectories = 10;  // r
    std::size_t levels = 4;         // p, even, >= 2
    std::uint64_t seed = 0;
    std::size_t candidates = 0;     // 0 or <= r: no selection
};

DesignMatrix morris(const std::vector<Factor>& factors, const MorrisOptions& options = {});
std::size_t morris_size(std::size_t trajectories, std::size_t factors);
double morris_delta(std::size_t levels);

}  // namespace ambassim
