// A small JSON writer for the classroom API: strings escaped, non-finite
// numbers written as null (JSON has no NaN). Output only: requests are query
// strings, never parsed JSON.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ambassim::serve {

std::string json_string(std::string_view s);
std::string json_number(double v);  // 6 significant digits; null if not finite
std::string json_array(const std::vector<double>& v);

}  // namespace ambassim::serve
