// Orders slots by a random key in linear time: a stable LSD radix sort of
// (key, slot) pairs, used by the market's rebalancing (market.cpp), where a
// comparison sort of ~100,000 pairs every simulated month was half of a
// default warm-up's instructions. The result is the (key, slot)
// lexicographic order, the same as std::sort gives, so outputs do not change.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace ambassim {

struct KeyedSlot {
    std::uint64_t key;
    std::uint32_t slot;
};

// Sorts `v` by key, then slot. Preconditions: `v` is in increasing slot order
// (the sort is stable, so equal keys keep it) and every key < 2^key_bits.
inline void sort_by_key(std::vector<KeyedSlot>& v, int key_bits) {
    constexpr int kDigit = 11;
    constexpr std::size_t kBuckets = std::size_t{1} << kDigit;
    std::vector<KeyedSlot> tmp(v.size());
    for (int shift = 0; shift < key_bits; shift += kDigit) {
        std::array<std::size_t, kBuckets> start{};
        for (const auto& e : v) ++start[(e.key >> shift) & (kBuckets - 1)];
        std::size_t sum = 0;
        for (auto& s : start) {
            const std::size_t n = s;
            s = sum;
            sum += n;
        }
        for (const auto& e : v) tmp[start[(e.key >> shift) & (kBuckets - 1)]++] = e;
        v.swap(tmp);
    }
}

}  // namespace ambassim
