// One parameter a sweep file varies (docs/sweep-format.md): its key and its
// range or explicit levels. A plain value type shared by the sweep file
// reader (sim/scenario) and the designs that sample it (sim/runs/designs.hpp).
#pragma once

#include <string>
#include <vector>

namespace ambassim {

enum class Scale { linear, log };

// One parameter varied by a design. Continuous designs (Latin hypercube,
// Saltelli, Morris) map a unit coordinate u in [0, 1] to lower + u (upper -
// lower), or for a log factor to lower (upper / lower)^u (lower > 0).
// `values`, when not empty, is an explicit list of levels (lower, upper and
// scale are then ignored) that a grid crosses and a Latin hypercube
// stratifies; Saltelli and Morris designs reject such a factor.
// `labels`, when not empty, makes the factor categorical: its levels are
// names (an enum key's choices, strings, booleans, scenario files), `values`
// holds their indices 0 .. n-1 and the design matrix records the index.
struct Factor {
    std::string name;  // scenario key, e.g. "customers.churn_per_year" ("base": the scenario file)
    double lower = 0;
    double upper = 1;
    Scale scale = Scale::linear;
    std::vector<double> values;
    std::vector<std::string> labels;

    bool categorical() const { return !labels.empty(); }
    // The level name of a matrix value (an index) of a categorical factor.
    const std::string& label(double index) const { return labels.at(static_cast<std::size_t>(index)); }
};

}  // namespace ambassim
