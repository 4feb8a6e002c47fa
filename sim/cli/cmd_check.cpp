// `ambassim check FILE.toml [--set ...]`: loads and validates a scenario, or
// a sweep file (its base scenario and every point), without running.
#include "sim/cli/commands.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/toml_reader.hpp"
#include "sim/runs/sweep_plan.hpp"
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
         "override one scenario key (repeatable, applied in order)");
    return o;
}

}  // namespace

void check_help(std::ostream& out) {
    out << "Usage: ambassim check SCENARIO.toml [--set KEY=VALUE ...]\n"
           "       ambassim check SWEEP.toml\n"
           "\n"
           "Reads and validates SCENARIO.toml (syntax, unknown keys, types, ranges\n"
           "and cross-field rules) with the given overrides, without running it.\n"
           "A sweep file (one with a [sweep] table) is checked with its base scenario\n"
           "and the scenario of every point of its design.\n"
           "Prints `ok: ...` and exits 0 if it is valid, else the first error and 2.\n"
           "\n"
        << check_options();
}

namespace {
// A sweep file has a [sweep], [[sweep]], [sweep.x] or [[sweep.x]] table
// header, which no scenario may have (found by the shared TOML scanner, so a
// header-like line inside a string does not count); unreadable files go on
// to the scenario loader's errors.
bool is_sweep_file(const std::filesystem::path& file) {
    std::string text;
    try {
        text = read_scenario_file(file);
    } catch (const std::exception&) {
        return false;
    }
    for (const auto& header : table_headers(text))
        if (header == "sweep" || header.starts_with("sweep.")) return true;
    return false;
}
}  // namespace

int check_command(const std::vector<std::string>& args) {
    const auto parsed = parse_command("check", args, check_options(), {"scenario"}, check_help,
                                      "check needs a scenario file");
    if (!parsed) return kExitOk;
    const auto& vm = *parsed;
    const std::filesystem::path file = vm["scenario"].as<std::string>();
    if (is_sweep_file(file)) {
        if (vm.count("set")) throw UsageError("--set applies to scenario files; a sweep file sets keys in [sweep.set]");
        const SweepPlan plan = make_sweep_plan(load_sweep_spec(file));
        std::cout << "ok: sweep " << file.string() << " (" << design_name(plan.spec.design) << " design, "
                  << plan.points() << " points, " << plan.runs() << " runs on " << plan.spec.base_path << ")\n";
        return kExitOk;
    }
    Scenario s = load_scenario(vm["scenario"].as<std::string>());
    if (vm.count("set")) apply_overrides(s, vm["set"].as<std::vector<std::string>>());
    std::cout << "ok: " << s.path << " (" << s.params.organisation.employees << " employees, "
              << s.params.customers.customers << " customers, " << s.params.simulation.ticks << " ticks, strategy "
              << s.params.strategy.name << ")\n";
    return kExitOk;
}

}  // namespace ambassim::cli
