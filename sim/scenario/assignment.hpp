// Typed parameter changes: the only way a scenario is changed after it was
// read. `--set key=value`, `[sweep.set]`, every sweep point, the Python
// module, calibration and optimisation all build Assignments and call
// assign(); nothing is turned into TOML text and re-parsed. The text of an
// assignment is kept only for provenance (the `overrides` attribute of every
// output file, re-read by `ambassim rerun`) and for messages.
#pragma once

#include "models/params.hpp"
#include "sim/scenario/scenario.hpp"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace ambassim {

using ParamValue = std::variant<std::int64_t, double, bool, std::string, std::vector<std::string>,
                                std::vector<AllocationPhase>>;

struct Assignment {
    std::string key;    // dotted scenario key, e.g. "customers.churn_per_year", or "strategy.phases"
    ParamValue value;
    std::string text;   // "key=value": provenance and the origin named in messages ("--set <text>: ...")
};

// A typed assignment; its text is the value's shortest exact form
// ("customers.churn_per_year=0.15"), so provenance reads back the same value.
Assignment make_assignment(const std::string& key, ParamValue value);

// Parses one `--set` text ("key=value", the value in TOML syntax; string keys
// also take bare words, string lists a comma list) once, into a typed value.
// Errors are InputError "--set <text>: <problem>" (unknown key with a
// suggestion, syntax, type, range).
Assignment parse_assignment(const std::string& text);
std::vector<Assignment> parse_assignments(const std::vector<std::string>& texts);

// Applies the assignments in order (types and ranges checked, integer keys
// accept integral numbers, real keys any number), records their texts in
// scenario.overrides, then validates the whole scenario once. Errors name
// the assignment's text ("--set <text>: ..."); on error `scenario` is unchanged.
void assign(Scenario& scenario, const std::vector<Assignment>& assignments);

// The current value of a key, typed (for Python and tests).
ParamValue value_of(const Scenario& scenario, const std::string& key);

}  // namespace ambassim
