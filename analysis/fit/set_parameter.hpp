// Sets the free parameters of a calibration (or the uncertain parameters of a
// robust plan) at one point of their ranges, through the scenario's one
// typed write path (make_assignment + assign: range and cross-field checks,
// provenance). Not a fast path: an evaluation runs whole simulations, next to
// which one assign() (a scenario copy and one validation) costs nothing.
#pragma once

#include "analysis/fit/targets.hpp"
#include "sim/scenario/assignment.hpp"
#include "sim/scenario/param_check.hpp"
#include "sim/util/text_input.hpp"

#include <string>
#include <vector>

namespace ambassim {

// values[j] for params[j]; errors name `file` (may be empty), the line of the
// parameter's range and its value, e.g. "t.toml:9: parameter
// `customers.churn_per_year` = 0.3: <problem>".
inline void set_parameters(Scenario& s, const std::vector<FreeParameter>& params, const std::vector<double>& values,
                           const std::string& file) {
    std::vector<Assignment> changes;
    changes.reserve(params.size());
    for (std::size_t j = 0; j < params.size(); ++j) {
        Assignment a = make_assignment(params[j].key, values.at(j));
        std::string where = printable(file, 200);
        if (params[j].line > 0) where += (where.empty() ? "line " : ":") + std::to_string(params[j].line);
        a.origin = where + (where.empty() ? "" : ": ") + "parameter `" + params[j].key + "` = " + format_number(values[j]);
        changes.push_back(std::move(a));
    }
    assign(s, changes);
}

}  // namespace ambassim
