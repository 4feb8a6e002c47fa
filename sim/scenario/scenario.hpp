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
// quantiles), [compare] (strategies, replicates) for `ambassim compare`,
// named custom strategies ([strategies.NAME] with a label, an optional budget
// and [[strategies.NAME.phases]]) and `base = "other.toml"` (inheritance: the
// base is read first, relative to the file, and this file overrides it key by
// key; chains are followed, cycles refused).
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

// How results are presented (does not change any run).
struct EconomicsSpec {
    std::string currency;  // "" = "currency units"
};

// 1-based line and column (in characters) of a key in a text.
struct TextPosition {
    std::size_t line = 0;
    std::size_t column = 0;
    std::string file;  // "" = the scenario's own file; else the base file that set the key
};

// A named custom strategy: [strategies.NAME] in a scenario file.
struct NamedStrategy {
    std::string name;
    std::string label;                            // for people; the name if not given
    double budget_per_employee_per_year = -1;     // -1: programs.budget_per_employee_per_year
    std::vector<AllocationPhase> phases;
};

// One file of a scenario's `base =` chain, as read.
struct ScenarioSource {
    std::string path;  // as resolved (relative to the file naming it)
    std::string text;
};

struct Scenario {
    std::string path;                    // as given; "" for in-memory scenarios
    std::string text;                    // the full file text, recorded in outputs
    // Where each key of `text` is ("customers.churn_per_year",
    // "strategy.phases[1]", "strategy.phases[1].training"), recorded while
    // reading so that validation names a key's line without parsing again.
    std::map<std::string, TextPosition> key_positions;
    std::vector<std::string> overrides;  // every --set applied, in order
    std::vector<std::string> override_origins;  // beside each: where it was written ("" = a --set), for messages
    std::vector<ScenarioSource> bases;   // the `base =` chain, nearest first (empty: no base)
    std::vector<NamedStrategy> strategies;  // [strategies.NAME], in file order (bases' first)
    Params params;
    RunPlan plan;
    RecordConfig record;
    CompareSpec compare;
    EconomicsSpec economics;
};

// Reads, parses and validates a scenario file (syntax, unknown keys, types,
// ranges, cross-field rules such as shares summing to at most 1), after its
// `base =` chain if it has one.
Scenario load_scenario(const std::filesystem::path& file);
// Same from text; `name` is used in error messages in place of a file name,
// and a `base =` in the text is read relative to `name`'s folder.
Scenario parse_scenario(const std::string& text, const std::string& name);
// Same with the base chain given as texts (nearest first), as recorded in an
// output file: nothing is read from disk.
Scenario parse_scenario(const std::string& text, const std::string& name, const std::vector<ScenarioSource>& bases);

// Every strategy name the scenario can run: the built-ins, then its named ones.
std::vector<std::string> known_strategies(const Scenario& scenario);
// Why the scenario cannot run strategy `name` ("unknown strategy ...; did you
// mean ...?", or `custom` without [[strategy.phases]]), or "" if it can.
std::string strategy_problem(const Scenario& scenario, const std::string& name);
// The named strategy `name` of the scenario, or nullptr.
const NamedStrategy* find_named_strategy(const Scenario& scenario, const std::string& name);
// What the label of a strategy is for people: a named strategy's label, or a
// built-in's name in words ("engagement first").
std::string strategy_label(const Scenario& scenario, const std::string& name);
// The parameters that run strategy `name` (a built-in or a named strategy) in
// this scenario's world: the one place a strategy name becomes a run.
Params params_for_strategy(const Scenario& scenario, const std::string& name);
// Applies `--set` texts ("key=value", value in TOML syntax: 0.2, 10, true,
// "small_world"; string keys also take bare words: market.network=scale_free,
// and compare.strategies a comma list: none,balanced) in order, then validates
// once (so that strategy.name=custom and strategy.phases=[...] can be given
// together): parse_assignments + assign (sim/scenario/assignment.hpp, the typed
// interface). Each error names the --set that caused it (with `where`, e.g.
// "`run.h5`: attribute `overrides`", that and the assignment's text); on
// error `scenario` is unchanged.
void apply_overrides(Scenario& scenario, const std::vector<std::string>& assignments, const std::string& where = {});
// Cross-field validation of a complete Params; throws InputError naming keys.
void validate(const Scenario& scenario);

}  // namespace ambassim
