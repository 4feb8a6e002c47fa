// Sets one real-valued parameter by its scenario key (free parameters of a
// calibration, uncertain parameters of a robust plan): typed, through
// visit_params, never by text.
#pragma once

#include "models/params.hpp"

#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace ambassim {

inline void set_parameter(Params& p, const std::string& key, double value) {
    bool found = false;
    visit_params(p, [&](auto& field, const ParamMeta& meta) {
        if constexpr (std::is_same_v<std::remove_reference_t<decltype(field)>, double>)
            if (key == meta.key) field = value, found = true;
    });
    if (!found) throw std::invalid_argument("no real-valued parameter `" + key + "`");
}

inline double get_parameter(const Params& p, const std::string& key) {
    double out = 0;
    bool found = false;
    visit_params(p, [&](const auto& field, const ParamMeta& meta) {
        if constexpr (std::is_same_v<std::remove_cvref_t<decltype(field)>, double>)
            if (key == meta.key) out = field, found = true;
    });
    if (!found) throw std::invalid_argument("no real-valued parameter `" + key + "`");
    return out;
}

}  // namespace ambassim
