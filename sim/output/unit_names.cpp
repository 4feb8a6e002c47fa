// Readable unit words -> standard unit strings (see unit_names.hpp). Counts of
// things (customers, needs, ticks, codes) are dimensionless ("1") with the
// thing as the label; "currency" has no standard unit and stays as it is.
#include "sim/output/unit_names.hpp"

#include <array>
#include <utility>

namespace ambassim {

UnitStrings unit_strings(const std::string& readable) {
    static const std::array<std::pair<const char*, const char*>, 17> table{{
        {"1", "1"}, {"dimensionless", "1"}, {"days", "day"}, {"tick", "1"}, {"customers", "1"}, {"people", "1"},
        {"needs", "1"}, {"employees", "1"}, {"ticks", "1"}, {"score", "1"}, {"points", "1"}, {"%", "percent"},
        {"code", "1"}, {"index", "1"}, {"flag", "1"},
        {"days, 1", ""},  // a table whose columns have different units: none for the whole
        {"", ""},
    }};
    for (const auto& [word, units] : table)
        if (readable == word) return {units, readable == "1" ? "dimensionless" : readable};
    return {readable, readable};
}

}  // namespace ambassim
