// `ambassim check SCENARIO.toml [--set ...]`: loads and validates only.
#include "sim/cli/commands.hpp"
#include "sim/scenario.hpp"

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
           "\n"
           "Reads and validates SCENARIO.toml (syntax, unknown keys, types, ranges\n"
           "and cross-field rules) with the given overrides, without running it.\n"
           "Prints `ok: ...` and exits 0 if it is valid, else the first error and 2.\n"
           "\n"
        << check_options();
}

int check_command(const std::vector<std::string>& args) {
    const auto parsed = parse_command("check", args, check_options(), {"scenario"}, check_help,
                                      "check needs a scenario file");
    if (!parsed) return kExitOk;
    const auto& vm = *parsed;
    Scenario s = load_scenario(vm["scenario"].as<std::string>());
    if (vm.count("set")) apply_overrides(s, vm["set"].as<std::vector<std::string>>());
    std::cout << "ok: " << s.path << " (" << s.params.organisation.employees << " employees, "
              << s.params.customers.customers << " customers, " << s.params.simulation.ticks << " ticks, strategy "
              << s.params.strategy.name << ")\n";
    return kExitOk;
}

}  // namespace ambassim::cli
