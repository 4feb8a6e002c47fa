// Formats a statistic for people: 0-1 states with 3 decimals, scores and
// percentages with 1, counts and money as whole numbers with thousands
// separators.
#pragma once

#include <string>

namespace ambassim {

std::string format_value(double v, const std::string& units);

// A duration for people: "45s", "12m05s", "3h07m" (rounded to the second).
std::string format_duration(double seconds);

}  // namespace ambassim
