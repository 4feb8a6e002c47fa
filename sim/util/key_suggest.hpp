// "Did you mean ...?" suggestions for misspelt keys, sections and commands.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ambassim {

// Optimal-string-alignment edit distance (insertions, deletions,
// substitutions and transpositions of adjacent characters count 1 each).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `name`, or "" if none is close. Names may be
// dotted ("customers.churn_per_year"); a candidate is close if the whole name
// is within max(2, length/4) edits, or the last component is (within the same
// section, or anywhere when `name` has no section), or the last component
// matches exactly in another section, or is a prefix of the candidate's.
// Ties go to the earlier candidate.
std::string nearest_name(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace ambassim
