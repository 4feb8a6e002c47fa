// `ambassim params [--markdown|--toml]`: the parameter table generated from
// visit_scenario_keys(): Markdown for docs/model.md, or the commented
// reference scenario (scenarios/reference.toml).
#include "models/param_sources.hpp"
#include "sim/cli/commands.hpp"
#include "sim/scenario/key_registry.hpp"
#include "sim/scenario/param_check.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/util/key_suggest.hpp"

#include <algorithm>
#include <iostream>
#include <map>
#include <type_traits>

namespace ambassim::cli {

namespace po = boost::program_options;

namespace {

po::options_description params_options() {
    po::options_description o("Options");
    o.add_options()
        ("help,h", "show this help")
        ("markdown", "print a Markdown table (the default)")
        ("toml", "print the commented reference scenario with every key at its default");
    return o;
}

// One line per section in the reference scenario.
const std::map<std::string, std::string>& section_docs() {
    static const std::map<std::string, std::string> docs = {
        {"simulation", "Time: number and length of ticks."},
        {"organisation", "The firm: head count, units, roles and ties."},
        {"employees", "Employee states (engagement, customer focus, ambassadorship, experience), their dynamics and attrition."},
        {"programs", "Budget and the five programs: saturation, lags and gains."},
        {"strategy", "How the budget is allocated over time."},
        {"encounters", "Service encounters between front-line employees and customers."},
        {"customers", "Customer states, loyalty, advocacy, churn and spend."},
        {"market", "The market: referral network and Bass diffusion of adoption."},
        {"run", "How one run is executed (the command line can override these)."},
        {"output", "What is recorded in the HDF5 output."},
        {"compare", "Settings of `ambassim compare`."},
    };
    return docs;
}

std::string section_of(const std::string& key) { return key.substr(0, key.rfind('.')); }
std::string leaf_of(const std::string& key) { return key.substr(key.rfind('.') + 1); }

// Backslash-escapes the characters that would change a Markdown table cell.
std::string escape_markdown(const std::string& s) {
    std::string out;
    for (const char c : s) {
        if (c == '|' || c == '*' || c == '<' || c == '>') out += '\\';
        out += c;
    }
    return out;
}

std::string choices_list(const char* choices, const char* quote) {
    std::string out, rest = choices;
    for (std::size_t bar; (bar = rest.find('|')) != std::string::npos; rest.erase(0, bar + 1))
        out += std::string(quote) + rest.substr(0, bar) + quote + ", ";
    return out + quote + rest + quote;
}

// What a key's type and metadata allow, e.g. "[0, 50]" or "one of a, b".
template <class T>
std::string allowed(const ParamMeta& m, const char* quote) {
    if constexpr (std::is_same_v<T, bool>) return "true or false";
    else if constexpr (std::is_same_v<T, std::string>) return m.choices ? "one of " + choices_list(m.choices, quote) : "any text";
    else if constexpr (std::is_same_v<T, std::vector<std::string>>) return "list of " + choices_list(m.choices, quote);
    else return range_text(m, !std::is_same_v<T, double>);
}

template <class T>
std::string toml_value(const T& v) {
    if constexpr (std::is_same_v<T, bool>) return v ? "true" : "false";
    else if constexpr (std::is_same_v<T, std::string>) return quote_string(v);
    else if constexpr (std::is_same_v<T, double>) return format_toml_float(v);
    else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
        std::string out = "[";
        for (const auto& s : v) out += (out.size() > 1 ? ", " : "") + quote_string(s);
        return out + "]";
    } else return std::to_string(v);
}

struct Row {
    std::string key, value, unit, allowed, doc;
    bool commented = false;  // an empty list: shown as an example, commented out
};

std::vector<Row> rows(const char* quote) {
    std::vector<Row> out;
    const Scenario defaults;
    visit_scenario_keys(defaults, [&](const auto& field, const ParamMeta& m) {
        using T = std::decay_t<decltype(field)>;
        Row r{m.key, toml_value(field), m.unit, allowed<T>(m, quote), m.doc};
        if constexpr (std::is_same_v<T, std::vector<std::string>>) {
            if (field.empty()) {  // absent is valid, [] is not: show an example, commented out
                r.commented = true;
                r.value = "[\"balanced\", \"ambassadorship_first\"]";
            }
        }
        out.push_back(std::move(r));
    });
    return out;
}

std::vector<Row> phase_rows(const char* quote) {
    std::vector<Row> out;
    AllocationPhase defaults;
    visit_phase(defaults, [&](const double& field, const ParamMeta& m) {
        out.push_back(Row{m.key, toml_value(field), m.unit, allowed<double>(m, quote), m.doc});
    });
    return out;
}

std::string unit_text(const std::string& unit) { return unit.empty() || unit == "1" ? std::string{} : unit + ", "; }

void print_toml(std::ostream& out) {
    out << "# ambassim reference scenario: every key at its default value.\n"
           "#\n"
           "# Generated by `ambassim params --toml` (do not edit by hand: regenerate it\n"
           "# after changing a parameter; a test checks that it lists every key). Copy it\n"
           "# and change what you need: keys left out keep their defaults, unknown keys\n"
           "# are errors. Above each key: its description, unit and valid range. Rates\n"
           "# are per year; the engine converts them to per-tick probabilities.\n";
    // Group by section in order of first appearance (a TOML table is defined once).
    std::vector<std::pair<std::string, std::vector<Row>>> sections;
    for (auto& r : rows("\"")) {
        const std::string section = section_of(r.key);
        auto it = std::find_if(sections.begin(), sections.end(), [&](const auto& s) { return s.first == section; });
        if (it == sections.end()) it = sections.insert(sections.end(), {section, {}});
        it->second.push_back(std::move(r));
    }
    for (const auto& [section, list] : sections) {
        out << "\n[" << section << "]\n";
        if (auto doc = section_docs().find(section); doc != section_docs().end()) out << "# " << doc->second << "\n";
        for (const auto& r : list) {
            out << "\n# " << r.doc << "; " << unit_text(r.unit) << r.allowed << "\n"
                << (r.commented ? "# " : "") << leaf_of(r.key) << " = " << r.value << "\n";
        }
        if (section == section_of(kPhasesKey)) {
            out << "\n# Custom allocation, used when name = \"custom\": one [[" << kPhasesKey
                << "]] table per\n"
                   "# phase; from start_day on, the budget is split over the eight programs with\n"
                   "# these shares (the rest is unspent). The first phase starts at day 0,\n"
                   "# start days increase strictly, shares sum to at most 1 (extra_front_line\n"
                   "# hires staff on top of the budget: it is not a share). Keys:\n";
            for (const auto& r : phase_rows("\""))
                out << "#   " << r.key << " (" << unit_text(r.unit) << r.allowed << ", default " << r.value
                    << "): " << r.doc << "\n";
            out << "# Example (two phases):\n"
                   "# [[" << kPhasesKey << "]]\n"
                   "# start_day = 0\n"
                   "# engagement = 0.8\n"
                   "# recognition = 0.2\n"
                   "# [[" << kPhasesKey << "]]\n"
                   "# start_day = 180\n"
                   "# training = 0.4\n"
                   "# mission = 0.3\n"
                   "# recognition = 0.3\n";
        }
    }
}

void print_markdown(std::ostream& out) {
    out << "| Key | Default | Unit | Allowed | Description | Source of the default |\n"
           "|---|---|---|---|---|---|\n";
    for (const auto& r : rows("`")) {
        const std::string_view source = param_source(r.key);
        out << "| `" << r.key << "` | " << (r.commented ? "(absent)" : "`" + r.value + "`") << " | "
            << escape_markdown(r.unit) << " | " << escape_markdown(r.allowed) << " | " << escape_markdown(r.doc)
            << " | " << (source.empty() ? std::string("modelling choice") : escape_markdown(std::string(source)))
            << " |\n";
    }
    out << "\nEach `[[" << kPhasesKey << "]]` table (used when `strategy.name = \"custom\"`) has these keys:\n\n"
           "| Key | Default | Unit | Allowed | Description |\n"
           "|---|---|---|---|---|\n";
    for (const auto& r : phase_rows("`"))
        out << "| `" << r.key << "` | `" << r.value << "` | " << escape_markdown(r.unit) << " | "
            << escape_markdown(r.allowed) << " | " << escape_markdown(r.doc) << " |\n";
}

// One key described for people, or every key of a section.
void describe(std::ostream& out, const std::string& name) {
    std::vector<Row> found;
    std::vector<std::string> names;
    for (auto& r : rows("\"")) {
        names.push_back(r.key);
        if (r.key == name || section_of(r.key) == name) found.push_back(std::move(r));
    }
    if (found.empty()) {
        const std::string near = nearest_name(name, names);
        throw UsageError("unknown key `" + name + "`" + (near.empty() ? "" : "; did you mean `" + near + "`?") +
                         " (`ambassim params` lists every key)");
    }
    bool first = true;
    for (const auto& r : found) {
        const std::string_view source = param_source(r.key);
        out << (first ? "" : "\n") << r.key << "\n"
            << "  " << r.doc << "\n"
            << "  default:  " << (r.commented ? "(absent)" : r.value) << (r.unit.empty() || r.unit == "1" ? "" : " " + r.unit)
            << "\n"
            << "  allowed:  " << r.allowed << "\n"
            << "  source:   " << (source.empty() ? std::string("modelling choice (docs/model.md)") : std::string(source))
            << "\n"
            << "  set it:   [" << section_of(r.key) << "] " << leaf_of(r.key) << " = ...  or  --set " << r.key << "=...\n";
        first = false;
    }
}

}  // namespace

void params_help(std::ostream& out) {
    out << "Usage: ambassim params [--markdown | --toml]\n"
           "       ambassim params KEY [KEY ...]\n"
           "\n"
           "Prints every scenario key with its default, unit, allowed values and\n"
           "description: as a Markdown table (for docs/model.md) or as the commented\n"
           "reference scenario (scenarios/reference.toml). With KEY (a key such as\n"
           "customers.churn_per_year, or a section such as customers): describes that\n"
           "key, or every key of the section, with the source of its default.\n"
           "\n"
        << params_options();
}

int params_command(const std::vector<std::string>& args) {
    po::positional_options_description keys;
    keys.add("key", -1);
    po::options_description all;
    all.add(params_options()).add_options()("key", po::value<std::vector<std::string>>());
    const auto vm = parse_command_line("params", args, all, keys);
    if (vm.count("help")) {
        params_help(std::cout);
        return kExitOk;
    }
    if (vm.count("markdown") && vm.count("toml"))
        throw UsageError("params takes --markdown or --toml, not both (see `ambassim params --help`)");
    if (vm.count("key")) {
        if (vm.count("markdown") || vm.count("toml"))
            throw UsageError("params KEY describes one key; --markdown and --toml print them all (see `ambassim params --help`)");
        bool first = true;
        for (const auto& key : vm["key"].as<std::vector<std::string>>()) {
            if (!first) std::cout << "\n";
            describe(std::cout, key);
            first = false;
        }
        return kExitOk;
    }
    if (vm.count("toml"))
        print_toml(std::cout);
    else
        print_markdown(std::cout);
    return kExitOk;
}

}  // namespace ambassim::cli
