// Tests for models/networks.hpp: unit layout, organisation network structure
// and referral networks (degree, symmetry, no self-loops, determinism).
#include "models/networks.hpp"

#include <boost/random/mersenne_twister.hpp>
#include <catch2/catch.hpp>

#include <algorithm>

using namespace ambassim;

namespace {
bool symmetric_simple(const Csr& g) {
    for (std::size_t v = 0; v < g.vertices(); ++v)
        for (auto k = g.offsets[v]; k < g.offsets[v + 1]; ++k) {
            const auto u = g.targets[k];
            if (u == v) return false;
            if (k > g.offsets[v] && g.targets[k - 1] >= u) return false;  // sorted, no duplicates
            const auto b = g.targets.begin() + static_cast<std::ptrdiff_t>(g.offsets[u]);
            const auto e = g.targets.begin() + static_cast<std::ptrdiff_t>(g.offsets[u + 1]);
            if (!std::binary_search(b, e, static_cast<std::uint32_t>(v))) return false;
        }
    return true;
}
}  // namespace

TEST_CASE("edges_to_csr drops self-loops and duplicates and stores both directions", "[networks]") {
    const Csr g = edges_to_csr(4, {{0, 1}, {1, 0}, {2, 2}, {1, 3}, {0, 1}});
    CHECK(g.offsets == std::vector<std::uint64_t>{0, 1, 3, 3, 4});
    CHECK(g.targets == std::vector<std::uint32_t>{1, 0, 3, 1});
    CHECK(symmetric_simple(g));
}

TEST_CASE("units get contiguous ranges with every role present", "[networks]") {
    OrganisationParams o;
    o.employees = 103;
    o.units = 4;
    const auto units = layout_units(o);
    REQUIRE(units.size() == 4);
    CHECK(units.front().begin == 0);
    CHECK(units.back().end == 103);
    for (std::size_t u = 0; u < units.size(); ++u) {
        CHECK(units[u].begin < units[u].managers_end);
        CHECK(units[u].managers_end < units[u].front_line_end);
        CHECK(units[u].front_line_end <= units[u].end);
        if (u) CHECK(units[u].begin == units[u - 1].end);
    }
    CHECK(units[0].managers_end - units[0].begin == 3);      // round(25 * 0.1)
    CHECK(units[0].front_line_end - units[0].managers_end == 15);  // round(25 * 0.6)
}

TEST_CASE("organisation network: managers lead teams inside their unit", "[networks]") {
    OrganisationParams o;
    o.employees = 200;
    o.units = 2;
    const auto units = layout_units(o);
    std::vector<std::uint32_t> manager;
    boost::random::mt19937 rng(5);
    const Csr g = build_org_network(o, units, manager, rng);
    CHECK(g.vertices() == 200);
    CHECK(symmetric_simple(g));
    for (const auto& u : units)
        for (std::uint32_t i = u.begin; i < u.end; ++i) {
            const auto m = manager[i];
            CHECK(m >= u.begin);
            CHECK(m < u.managers_end);  // a manager of the same unit
            if (i >= u.managers_end) {  // tied to their manager; all ties inside the unit
                const auto b = g.targets.begin() + static_cast<std::ptrdiff_t>(g.offsets[i]);
                const auto e = g.targets.begin() + static_cast<std::ptrdiff_t>(g.offsets[i + 1]);
                CHECK(std::binary_search(b, e, m));
                CHECK(std::all_of(b, e, [&](std::uint32_t j) { return j >= u.begin && j < u.end; }));
            }
        }
    CHECK(static_cast<double>(g.targets.size()) / 200 > o.peer_ties);  // peers + manager ties
}

TEST_CASE("referral networks have the requested mean degree", "[networks]") {
    MarketParams m;
    m.mean_degree = 10;
    boost::random::mt19937 rng(7);
    SECTION("small world") {
        m.network = "small_world";
        const Csr g = build_referral_network(m, 5000, rng);
        CHECK(symmetric_simple(g));
        CHECK(static_cast<double>(g.targets.size()) / 5000 == Approx(10).margin(0.2));
    }
    SECTION("scale free has hubs") {
        m.network = "scale_free";
        const Csr g = build_referral_network(m, 5000, rng);
        CHECK(symmetric_simple(g));
        CHECK(static_cast<double>(g.targets.size()) / 5000 == Approx(10).margin(0.3));
        std::size_t max_degree = 0;
        for (std::size_t v = 0; v < 5000; ++v) max_degree = std::max(max_degree, g.degree(v));
        CHECK(max_degree > 60);
    }
    SECTION("well mixed has no ties") {
        m.network = "well_mixed";
        const Csr g = build_referral_network(m, 100, rng);
        CHECK(g.vertices() == 100);
        CHECK(g.targets.empty());
    }
}

TEST_CASE("network generation is deterministic for a given engine state", "[networks]") {
    MarketParams m;
    boost::random::mt19937 a(3), b(3);
    CHECK(build_referral_network(m, 2000, a).targets == build_referral_network(m, 2000, b).targets);
}
