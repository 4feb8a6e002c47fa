// Scenario loading: defaults -> scenario file -> each --set, then validation
// (see scenario.hpp). Parsing lives in toml_reader.cpp, the cross-field rules
// in scenario_validate.cpp.
#include "sim/scenario/scenario.hpp"

#include "sim/util/key_suggest.hpp"
#include "sim/scenario/param_check.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/scenario/scenario_validate.hpp"
#include "sim/util/text_input.hpp"
#include "sim/scenario/toml_reader.hpp"

#include <type_traits>

namespace ambassim {

namespace {

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t");
    return std::string(s.substr(b, e - b + 1));
}

std::string display_name(const Scenario& s) { return s.path.empty() ? "<scenario>" : s.path; }

enum class KeyKind { Other, String, StringList };

KeyKind kind_of(const std::string& key) {
    KeyKind kind = KeyKind::Other;
    Scenario defaults;
    visit_scenario_keys(defaults, [&](auto& field, const ParamMeta& m) {
        using T = std::decay_t<decltype(field)>;
        if (key != m.key) return;
        if constexpr (std::is_same_v<T, std::string>) kind = KeyKind::String;
        if constexpr (std::is_same_v<T, std::vector<std::string>>) kind = KeyKind::StringList;
    });
    return kind;
}

// `--set market.network=scale_free` and `--set compare.strategies=none,balanced`
// are accepted without TOML quotes for string keys.
std::string as_toml_value(const std::string& key, const std::string& value) {
    const KeyKind kind = kind_of(key);
    const char first = value.front();
    if (kind == KeyKind::String && first != '"' && first != '\'') return quote_string(value);
    if (kind == KeyKind::StringList && first != '[') {
        std::string out = "[";
        std::string_view rest = value;
        while (true) {
            const auto comma = rest.find(',');
            if (out.size() > 1) out += ", ";
            out += quote_string(trim(rest.substr(0, comma)));
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
        return out + "]";
    }
    return value;
}

std::vector<std::string> suggestion_candidates() {
    auto keys = all_keys();
    keys.emplace_back(kPhasesKey);
    return keys;
}

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

namespace {

// One --set without cross-field validation.
void apply_unvalidated(Scenario& scenario, const std::string& assignment) {
    auto fail = [&](const std::string& problem) {
        throw InputError("--set " + printable(assignment, 200) + ": " + problem);
    };
    const auto eq = assignment.find('=');
    if (eq == std::string::npos) fail("expected key=value");
    const std::string key = trim(std::string_view(assignment).substr(0, eq));
    const std::string value = trim(std::string_view(assignment).substr(eq + 1));
    if (key.empty()) fail("expected key=value, got no key");
    if (value.empty()) fail("expected key=value, got no value");
    if (value.find_first_of("\r\n") != std::string::npos) fail("the value must be on one line");
    if (!is_scalar_key(key) && !is_section(key)) {
        const std::string suggestion = suggest_key(key);
        fail("unknown key `" + printable(key) + "`" + (suggestion.empty() ? "" : "; did you mean `" + suggestion + "`?"));
    }
    apply_toml(scenario, key + " = " + as_toml_value(key, value), TextOrigin{assignment, true});
    scenario.overrides.push_back(assignment);
}

}  // namespace

void apply_override(Scenario& scenario, const std::string& assignment) {
    apply_overrides(scenario, {assignment});
}

void apply_overrides(Scenario& scenario, const std::vector<std::string>& assignments) {
    // Work on a copy: on error the scenario is left as it was.
    Scenario updated = scenario;
    for (const auto& assignment : assignments) apply_unvalidated(updated, assignment);
    validate_scenario(updated, display_name(updated));
    scenario = std::move(updated);
}

void validate(const Scenario& scenario) { validate_scenario(scenario, display_name(scenario)); }

std::string suggest_key(const std::string& key) {
    static const auto candidates = suggestion_candidates();
    return nearest_name(key, candidates);
}

std::vector<std::string> all_keys() {
    static const auto keys = [] {
        std::vector<std::string> out;
        Scenario defaults;
        visit_scenario_keys(defaults, [&](auto&, const ParamMeta& m) { out.emplace_back(m.key); });
        return out;
    }();
    return keys;
}

}  // namespace ambassim
