// Network generators, built with Boost.Graph and flattened to CSR for the
// hot loop: the organisation network (teams under managers, ring lattices of
// peers with cross-team rewiring inside a unit, ties among a unit's managers)
// and the customers' referral network (small-world via Boost's Watts-Strogatz
// generator, or Barabasi-Albert preferential attachment). Generic over the
// random engine so the engine's counter-based streams drive them.
#pragma once

#include "models/agents.hpp"
#include "models/params.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/small_world_generator.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace ambassim {

using Edge = std::pair<std::uint32_t, std::uint32_t>;

// Undirected edge list -> CSR with both directions, no self-loops, no duplicates.
inline Csr edges_to_csr(std::size_t n, const std::vector<Edge>& edges) {
    Csr g;
    g.offsets.assign(n + 1, 0);
    for (auto [u, v] : edges)
        if (u != v) ++g.offsets[u + 1], ++g.offsets[v + 1];
    for (std::size_t i = 0; i < n; ++i) g.offsets[i + 1] += g.offsets[i];
    g.targets.resize(g.offsets[n]);
    std::vector<std::uint64_t> fill(g.offsets.begin(), g.offsets.end() - 1);
    for (auto [u, v] : edges)
        if (u != v) g.targets[fill[u]++] = v, g.targets[fill[v]++] = u;
    // Sort and deduplicate every row, then compact.
    std::uint64_t out = 0;
    for (std::size_t i = 0; i < n; ++i) {
        auto b = g.targets.begin() + static_cast<std::ptrdiff_t>(g.offsets[i]);
        auto e = g.targets.begin() + static_cast<std::ptrdiff_t>(g.offsets[i + 1]);
        std::sort(b, e);
        auto last = std::unique(b, e);
        g.offsets[i] = out;
        for (auto it = b; it != last; ++it) g.targets[out++] = *it;
    }
    g.offsets[n] = out;
    g.targets.resize(out);
    g.targets.shrink_to_fit();
    return g;
}

// Where each unit's employees sit: [begin, end) index ranges by role.
struct UnitLayout {
    std::uint32_t begin, managers_end, front_line_end, end;  // managers, front line, back office
};

// Splits `employees` over units (as evenly as possible) and roles (by share,
// at least one manager and one front-line employee per unit).
inline std::vector<UnitLayout> layout_units(const OrganisationParams& o) {
    std::vector<UnitLayout> units(static_cast<std::size_t>(o.units));
    const auto E = static_cast<std::uint64_t>(o.employees), U = static_cast<std::uint64_t>(o.units);
    for (std::uint64_t u = 0; u < U; ++u) {
        const auto b = static_cast<std::uint32_t>(E * u / U), e = static_cast<std::uint32_t>(E * (u + 1) / U);
        const std::uint32_t n = e - b;
        auto managers = static_cast<std::uint32_t>(std::max(1.0, std::round(n * o.manager_share)));
        auto front = static_cast<std::uint32_t>(std::max(1.0, std::round(n * o.front_line_share)));
        managers = std::min(managers, n - 1);
        front = std::min(front, n - managers);
        units[u] = {b, b + managers, b + managers + front, e};
    }
    return units;
}

// The organisation network plus each employee's manager. Non-managers of a
// unit are dealt round-robin into teams, one per manager; inside a team,
// peers form a ring lattice of `peer_ties` neighbours whose ties are rewired
// to a random employee elsewhere in the unit with cross_team_tie_share.
template <class Engine>
Csr build_org_network(const OrganisationParams& o, const std::vector<UnitLayout>& units,
                      std::vector<std::uint32_t>& manager_of, Engine& rng) {
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
    const auto E = static_cast<std::size_t>(o.employees);
    Graph g(E);
    manager_of.assign(E, 0);
    boost::random::uniform_01<double> coin;
    const int half_ring = std::max(0, static_cast<int>(std::lround(o.peer_ties / 2)));
    for (const auto& u : units) {
        const std::uint32_t n_mgr = u.managers_end - u.begin;
        std::vector<std::vector<std::uint32_t>> teams(n_mgr);
        for (std::uint32_t m = u.begin; m < u.managers_end; ++m) {
            manager_of[m] = m;
            if (m + 1 < u.managers_end) boost::add_edge(m, m + 1, g);  // managers of a unit know each other
        }
        for (std::uint32_t i = u.managers_end; i < u.end; ++i) {
            const std::uint32_t m = u.begin + (i - u.managers_end) % n_mgr;
            manager_of[i] = m;
            teams[m - u.begin].push_back(i);
            boost::add_edge(i, m, g);
        }
        boost::random::uniform_int_distribution<std::uint32_t> anyone(u.begin, u.end - 1);
        for (const auto& team : teams) {
            const auto n = team.size();
            for (std::size_t k = 0; k < n; ++k)
                for (int d = 1; d <= half_ring && static_cast<std::size_t>(d) < n; ++d) {
                    std::uint32_t target = team[(k + static_cast<std::size_t>(d)) % n];
                    if (coin(rng) < o.cross_team_tie_share) target = anyone(rng);
                    if (target != team[k]) boost::add_edge(team[k], target, g);
                }
        }
    }
    std::vector<Edge> edges;
    edges.reserve(boost::num_edges(g));
    for (auto [it, end] = boost::edges(g); it != end; ++it)
        edges.emplace_back(static_cast<std::uint32_t>(boost::source(*it, g)),
                           static_cast<std::uint32_t>(boost::target(*it, g)));
    return edges_to_csr(E, edges);
}

// Referral ties among n people. small_world: Boost's Watts-Strogatz
// generator (ring lattice of mean_degree, rewired with rewire_probability);
// scale_free: Barabasi-Albert attachment of mean_degree/2 ties per newcomer;
// well_mixed: no ties (exposure is the population share instead).
template <class Engine>
Csr build_referral_network(const MarketParams& m, std::size_t n, Engine& rng) {
    std::vector<Edge> edges;
    const NetworkKind kind = network_kind(m.network);
    if (kind == NetworkKind::small_world && n > 2) {
        using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
        using SW = boost::small_world_iterator<Engine, Graph>;
        const auto k = static_cast<std::size_t>(std::max(2.0, std::round(m.mean_degree / 2) * 2));
        edges.reserve(n * k / 2);
        for (SW it(rng, n, std::min(k, n - 1), m.rewire_probability, false), end; it != end; ++it)
            edges.emplace_back(static_cast<std::uint32_t>(it->first), static_cast<std::uint32_t>(it->second));
    } else if (kind == NetworkKind::scale_free && n > 2) {
        const auto per = static_cast<std::size_t>(std::max(1.0, std::round(m.mean_degree / 2)));
        std::vector<std::uint32_t> ends;  // every tie end once: sampling it is preferential attachment
        ends.reserve(2 * n * per);
        const std::size_t seed_nodes = std::min(n, per + 1);
        for (std::uint32_t a = 0; a < seed_nodes; ++a)
            for (std::uint32_t b = a + 1; b < seed_nodes; ++b) {
                edges.emplace_back(a, b);
                ends.push_back(a);
                ends.push_back(b);
            }
        for (auto v = static_cast<std::uint32_t>(seed_nodes); v < n; ++v) {
            for (std::size_t j = 0; j < per; ++j) {
                boost::random::uniform_int_distribution<std::size_t> pick(0, ends.size() - 1);
                const std::uint32_t t = ends[pick(rng)];
                edges.emplace_back(v, t);
                ends.push_back(t);
            }
            for (std::size_t j = 0; j < per; ++j) ends.push_back(v);
        }
    } else {
        Csr empty;
        empty.offsets.assign(n + 1, 0);
        return empty;
    }
    return edges_to_csr(n, edges);
}

}  // namespace ambassim
