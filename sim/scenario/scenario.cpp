// Scenario loading, the thin front of the chain (see scenario.hpp):
// text_input (bounded reading, UTF-8) -> toml_reader (syntax, keys, types,
// ranges, through the key registry) -> scenario_validate (cross-field rules);
// changes afterwards go through assignment.cpp only.
#include "sim/scenario/scenario.hpp"

#include "sim/scenario/assignment.hpp"
#include "sim/scenario/key_registry.hpp"
#include "sim/scenario/scenario_validate.hpp"
#include "sim/scenario/toml_reader.hpp"
#include "sim/util/text_input.hpp"

namespace ambassim {

namespace {

std::string display_name(const Scenario& s) { return s.path.empty() ? "<scenario>" : s.path; }

}  // namespace

Scenario load_scenario(const std::filesystem::path& file) {
    const std::string text = read_scenario_file(file);
    Scenario s = parse_scenario(text, file.string());
    s.path = file.string();
    return s;
}

Scenario parse_scenario(const std::string& text, const std::string& name) {
    Scenario s;
    s.text = text;
    apply_toml(s, text, TextOrigin{name, false});
    validate_scenario(s, name);
    return s;
}

void apply_overrides(Scenario& scenario, const std::vector<std::string>& assignments) {
    assign(scenario, parse_assignments(assignments));
}

void validate(const Scenario& scenario) { validate_scenario(scenario, display_name(scenario)); }



}  // namespace ambassim
