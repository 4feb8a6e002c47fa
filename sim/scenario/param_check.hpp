// Checks of one key's value against its ParamMeta (range, finiteness,
// choices) and the number/string formatting used in messages and in the
// generated reference scenario. Shared by the TOML reader, validation and
// `ambassim params`.
#pragma once

#include "models/params.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ambassim {

// Shortest text that reads back as `v`: fixed notation for ordinary
// magnitudes ("0.15", "1000000"), scientific otherwise ("1e-06"); "nan",
// "inf", "-inf" for non-finite values.
std::string format_number(double v);
// A user's string value for a message: quoted, and cut (at a character
// boundary) after 64 bytes with "...", so a huge value cannot flood the
// one-line message. Every message that echoes a user's value uses it.
std::string shown_value(const std::string& v);
// Like format_number but always a TOML float literal ("365.0", "0.15").
std::string format_toml_float(double v);
// A TOML basic string literal with escapes: "a \"b\"".
std::string quote_string(std::string_view s);

// Inclusive integer bounds of an integer key (ParamMeta holds doubles).
std::pair<std::int64_t, std::int64_t> integer_bounds(const ParamMeta& m);
// "[0, 50]" (integer keys print integer bounds).
std::string range_text(const ParamMeta& m, bool integer);
// Whether `value` is one of the '|'-separated `choices`.
bool is_choice(const char* choices, std::string_view value);
// The '|'-separated `choices` as a list.
std::vector<std::string> choice_list(const char* choices);
// "; did you mean `x`?" for the candidate nearest `value`, or "".
std::string suggestion_for(std::string_view value, const std::vector<std::string>& candidates);
// Whether the key's values name strategies (built-in or [strategies.NAME]).
bool names_strategies(const ParamMeta& m);
// Why `name` cannot name a [strategies.NAME] table, or nullopt.
std::optional<std::string> strategy_name_problem(const std::string& name);

// nullopt if `v` is valid for `m`, otherwise the problem, e.g.
//   key `customers.churn_per_year` = -0.1 is out of range [0, 50]
//   key `customers.churn_per_year` must be finite, got nan
//   key `market.network` = "ring" is not one of well_mixed|small_world|scale_free
//   key `compare.strategies` lists "none" twice
std::optional<std::string> check_value(const ParamMeta& m, double v);
std::optional<std::string> check_value(const ParamMeta& m, std::int64_t v);
std::optional<std::string> check_value(const ParamMeta& m, std::uint64_t v);
std::optional<std::string> check_value(const ParamMeta& m, const std::string& v);
std::optional<std::string> check_value(const ParamMeta& m, bool v);
std::optional<std::string> check_value(const ParamMeta& m, const std::vector<std::string>& v);

}  // namespace ambassim
