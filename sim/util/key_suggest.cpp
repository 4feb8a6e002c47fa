// Edit distance and nearest-name search for "did you mean" suggestions.
#include "sim/util/key_suggest.hpp"

#include <algorithm>
#include <limits>
#include <tuple>

namespace ambassim {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    const std::size_t n = a.size(), m = b.size();
    // Three rows suffice for the transposition rule.
    std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                cur[j] = std::min(cur[j], prev2[j - 2] + 1);
        }
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[m];
}

namespace {

std::size_t close_enough(std::size_t length) { return std::max<std::size_t>(2, length / 4); }

std::size_t length_gap(std::string_view a, std::string_view b) {
    return a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
}

std::pair<std::string_view, std::string_view> split_last(std::string_view name) {
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos) return {std::string_view{}, name};
    return {name.substr(0, dot), name.substr(dot + 1)};
}

}  // namespace

std::string nearest_name(std::string_view name, const std::vector<std::string>& candidates) {
    const auto [section, leaf] = split_last(name);
    const bool bare = section.empty();
    // Rank: (tier, distance, index); lower is better.
    constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
    std::tuple<std::size_t, std::size_t, std::size_t> best{none, none, none};
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const std::string_view c = candidates[i];
        const auto [csection, cleaf] = split_last(c);
        const bool same_section = section == csection;
        auto consider = [&](std::size_t tier, std::size_t distance) {
            best = std::min(best, std::tuple{tier, distance, i});
        };
        // The distance is at least the difference in length: skip hopeless
        // pairs, so a huge name cannot make this quadratic search slow.
        if (length_gap(name, c) <= close_enough(name.size())) {
            const std::size_t full = edit_distance(name, c);
            if (full <= close_enough(name.size())) consider(0, full);
        }
        if ((same_section || bare) && length_gap(leaf, cleaf) <= close_enough(leaf.size())) {
            const std::size_t d = edit_distance(leaf, cleaf);
            if (d <= close_enough(leaf.size())) consider(0, d);
        }
        if (!same_section && leaf == cleaf) consider(1, 0);
        if ((same_section || bare) && leaf.size() >= 3 && cleaf.size() > leaf.size() &&
            cleaf.substr(0, leaf.size()) == leaf)
            consider(2, cleaf.size() - leaf.size());
    }
    if (std::get<0>(best) == none) return {};
    return candidates[std::get<2>(best)];
}

}  // namespace ambassim
