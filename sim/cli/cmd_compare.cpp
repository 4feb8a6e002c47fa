// `ambassim compare SCENARIO.toml`: every strategy x replicate with common
// random numbers, one HDF5 file with all trajectories and the statistics,
// a table on the terminal, CSV files beside the HDF5 file and (--report) the
// figures and index.html.
#include "analysis/compare/comparison.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/compare_file.hpp"
#include "sim/cli/progress.hpp"
#include "sim/cli/report_script.hpp"
#include "sim/cli/stop_signal.hpp"
#include "sim/runs/compare.hpp"
#include "sim/scenario/key_registry.hpp"
#include "sim/scenario/param_check.hpp"
#include "sim/output/hdf5_file.hpp"

#include <boost/algorithm/string/split.hpp>
#include <boost/algorithm/string/classification.hpp>

#include <algorithm>
#include <iostream>
#include <limits>
#include <sstream>

namespace ambassim::cli {

namespace po = boost::program_options;

namespace {

po::options_description compare_options() {
    po::options_description o("Options");
    o.add_options()
        ("help,h", "show this help")
        ("strategies", po::value<std::string>()->value_name("A,B,..."),
         "strategies to compare (default: [compare] strategies, else none,engagement_first,ambassadorship_first,balanced)")
        ("replicates", po::value<std::string>()->value_name("R"), "replicates per strategy (default: [compare] replicates = 10)")
        ("output,o", po::value<std::string>()->value_name("PATH"),
         "HDF5 results file (default: <scenario stem>.compare.h5); CSV files are written beside it")
        ("report", po::value<std::string>()->value_name("DIR"), "also write figures (PNG, SVG) and index.html into DIR")
        ("seed", po::value<std::string>()->value_name("N"), "random seed, overrides [run] seed")
        ("threads", po::value<std::string>()->value_name("N"), "worker threads (0 = all cores)")
        ("set", po::value<std::vector<std::string>>()->composing()->value_name("KEY=VALUE"),
         "override one scenario key (repeatable, applied in order)")
        ("force", "overwrite existing results (HDF5, CSV, report files)")
        ("quiet,q", "no progress bar and no table (only the `wrote` lines)");
    return o;
}

std::vector<std::string> parse_strategies(const std::string& text, const Scenario& s) {
    std::vector<std::string> out;
    boost::split(out, text, boost::is_any_of(","));
    for (const auto& name : out)
        if (const std::string problem = strategy_problem(s, name); !problem.empty())
            throw UsageError("--strategies: " + problem);
    // The same checks as the list in a file (a name twice, ...).
    if (const KeyInfo* info = key_registry().find("compare.strategies")) {
        ParamMeta m = info->meta;
        m.choices = nullptr;  // names were checked against the scenario's strategies above
        if (auto problem = check_value(m, out)) throw UsageError("--strategies: " + *problem);
    }
    return out;
}

}  // namespace

void compare_help(std::ostream& out) {
    out << "Usage: ambassim compare SCENARIO.toml [options]\n"
           "\n"
           "Runs every strategy x replicate of SCENARIO.toml (in parallel) with common\n"
           "random numbers: replicate r of every strategy shares the initial world, the\n"
           "warm-up and every random number the strategy does not change. Prints mean\n"
           "[95% CI] per strategy and outcome and paired-difference verdicts, and writes\n"
           "one HDF5 file with every trajectory and the statistics plus two CSV files.\n"
           "\n"
        << compare_options();
}

int compare_command(const std::vector<std::string>& args) {
    const auto parsed = parse_command("compare", args, compare_options(), {"scenario"}, compare_help,
                                      "compare needs a scenario file");
    if (!parsed) return kExitOk;
    const auto& vm = *parsed;
    constexpr long long kMax = std::numeric_limits<long long>::max();
    Scenario s = load_scenario(vm["scenario"].as<std::string>());
    if (vm.count("set")) apply_overrides(s, vm["set"].as<std::vector<std::string>>());
    if (vm.count("seed")) s.plan.seed = static_cast<std::uint64_t>(parse_integer_option("--seed", vm["seed"].as<std::string>(), 0, kMax));
    if (vm.count("threads")) s.plan.threads = parse_integer_option("--threads", vm["threads"].as<std::string>(), 0, 1024);
    const std::int64_t replicates = vm.count("replicates")
                                        ? parse_integer_option("--replicates", vm["replicates"].as<std::string>(), 1, 100000)
                                        : s.compare.replicates;
    const auto strategies = comparison_strategies(
        s, vm.count("strategies") ? parse_strategies(vm["strategies"].as<std::string>(), s) : std::vector<std::string>{});
    const bool force = vm.count("force") > 0, quiet = vm.count("quiet") > 0;
    const std::filesystem::path output =
        vm.count("output") ? vm["output"].as<std::string>() : std::filesystem::path(s.path).stem().string() + ".compare.h5";
    validate(s);
    for (const auto& csv : comparison_csv_paths(output))  // refuse before hours of work, not after
        if (std::filesystem::exists(csv) && !force)
            throw OutputError("output file `" + csv.string() + "` already exists; use --force to overwrite it");

    H5Output out(output, force);
    ProgressBar bar(progress_mode(quiet));
    const std::atomic<bool>& stop = install_stop_handlers();
    const ComparisonData data = run_comparison(
        s, strategies, replicates, [&](std::int64_t done, std::int64_t total) { bar.update(done, total); }, &stop);
    bar.clear();
    const ComparisonSummary summary = write_comparison_file(out, s, data);
    out.commit();
    if (!data.complete) {
        std::cerr << "interrupted: wrote incomplete results to " << output.string() << "\n";
        return kExitInterrupted;
    }
    const auto csvs = write_comparison_csv(summary, output, force);
    if (!quiet) std::cout << format_comparison(summary) << "\n";
    if (std::any_of(data.market_short.begin(), data.market_short.end(), [](std::int64_t x) { return x != 0; }))
        std::cerr << kMarketShortWarning << "\n";
    std::cout << "wrote " << output.string() << "\n";
    for (const auto& c : csvs) std::cout << "wrote " << c.string() << "\n";
    if (vm.count("report")) {
        const std::filesystem::path dir = vm["report"].as<std::string>();
        make_report(output, dir, force);
        std::cout << "wrote " << (dir / "index.html").string() << "\n";
    }
    return kExitOk;
}

}  // namespace ambassim::cli
