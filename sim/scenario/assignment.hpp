// Typed parameter changes: the only way a scenario is changed after it was
// read. `--set key=value`, `[sweep.set]` (typed when the sweep file is read),
// every sweep point, the game's world, the Python module, calibration and
// optimisation all build Assignments and call assign(), which checks types,
// ranges and the cross-field rules and records provenance; nothing is turned
// into TOML text and re-parsed. The text of an assignment is kept only for
// provenance (the `overrides` attribute of every output file, re-read by
// `ambassim rerun`); its origin names it in messages.
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
    std::string text;   // "key=value": provenance (the `overrides` attribute)
    // Where it was written, for messages: "" for a command-line --set
    // ("--set <text>: ..."), else e.g. "ss.toml:5:1" for a [sweep.set] key or
    // "`run.h5`: attribute `overrides`: `<text>`" for a recorded one.
    std::string origin;

    Assignment() = default;
    Assignment(std::string key_, ParamValue value_, std::string text_, std::string origin_ = {})
        : key(std::move(key_)), value(std::move(value_)), text(std::move(text_)), origin(std::move(origin_)) {}
};

// How messages name an assignment: its origin, or "--set <text>".
std::string origin_of(const Assignment& assignment);

// A typed assignment; its text is the value's shortest exact form
// ("customers.churn_per_year=0.15"), so provenance reads back the same value.
Assignment make_assignment(const std::string& key, ParamValue value);

// Parses one `--set` text ("key=value", the value in TOML syntax; string keys
// also take bare words, string lists a comma list) once, into a typed value.
// Errors are InputError "--set <text>: <problem>" (unknown key with a
// suggestion, syntax, type, range), or "<origin>: <problem>" with an origin.
Assignment parse_assignment(const std::string& text, const std::string& origin = {});
// With `where` (e.g. "`run.h5`: attribute `overrides`"), each assignment's
// origin is "<where>: `<text>`".
std::vector<Assignment> parse_assignments(const std::vector<std::string>& texts, const std::string& where = {});

// Applies the assignments in order (types and ranges checked, integer keys
// accept integral numbers, real keys any number), records their texts in
// scenario.overrides, then validates the whole scenario once. Errors name
// the assignment's origin (origin_of); on error `scenario` is unchanged.
void assign(Scenario& scenario, const std::vector<Assignment>& assignments);

// The current value of a key, typed (for Python and tests).
ParamValue value_of(const Scenario& scenario, const std::string& key);

}  // namespace ambassim
