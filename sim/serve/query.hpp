// Form and query-string parsing for the server's API ("a=1&b=two"): every
// field percent-decoded, given at most once, "field=value" only. Shared by
// the classroom requests (GET query strings) and the game's (POST forms).
#pragma once

#include "sim/serve/classroom.hpp"

#include <map>
#include <string>
#include <string_view>

namespace ambassim::serve {

// The fields of `query`; malformed escapes, a field without '=' or a field
// given twice throw RequestError naming the field.
std::map<std::string, std::string> parse_query(std::string_view query);

// A finite number in [min, max] from request text (RequestError naming `field`).
double parse_number(const std::string& field, const std::string& text, double min, double max, bool integer = false);

// 1..max_bytes letters, digits, '-' or '_' (ids and tokens).
bool printable_token(const std::string& s, std::size_t max_bytes);

}  // namespace ambassim::serve
