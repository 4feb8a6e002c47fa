// Units of a dataset as two attributes: `units`, a string that units libraries
// (UDUNITS-2, pint, cf-units) parse where one exists ("1", "day", "percent"),
// and `units_label`, the readable word the writer gave ("customers", "days").
// The writers keep passing the readable word; this is the one place that maps
// it, so every file kind gets the same units.
#pragma once

#include <string>

namespace ambassim {

struct UnitStrings {
    std::string units;  // machine-readable; a readable word with no standard unit is kept as it is
    std::string label;  // readable
};

UnitStrings unit_strings(const std::string& readable);

}  // namespace ambassim
