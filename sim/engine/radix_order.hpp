// Orders slots by a random key in linear time: a stable LSD radix sort of
// (key, slot) pairs, used by the market's rebalancing (market.cpp), where a
// comparison sort of ~100,000 pairs every simulated month was half of a
// default warm-up's instructions. The result is the (key, slot)
// lexicographic order, the same as std::sort gives, so outputs do not change.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace ambassim {

struct KeyedSlot {
    std::uint64_t key;
    std::uint32_t slot;
};

// Sorts `v` by key, then slot. Preconditions: `v` is in increasing slot order
// (the sort is stable, so equal keys keep it) and every key < 2^key_bits,
// key_bits <= 66.
inline void sort_by_key(std::vector<KeyedSlot>& v, int key_bits) {
    constexpr int kDigit = 11, kMaxPasses = 6;  // up to 66-bit keys
    constexpr std::size_t kBuckets = std::size_t{1} << kDigit;
    const int passes = std::min(kMaxPasses, (key_bits + kDigit - 1) / kDigit);
    // Every pass's bucket sizes, counted in one read of the keys.
    std::vector<std::array<std::size_t, kBuckets>> start(static_cast<std::size_t>(passes));
    for (auto& s : start) s.fill(0);
    for (const auto& e : v)
        for (int p = 0; p < passes; ++p) ++start[static_cast<std::size_t>(p)][(e.key >> (kDigit * p)) & (kBuckets - 1)];
    std::vector<KeyedSlot> tmp(v.size());
    for (int p = 0; p < passes; ++p) {
        auto& s = start[static_cast<std::size_t>(p)];
        std::size_t sum = 0;
        for (auto& b : s) {
            const std::size_t n = b;
            b = sum;
            sum += n;
        }
        for (const auto& e : v) tmp[s[(e.key >> (kDigit * p)) & (kBuckets - 1)]++] = e;
        v.swap(tmp);
    }
}

}  // namespace ambassim
