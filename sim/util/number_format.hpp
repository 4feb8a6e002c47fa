// Formats numbers for people: 0-1 states with 3 decimals, scores and
// percentages with 1, counts (customers, employees, days) and money as whole
// numbers with thousands separators ("9,926", never "9926" or "59.67
// employees"), quantities with grammatical singulars ("1 customer").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ambassim {

// The number alone, in the precision its units call for.
std::string format_value(double v, const std::string& units);
// Whole number with thousands separators ("-1,234"; "0", never "-0").
std::string format_count(double v);
// With a sign ("+312", "-2.7", "+0").
std::string format_signed(double v, const std::string& units);
// The number with its units in words: "312 customers", "1 customer",
// "2.7 points", "12.3 percentage points" (units "%"), "45,000 EUR" (units
// "currency", named by `currency`; "" = "currency units"), "0.031" (units "1").
std::string format_quantity(double v, const std::string& units, const std::string& currency = "", bool sign = false);
// Units as a column header or axis label: "customers", "EUR", "%".
std::string units_label(const std::string& units, const std::string& currency = "");
// Whether values in these units are counted (whole people, days) or money.
bool whole_units(const std::string& units);

// A dataset shape in messages: "[3 x 30]".
std::string shape_text(const std::vector<std::uint64_t>& dims);

// A duration for people: "45s", "12m05s", "3h07m" (rounded to the second).
std::string format_duration(double seconds);

}  // namespace ambassim
