// Scenario loading, the thin front of the chain (see scenario.hpp):
// text_input (bounded reading, UTF-8) -> the `base =` chain (followed here,
// base-most file applied first) -> toml_reader (syntax, keys, types, ranges,
// through the key registry) -> scenario_validate (cross-field rules, once, on
// the complete scenario); changes afterwards go through assignment.cpp only.
#include "sim/scenario/scenario.hpp"

#include "sim/scenario/assignment.hpp"
#include "sim/scenario/key_registry.hpp"
#include "sim/scenario/param_check.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/scenario/scenario_validate.hpp"
#include "sim/scenario/toml_document.hpp"
#include "sim/scenario/toml_reader.hpp"
#include "sim/util/text_input.hpp"

#include <algorithm>
#include <optional>

namespace ambassim {

namespace fs = std::filesystem;

namespace {

// A chain longer than this is surely a mistake (and bounds the reading).
constexpr std::size_t kMaxBaseDepth = 16;

std::string display_name(const Scenario& s) { return s.path.empty() ? "<scenario>" : s.path; }

struct BaseKey {
    std::string value;
    toml::source_position pos;
};

// The `base = "..."` of a text, if any (its syntax is checked on the way).
std::optional<BaseKey> base_key(const std::string& text, const std::string& name) {
    const TextOrigin origin{name, false};
    const toml::table root = parse_toml_document(text, origin);
    const toml::node* node = root.get(kBaseKey);
    if (!node) return std::nullopt;
    const auto* str = node->as_string();
    const toml::source_position pos = node->source().begin;
    if (!str) fail_at(origin, pos, std::string("key `") + kBaseKey + "` must be a string (a scenario file's path)");
    if (str->get().empty()) fail_at(origin, pos, std::string("key `") + kBaseKey + "` is empty; name a scenario file");
    return BaseKey{str->get(), pos};
}

std::string chain_text(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : " -> ") + printable(n, 200);
    return out;
}

// The files `text`'s `base =` chain names, nearest first, read from disk.
std::vector<ScenarioSource> read_bases(const std::string& text, const std::string& name) {
    std::vector<ScenarioSource> chain;
    std::vector<std::string> names{name};
    std::vector<fs::path> seen;
    std::error_code ec;
    if (!name.empty()) seen.push_back(fs::weakly_canonical(fs::path(name), ec));
    std::string current_text = text, current_name = name;
    while (const auto base = base_key(current_text, current_name)) {
        const fs::path file = fs::path(current_name).parent_path() / base->value;
        const TextOrigin origin{current_name, false};
        names.push_back(file.string());
        const fs::path canonical = fs::weakly_canonical(file, ec);
        if (std::find(seen.begin(), seen.end(), canonical) != seen.end())
            fail_at(origin, base->pos, std::string("key `") + kBaseKey + "`: the base chain loops: " + chain_text(names));
        if (chain.size() >= kMaxBaseDepth)
            fail_at(origin, base->pos, std::string("key `") + kBaseKey + "`: more than " + std::to_string(kMaxBaseDepth) +
                                           " bases in a chain");
        seen.push_back(canonical);
        std::string base_text;
        try {
            base_text = read_scenario_file(file);
        } catch (const InputError& e) {
            fail_at(origin, base->pos, std::string("key `") + kBaseKey + "` = " + shown_value(base->value) + ": " + e.what());
        }
        if (is_sweep_text(base_text))
            fail_at(origin, base->pos, std::string("key `") + kBaseKey + "` = " + shown_value(base->value) + ": `" +
                                           printable(file.string(), 200) + "` is a sweep file; the base must be a scenario file");
        chain.push_back(ScenarioSource{file.string(), base_text});
        current_text = std::move(base_text);
        current_name = file.string();
    }
    return chain;
}

}  // namespace

Scenario load_scenario(const fs::path& file) {
    const std::string text = read_scenario_file(file);
    Scenario s = parse_scenario(text, file.string());
    s.path = file.string();
    return s;
}

Scenario parse_scenario(const std::string& text, const std::string& name) {
    return parse_scenario(text, name, read_bases(text, name));
}

Scenario parse_scenario(const std::string& text, const std::string& name, const std::vector<ScenarioSource>& bases) {
    Scenario s;
    s.text = text;
    s.bases = bases;
    for (auto base = bases.rbegin(); base != bases.rend(); ++base)
        apply_toml(s, base->text, TextOrigin{base->path, false, true});
    apply_toml(s, text, TextOrigin{name, false});
    validate_scenario(s, name);
    return s;
}

void apply_overrides(Scenario& scenario, const std::vector<std::string>& assignments, const std::string& where) {
    assign(scenario, parse_assignments(assignments, where));
}

void validate(const Scenario& scenario) { validate_scenario(scenario, display_name(scenario)); }

std::vector<std::string> known_strategies(const Scenario& scenario) {
    std::vector<std::string> out = choice_list(kStrategyChoices);
    for (const auto& st : scenario.strategies) out.push_back(st.name);
    return out;
}

std::string strategy_problem(const Scenario& scenario, const std::string& name) {
    const std::vector<std::string> known = known_strategies(scenario);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
        std::string listed;
        for (const auto& k : known) listed += (listed.empty() ? "" : ", ") + k;
        return "unknown strategy " + shown_value(name) + " (the scenario has " + listed +
               (scenario.strategies.empty() ? "; add [strategies.NAME] tables for your own)" : ")") +
               suggestion_for(name, known);
    }
    if (name == "custom" && scenario.params.strategy.phases.empty())
        return "strategy \"custom\" needs [[strategy.phases]] in the scenario (or name your plans with [strategies.NAME])";
    return {};
}

const NamedStrategy* find_named_strategy(const Scenario& scenario, const std::string& name) {
    for (const auto& st : scenario.strategies)
        if (st.name == name) return &st;
    return nullptr;
}

std::string strategy_label(const Scenario& scenario, const std::string& name) {
    if (const NamedStrategy* st = find_named_strategy(scenario, name)) return st->label;
    std::string out = name;
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

Params params_for_strategy(const Scenario& scenario, const std::string& name) {
    Params p = scenario.params;
    if (const NamedStrategy* st = find_named_strategy(scenario, name)) {
        p.strategy.name = "custom";
        p.strategy.phases = st->phases;
        if (st->budget_per_employee_per_year >= 0)
            p.programs.budget_per_employee_per_year = st->budget_per_employee_per_year;
    } else {
        p.strategy.name = name;
    }
    return p;
}

}  // namespace ambassim
