// `ambassim check FILE.toml [--set ...]`: loads and validates a scenario, or
// a sweep file (its base scenario and every point), or a class game file
// (its rules and world), without running.
#include "sim/cli/commands.hpp"
#include "sim/scenario/assignment.hpp"
#include "sim/scenario/param_check.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/scenario/toml_reader.hpp"
#include "sim/runs/compare.hpp"
#include "sim/runs/sweep_plan.hpp"
#include "sim/serve/game_rules.hpp"
#include "sim/util/number_format.hpp"
#include "sim/util/text_input.hpp"

#include <iostream>

namespace ambassim::cli {

namespace po = boost::program_options;

namespace {

po::options_description check_options() {
    po::options_description o("Options");
    o.add_options()
        ("help,h", "show this help")
        ("set", po::value<std::vector<std::string>>()->composing()->value_name("KEY=VALUE"),
         "override one scenario key (repeatable, applied in order)")
        ("print", "print the resolved scenario: every key with its value and where the value came from "
                  "(default, a file and line of the base chain, or a --set)");
    return o;
}

}  // namespace

void check_help(std::ostream& out) {
    out << "Usage: ambassim check SCENARIO.toml [--set KEY=VALUE ...] [--print]\n"
           "       ambassim check SWEEP.toml\n"
           "       ambassim check GAME.toml\n"
           "\n"
           "Reads and validates SCENARIO.toml (syntax, unknown keys, types, ranges\n"
           "and cross-field rules) with the given overrides, without running it.\n"
           "A sweep file (one with a [sweep] table) is checked with its base scenario\n"
           "and the scenario of every point of its design; a class game file (one with\n"
           "a [game] table, for `ambassim serve --game`) with its rules and world.\n"
           "Prints `ok: ...` and exits 0 if it is valid, else the first error and 2.\n"
           "\n"
        << check_options();
}

namespace {

// Where a key's value came from: the latest --set of it, else its position in
// the file or base that set it last, else the built-in default.
std::string origin_of(const Scenario& s, const std::string& key) {
    for (auto it = s.overrides.rbegin(); it != s.overrides.rend(); ++it) {
        const std::string set_key = it->substr(0, it->find('='));
        if (set_key == key || key.starts_with(set_key + ".") || key.starts_with(set_key + "["))
            return "--set " + *it;
    }
    if (const auto pos = s.key_positions.find(key); pos != s.key_positions.end())
        return (pos->second.file.empty() ? s.path : pos->second.file) + ":" + std::to_string(pos->second.line);
    return "default";
}

std::string phase_lines(const std::vector<AllocationPhase>& phases, const std::string& key, const Scenario& s) {
    std::string out;
    for (std::size_t i = 0; i < phases.size(); ++i) {
        out += "[[" + key + "]]  # " + origin_of(s, key + "[" + std::to_string(i) + "]") + "\n";
        visit_phase(phases[i], [&](const double& field, const ParamMeta& m) {
            if (field != 0 || std::string_view(m.key) == "start_day")
                out += std::string(m.key) + " = " + format_number(field) + "\n";
        });
    }
    return out;
}

// The resolved scenario as TOML with each value's origin as a comment.
void print_resolved(std::ostream& out, const Scenario& s) {
    out << "# resolved scenario " << s.path << "\n";
    if (!s.bases.empty()) {
        out << "# base chain: " << s.path;
        for (const auto& b : s.bases) out << " -> " << b.path;
        out << "\n";
    }
    std::string section;
    std::vector<std::pair<std::string, std::string>> lines;  // "key = value", origin
    auto flush = [&] {
        std::size_t w = 0;
        for (const auto& l : lines) w = std::max(w, l.first.size());
        for (const auto& l : lines) out << l.first << std::string(w - l.first.size() + 2, ' ') << "# " << l.second << "\n";
        lines.clear();
    };
    visit_scenario_keys(s, [&](const auto& field, const ParamMeta& m) {
        (void)field;
        const std::string key = m.key;
        const std::string sec = key.substr(0, key.rfind('.'));
        if (sec != section) {
            flush();
            out << "\n[" << sec << "]\n";
            section = sec;
        }
        const std::string text = make_assignment(key, value_of(s, key)).text;
        lines.push_back({key.substr(key.rfind('.') + 1) + " = " + text.substr(text.find('=') + 1), origin_of(s, key)});
    });
    flush();
    if (!s.params.strategy.phases.empty()) out << "\n" << phase_lines(s.params.strategy.phases, kPhasesKey, s);
    for (const auto& st : s.strategies) {
        const std::string key = std::string(kStrategiesKey) + "." + st.name;
        out << "\n[" << key << "]  # " << origin_of(s, key) << "\nlabel = " << quote_string(st.label) << "\n";
        if (st.budget_per_employee_per_year >= 0)
            out << "budget_per_employee_per_year = " << format_number(st.budget_per_employee_per_year) << "\n";
        out << phase_lines(st.phases, key + ".phases", s);
    }
}

// Whether a file has a [TABLE], [[TABLE]], [TABLE.x] or [[TABLE.x]] header:
// a sweep file has `sweep`, a class game file `game`, which no scenario has
// (found by the shared TOML scanner, so a header-like line inside a string
// does not count); unreadable files go on to the scenario loader's errors.
bool has_table(const std::filesystem::path& file, const std::string& table) {
    std::string text;
    try {
        text = read_scenario_file(file);
    } catch (const std::exception&) {
        return false;
    }
    for (const auto& header : table_headers(text))
        if (header == table || header.starts_with(table + ".")) return true;
    return false;
}
}  // namespace

int check_command(const std::vector<std::string>& args) {
    const auto parsed = parse_command("check", args, check_options(), {"scenario"}, check_help,
                                      "check needs a scenario file");
    if (!parsed) return kExitOk;
    const auto& vm = *parsed;
    const std::filesystem::path file = vm["scenario"].as<std::string>();
    if (has_table(file, "game")) {
        if (vm.count("set") || vm.count("print")) throw UsageError("--set and --print apply to scenario files, not to a game file");
        const serve::GameRules g = serve::load_game(file);
        std::cout << "ok: game " << file.string() << " (" << g.rounds << " rounds of " << format_number(g.round_days)
                  << " days, levers: " << (g.levers == serve::Levers::families ? "families" : "programs")
                  << (g.hire.allowed ? " and hire (up to " + format_number(100 * g.hire.max) + "% more front-line staff)" : "")
                  << ", world "
                  << g.scenario.path << ": " << format_count(static_cast<double>(g.scenario.params.organisation.employees))
                  << " employees, " << format_count(static_cast<double>(g.scenario.params.customers.customers))
                  << " customers)\n";
        return kExitOk;
    }
    if (has_table(file, "sweep")) {
        if (vm.count("set")) throw UsageError("--set applies to scenario files; a sweep file sets keys in [sweep.set]");
        const SweepPlan plan = make_sweep_plan(load_sweep_spec(file));
        // One point's comparison must fit in memory (the run checks the points in flight at once).
        if (plan.points() > 0)
            check_comparison_memory(plan.point_scenario(0), plan.strategies.size(), plan.replicates, 1,
                                    plan.spec.path.empty() ? "<sweep>" : plan.spec.path);
        std::cout << "ok: sweep " << file.string() << " (" << design_name(plan.spec.design) << " design, "
                  << plan.points() << " points, " << plan.runs() << " runs on " << plan.spec.base_path << ")\n";
        return kExitOk;
    }
    Scenario s = load_scenario(vm["scenario"].as<std::string>());
    if (vm.count("set")) apply_overrides(s, vm["set"].as<std::vector<std::string>>());
    if (vm.count("print")) print_resolved(std::cout, s);
    std::cout << "ok: " << s.path << " (" << s.params.organisation.employees << " employees, "
              << s.params.customers.customers << " customers, " << s.params.simulation.ticks << " ticks, strategy "
              << s.params.strategy.name
              << (s.strategies.empty() ? std::string() : "; " + std::to_string(s.strategies.size()) + " named strategies")
              << (s.bases.empty() ? std::string() : "; " + std::to_string(s.bases.size()) + " base file" + (s.bases.size() > 1 ? "s" : ""))
              << ")\n";
    return kExitOk;
}

}  // namespace ambassim::cli
