// `ambassim run SCENARIO.toml`: loads the scenario, applies --set and the
// command-line run options, runs it with a progress bar and SIGINT/SIGTERM
// handling, and prints a short summary.
#include "sim/cli/commands.hpp"
#include "sim/cli/progress.hpp"
#include "sim/cli/stop_signal.hpp"
#include "analysis/compare/run_figures.hpp"
#include "sim/runs/runner.hpp"
#include "sim/scenario/scenario.hpp"

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <limits>
#include <optional>

namespace ambassim::cli {

namespace po = boost::program_options;

namespace {

po::options_description run_options() {
    po::options_description o("Options");
    o.add_options()
        ("help,h", "show this help")
        ("output,o", po::value<std::string>()->value_name("PATH"),
         "HDF5 output file (default: [run] output, else <scenario stem>.h5 in the current directory)")
        ("seed", po::value<std::string>()->value_name("N"), "random seed, overrides [run] seed")
        ("replicate", po::value<std::string>()->value_name("N"), "replicate number, overrides [run] replicate")
        ("threads", po::value<std::string>()->value_name("N"), "worker threads (0 = all cores), overrides [run] threads")
        ("set", po::value<std::vector<std::string>>()->composing()->value_name("KEY=VALUE"),
         "override one scenario key (repeatable, applied in order), e.g. --set customers.churn_per_year=0.2")
        ("force", "overwrite an existing output file")
        ("quiet,q", "no progress bar (the summary, errors and warnings are still printed)");
    return o;
}

}  // namespace

void run_help(std::ostream& out) {
    out << "Usage: ambassim run SCENARIO.toml [options]\n"
           "\n"
           "Runs one simulation of SCENARIO.toml and writes its results to one HDF5\n"
           "file. Values are layered: built-in defaults, then the scenario file, then\n"
           "each --set in order, then --seed/--replicate/--threads/--output/--force.\n"
           "Ctrl-C stops after the current tick and keeps the incomplete results\n"
           "(exit code 130).\n"
           "\n"
        << run_options();
}

int run_command(const std::vector<std::string>& args) {
    const auto parsed = parse_command("run", args, run_options(), {"scenario"}, run_help,
                                      "run needs a scenario file");
    if (!parsed) return kExitOk;
    const auto& vm = *parsed;
    constexpr long long kMax = std::numeric_limits<long long>::max();

    // Command-line run options are checked before the (possibly slow) load.
    std::optional<long long> seed, replicate, threads;
    if (vm.count("seed")) seed = parse_integer_option("--seed", vm["seed"].as<std::string>(), 0, kMax);
    if (vm.count("replicate")) replicate = parse_integer_option("--replicate", vm["replicate"].as<std::string>(), 0, kMax);
    if (vm.count("threads")) threads = parse_integer_option("--threads", vm["threads"].as<std::string>(), 0, 1024);

    Scenario s = load_scenario(vm["scenario"].as<std::string>());
    if (vm.count("set")) apply_overrides(s, vm["set"].as<std::vector<std::string>>());
    if (seed) s.plan.seed = static_cast<std::uint64_t>(*seed);
    if (replicate) s.plan.replicate = *replicate;
    if (threads) s.plan.threads = *threads;
    if (vm.count("output")) s.plan.output = vm["output"].as<std::string>();
    if (vm.count("force")) s.plan.force = true;
    if (s.plan.output.empty()) s.plan.output = std::filesystem::path(s.path).stem().string() + ".h5";
    validate(s);

    const bool quiet = vm.count("quiet") > 0;
    ProgressBar bar(progress_mode(quiet));
    const std::atomic<bool>& stop = install_stop_handlers();
    const RunSummary summary =
        run_scenario(s, [&](std::int64_t done, std::int64_t total) { bar.update(done, total); }, &stop);
    bar.clear();

    const std::string output = summary.output.empty() ? s.plan.output : summary.output.string();
    if (!summary.complete) {
        std::cerr << "interrupted: stopped after tick " << summary.ticks_run << "; wrote incomplete results to "
                  << output << "\n";
        return kExitInterrupted;
    }
    // The figures are read back before anything is printed (a file that cannot be read prints only the error).
    const std::string figures = format_figures(figures_from_file(summary.output));
    std::cout << "scenario              " << s.path << " (seed " << s.plan.seed << ", replicate "
                  << s.plan.replicate << ", " << std::fixed << std::setprecision(1) << summary.wall_seconds
                  << " s)\n" << std::defaultfloat << figures;
    if (summary.market_short) std::cerr << kMarketShortWarning << "\n";
    std::cout << "wrote " << output << "\n";
    return kExitOk;
}

}  // namespace ambassim::cli
