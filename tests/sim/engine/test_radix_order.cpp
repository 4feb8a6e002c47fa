// Tests for sim/engine/radix_order.hpp: the radix sort gives exactly the
// (key, slot) order of a comparison sort, ties and extreme keys included,
// and ordering by a draw's top 53 bits is ordering by its uniform().
#include "sim/engine/radix_order.hpp"
#include "sim/engine/rng.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <tuple>

using namespace ambassim;

namespace {
bool same_order(const std::vector<KeyedSlot>& a, const std::vector<KeyedSlot>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const KeyedSlot& x, const KeyedSlot& y) { return x.key == y.key && x.slot == y.slot; });
}
std::vector<KeyedSlot> compared(std::vector<KeyedSlot> v) {
    std::sort(v.begin(), v.end(), [](const KeyedSlot& x, const KeyedSlot& y) {
        return std::tie(x.key, x.slot) < std::tie(y.key, y.slot);
    });
    return v;
}
}  // namespace

TEST_CASE("the radix sort orders by key, then slot, as a comparison sort does", "[radix]") {
    Stream s(3, 0, 0, 0, Purpose::user);
    for (const std::uint64_t range : {std::uint64_t{5}, std::uint64_t{1} << 20, std::uint64_t{1} << 53}) {
        std::vector<KeyedSlot> v;
        for (std::uint32_t i = 0; i < 50000; i += 1 + static_cast<std::uint32_t>(s() % 3))
            v.push_back({(s() >> 11) % range, i});  // few distinct keys: many ties
        v.push_back({range - 1, 60000});
        v.push_back({0, 60001});
        const auto expected = compared(v);
        sort_by_key(v, 53);
        REQUIRE(same_order(v, expected));
    }
}

TEST_CASE("the radix sort of nothing or one element", "[radix]") {
    std::vector<KeyedSlot> none;
    sort_by_key(none, 53);
    REQUIRE(none.empty());
    std::vector<KeyedSlot> one{{42, 7}};
    sort_by_key(one, 53);
    REQUIRE((one[0].key == 42 && one[0].slot == 7));
}

TEST_CASE("the top 53 bits of a draw order as its uniform() does", "[radix][rng]") {
    std::vector<KeyedSlot> v;
    std::vector<std::pair<double, std::uint32_t>> u;
    for (std::uint32_t i = 0; i < 10000; ++i) {
        Stream a(9, 1, 5, i, Purpose::market_rebalance), b(9, 1, 5, i, Purpose::market_rebalance);
        v.push_back({a() >> 11, i});
        u.emplace_back(b.uniform(), i);
    }
    sort_by_key(v, 53);
    std::sort(u.begin(), u.end());
    for (std::size_t k = 0; k < v.size(); ++k) REQUIRE(v[k].slot == u[k].second);
}
