// Scenario files (TOML, parsed with toml++) and `--set key=value` overlays.
//
// Layering (BioDynaMo-style): built-in defaults of Params/RunPlan/RecordConfig,
// then the scenario file, then each --set in order. Every error names the
// file (or "--set"), line, column and key, says what is wrong and suggests the
// nearest valid key for unknown ones; it is thrown as ambassim::InputError.
//
// Scenario sections: the Params sections (keys from visit_params, e.g.
// [customers] churn_per_year = 0.2), [[strategy.phases]] tables for custom
// allocations, [run] (seed, replicate, threads, output) and [output]
// (snapshot_every, snapshot_employees, snapshot_customers, unit_series,
// quantiles), and [compare] (strategies, replicates) for `ambassim compare`.
#pragma once

#include "models/params.hpp"
#include "sim/scenario/run_plan.hpp"
#include "sim/util/errors.hpp"

#include <filesystem>
#include <stdexcept>
#include <map>
#include <string>
#include <vector>

namespace ambassim {

struct CompareSpec {
    std::vector<std::string> strategies;  // empty = the four built-in comparators
    std::int64_t replicates = 10;
};

// 1-based line and column (in characters) of a key in a text.
struct TextPosition {
    std::size_t line = 0;
    std::size_t column = 0;
};

struct Scenario {
    std::string path;                    // as given; "" for in-memory scenarios
    std::string text;                    // the full file text, recorded in outputs
    // Where each key of `text` is ("customers.churn_per_year",
    // "strategy.phases[1]", "strategy.phases[1].training"), recorded while
    // reading so that validation names a key's line without parsing again.
    std::map<std::string, TextPosition> key_positions;
    std::vector<std::string> overrides;  // every --set applied, in order
    Params params;
    RunPlan plan;
    RecordConfig record;
    CompareSpec compare;
};

// Reads, parses and validates a scenario file (syntax, unknown keys, types,
// ranges, cross-field rules such as shares summing to at most 1).
Scenario load_scenario(const std::filesystem::path& file);
// Same from text; `name` is used in error messages in place of a file name.
Scenario parse_scenario(const std::string& text, const std::string& name);
// Applies `--set` texts ("key=value", value in TOML syntax: 0.2, 10, true,
// "small_world"; string keys also take bare words: market.network=scale_free,
// and compare.strategies a comma list: none,balanced) in order, then validates
// once (so that strategy.name=custom and strategy.phases=[...] can be given
// together): parse_assignments + assign (sim/scenario/assignment.hpp, the typed
// interface). Each error names the --set that caused it; on error `scenario`
// is unchanged.
void apply_overrides(Scenario& scenario, const std::vector<std::string>& assignments);
// Cross-field validation of a complete Params; throws InputError naming keys.
void validate(const Scenario& scenario);

}  // namespace ambassim
