// Experimental designs over a parameter space (see designs.hpp).
#include "sim/runs/designs.hpp"

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/sobol.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace ambassim {

namespace {

using Engine = boost::random::mt19937_64;

[[noreturn]] void bad_factor(const Factor& f, const std::string& why) {
    throw std::invalid_argument("factor '" + f.name + "': " + why);
}

void validate_all(const std::vector<Factor>& factors, bool continuous) {
    if (factors.empty()) throw std::invalid_argument("a design needs at least one factor");
    for (const Factor& f : factors) validate_factor(f, continuous);
}

// Uniform integer in [0, n) from Boost's distribution (portable output).
std::size_t uniform_index(Engine& engine, std::size_t n) {
    return boost::random::uniform_int_distribution<std::size_t>(0, n - 1)(engine);
}

// Unit coordinate of a 64-bit Sobol value: its top 53 bits, exactly, in [0, 1).
double unit_of_bits(std::uint64_t bits) { return std::ldexp(static_cast<double>(bits >> 11), -53); }

std::size_t checked_multiply(std::size_t a, std::size_t b) {
    constexpr std::size_t limit = std::size_t{1} << 63;
    if (a != 0 && b > limit / a) throw std::overflow_error("design size exceeds 2^63 points");
    return a * b;
}

}  // namespace

void validate_factor(const Factor& f, bool continuous) {
    if (!f.values.empty()) {
        if (continuous) bad_factor(f, "an explicit value list can only be used by a grid");
        for (double v : f.values)
            if (!std::isfinite(v)) bad_factor(f, "explicit values must be finite");
        return;
    }
    if (!std::isfinite(f.lower) || !std::isfinite(f.upper)) bad_factor(f, "bounds must be finite");
    if (!(f.lower < f.upper)) bad_factor(f, "lower bound must be below the upper bound");
    if (f.scale == Scale::log && !(f.lower > 0)) bad_factor(f, "a log-scaled factor needs a lower bound above 0");
}

double from_unit(const Factor& f, double u) {
    if (u <= 0) return f.lower;
    if (u >= 1) return f.upper;
    if (f.scale == Scale::log) return f.lower * std::exp(u * std::log(f.upper / f.lower));
    return f.lower + u * (f.upper - f.lower);
}

double to_unit(const Factor& f, double x) {
    if (f.scale == Scale::log) return std::log(x / f.lower) / std::log(f.upper / f.lower);
    return (x - f.lower) / (f.upper - f.lower);
}

// ---- Full factorial grid ----------------------------------------------------

std::vector<double> grid_levels(const Factor& f, std::size_t levels) {
    validate_factor(f, false);
    if (!f.values.empty()) return f.values;
    if (levels == 0) bad_factor(f, "a grid needs at least one level");
    if (levels == 1) return {from_unit(f, 0.5)};
    std::vector<double> out(levels);
    for (std::size_t i = 0; i < levels; ++i)
        out[i] = from_unit(f, static_cast<double>(i) / static_cast<double>(levels - 1));
    return out;
}

std::size_t full_factorial_size(const std::vector<Factor>& factors, const std::vector<std::size_t>& levels) {
    if (levels.size() != factors.size()) throw std::invalid_argument("full_factorial: one level count per factor");
    validate_all(factors, false);
    std::size_t n = 1;
    for (std::size_t j = 0; j < factors.size(); ++j) {
        const std::size_t nj = factors[j].values.empty() ? levels[j] : factors[j].values.size();
        if (nj == 0) bad_factor(factors[j], "a grid needs at least one level");
        n = checked_multiply(n, nj);
    }
    return n;
}

std::size_t full_factorial_size(const std::vector<Factor>& factors, std::size_t levels) {
    return full_factorial_size(factors, std::vector<std::size_t>(factors.size(), levels));
}

DesignMatrix full_factorial(const std::vector<Factor>& factors, const std::vector<std::size_t>& levels) {
    const std::size_t n = full_factorial_size(factors, levels);
    std::vector<std::vector<double>> axes;
    for (std::size_t j = 0; j < factors.size(); ++j) axes.push_back(grid_levels(factors[j], levels[j]));
    DesignMatrix d(n, factors.size());
    std::vector<std::size_t> index(factors.size(), 0);  // odometer, last factor fastest
    for (std::size_t p = 0; p < n; ++p) {
        for (std::size_t j = 0; j < factors.size(); ++j) d(p, j) = axes[j][index[j]];
        for (std::size_t j = factors.size(); j-- > 0;) {
            if (++index[j] < axes[j].size()) break;
            index[j] = 0;
        }
    }
    return d;
}

DesignMatrix full_factorial(const std::vector<Factor>& factors, std::size_t levels) {
    return full_factorial(factors, std::vector<std::size_t>(factors.size(), levels));
}

// ---- Latin hypercube ----------------------------------------------------------

DesignMatrix latin_hypercube(const std::vector<Factor>& factors, std::size_t n, std::uint64_t seed, bool centred) {
    validate_all(factors, false);
    if (n == 0) throw std::invalid_argument("latin_hypercube: needs at least one point");
    Engine engine(seed);
    boost::random::uniform_01<double> uniform;
    DesignMatrix d(n, factors.size());
    std::vector<std::size_t> stratum(n);
    for (std::size_t j = 0; j < factors.size(); ++j) {
        std::iota(stratum.begin(), stratum.end(), std::size_t{0});
        for (std::size_t i = n; i > 1; --i) std::swap(stratum[i - 1], stratum[uniform_index(engine, i)]);
        if (const auto& levels = factors[j].values; !levels.empty()) {
            // Levels stratified: stratum s of n takes level floor(s L / n), so
            // every level holds floor(n / L) or ceil(n / L) points.
            const std::size_t L = levels.size();
            for (std::size_t p = 0; p < n; ++p) d(p, j) = levels[stratum[p] * L / n];
            continue;
        }
        for (std::size_t p = 0; p < n; ++p) {
            const double offset = centred ? 0.5 : uniform(engine);
            d(p, j) = from_unit(factors[j], (static_cast<double>(stratum[p]) + offset) / static_cast<double>(n));
        }
    }
    return d;
}

// ---- Saltelli ------------------------------------------------------------------

std::size_t saltelli_size(std::size_t n, std::size_t factors) { return checked_multiply(n, factors + 2); }

DesignMatrix saltelli(const std::vector<Factor>& factors, std::size_t n, const SaltelliOptions& options) {
    validate_all(factors, true);
    if (n == 0) throw std::invalid_argument("saltelli: needs at least one base sample");
    const std::size_t k = factors.size();
    const SaltelliLayout layout{n, k};
    DesignMatrix d(saltelli_size(n, k), k);
    boost::random::sobol sequence(2 * k);
    if (options.skip > 0) sequence.seed(options.skip);
    std::vector<std::uint64_t> shift(2 * k, 0);
    if (options.scramble) {
        Engine engine(options.seed);
        for (auto& s : shift) s = engine();
    }
    std::vector<double> u(2 * k);
    for (std::size_t j = 0; j < n; ++j) {
        for (std::size_t c = 0; c < 2 * k; ++c) u[c] = unit_of_bits(sequence() ^ shift[c]);
        for (std::size_t i = 0; i < k; ++i) {
            d(layout.a(j), i) = from_unit(factors[i], u[i]);
            d(layout.b(j), i) = from_unit(factors[i], u[k + i]);
        }
    }
    for (std::size_t i = 0; i < k; ++i)
        for (std::size_t j = 0; j < n; ++j)
            for (std::size_t c = 0; c < k; ++c)
                d(layout.ab(i, j), c) = d(c == i ? layout.b(j) : layout.a(j), c);
    return d;
}

// ---- Morris ------------------------------------------------------------------------

namespace {

// One trajectory as grid level indices: (k + 1) rows of k levels.
using Trajectory = std::vector<std::vector<std::size_t>>;

Trajectory morris_trajectory(std::size_t k, std::size_t p, Engine& engine) {
    const std::size_t jump = p / 2;  // delta in grid steps
    std::vector<std::size_t> start(k);
    std::vector<bool> up(k);
    for (std::size_t i = 0; i < k; ++i) {
        up[i] = uniform_index(engine, 2) == 1;
        start[i] = uniform_index(engine, jump) + (up[i] ? 0 : jump);
    }
    std::vector<std::size_t> order(k);
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = k; i > 1; --i) std::swap(order[i - 1], order[uniform_index(engine, i)]);
    Trajectory t{start};
    for (std::size_t s = 0; s < k; ++s) {
        std::vector<std::size_t> next = t.back();
        const std::size_t i = order[s];
        next[i] = up[i] ? next[i] + jump : next[i] - jump;
        t.push_back(std::move(next));
    }
    return t;
}

// Campolongo et al. (2007): sum of Euclidean distances between all pairs of
// points of two trajectories, in grid steps.
double trajectory_distance(const Trajectory& a, const Trajectory& b) {
    double total = 0;
    for (const auto& x : a)
        for (const auto& y : b) {
            double ss = 0;
            for (std::size_t i = 0; i < x.size(); ++i) {
                const double diff = static_cast<double>(x[i]) - static_cast<double>(y[i]);
                ss += diff * diff;
            }
            total += std::sqrt(ss);
        }
    return total;
}

// Greedy choice of r of the candidates: the most distant pair, then each time
// the candidate with the largest sum of squared distances to those chosen.
// Returns candidate indices in ascending order.
std::vector<std::size_t> select_spread(const std::vector<Trajectory>& c, std::size_t r) {
    const std::size_t m = c.size();
    std::vector<std::vector<double>> dist(m, std::vector<double>(m, 0.0));
    for (std::size_t a = 0; a < m; ++a)
        for (std::size_t b = a + 1; b < m; ++b) dist[a][b] = dist[b][a] = trajectory_distance(c[a], c[b]);
    std::vector<bool> chosen(m, false);
    std::vector<double> score(m, 0.0);  // sum of squared distances to the chosen
    auto choose = [&](std::size_t x) {
        chosen[x] = true;
        for (std::size_t y = 0; y < m; ++y) score[y] += dist[x][y] * dist[x][y];
    };
    std::size_t best_a = 0, best_b = 1;
    for (std::size_t a = 0; a < m; ++a)
        for (std::size_t b = a + 1; b < m; ++b)
            if (dist[a][b] > dist[best_a][best_b]) best_a = a, best_b = b;
    choose(best_a);
    choose(best_b);
    for (std::size_t count = 2; count < r; ++count) {
        std::size_t best = m;
        for (std::size_t x = 0; x < m; ++x)
            if (!chosen[x] && (best == m || score[x] > score[best])) best = x;
        choose(best);
    }
    std::vector<std::size_t> out;
    for (std::size_t x = 0; x < m; ++x)
        if (chosen[x]) out.push_back(x);
    return out;
}

}  // namespace

double morris_delta(std::size_t levels) {
    return static_cast<double>(levels) / (2.0 * static_cast<double>(levels - 1));
}

std::size_t morris_size(std::size_t trajectories, std::size_t factors) {
    return checked_multiply(trajectories, factors + 1);
}

DesignMatrix morris(const std::vector<Factor>& factors, const MorrisOptions& options) {
    validate_all(factors, true);
    const std::size_t k = factors.size(), p = options.levels, r = options.trajectories;
    if (r == 0) throw std::invalid_argument("morris: needs at least one trajectory");
    if (p < 2 || p % 2 != 0) throw std::invalid_argument("morris: the number of levels must be even and at least 2");
    Engine engine(options.seed);
    const std::size_t m = std::max(r, options.candidates);
    std::vector<Trajectory> candidates;
    for (std::size_t t = 0; t < m; ++t) candidates.push_back(morris_trajectory(k, p, engine));
    std::vector<std::size_t> picked(r);
    std::iota(picked.begin(), picked.end(), std::size_t{0});
    if (m > r && r >= 2) picked = select_spread(candidates, r);
    DesignMatrix d(morris_size(r, k), k);
    for (std::size_t t = 0; t < r; ++t)
        for (std::size_t s = 0; s <= k; ++s)
            for (std::size_t i = 0; i < k; ++i) {
                const double u = static_cast<double>(candidates[picked[t]][s][i]) / static_cast<double>(p - 1);
                d(t * (k + 1) + s, i) = from_unit(factors[i], u);
            }
    return d;
}

}  // namespace ambassim
