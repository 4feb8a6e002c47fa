// `ambassim analyze SWEEP.h5`: sensitivity indices, where each strategy
// wins and (--discover) under which conditions a condition holds, from a
// merged sweep file (analysis/sweep_analysis.hpp), written as
// CSV files, a terminal summary and (unless --no-figures) figures and
// index.html made by analysis/scripts/sweep_report.py.
#include "analysis/sweep/discovery.hpp"
#include "analysis/sweep/sweep_analysis.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/report_script.hpp"
#include "sim/output/hdf5_file.hpp"

#include <charconv>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <iostream>
#include <limits>

namespace ambassim::cli {

namespace po = boost::program_options;

namespace {

po::options_description analyze_options() {
    po::options_description o("Options");
    o.add_options()
        ("help,h", "show this help")
        ("output,o", po::value<std::string>()->value_name("DIR"),
         "folder for the CSV files, figures and index.html (default: <sweep stem>.analysis beside the file)")
        ("bootstrap", po::value<std::string>()->value_name("B"), "bootstrap resamples for the Sobol intervals (default 1000)")
        ("level", po::value<std::string>()->value_name("L"), "confidence level of the Sobol intervals (default 0.95)")
        ("seed", po::value<std::string>()->value_name("N"), "seed of the bootstrap resampling (default 0)")
        ("top", po::value<std::string>()->value_name("K"), "factors shown per target in the terminal table (default 3)")
        ("discover", po::value<std::string>()->value_name("CONDITION"),
         "scenario discovery: PRIM boxes and a classification tree where CONDITION holds, e.g. "
         "\"nps: ambassadorship_first > engagement_first\" or \"churned/total: none < 500\"")
        ("box", po::value<std::string>()->value_name("I"),
         "with --discover: paste and report box I of the first peeling trajectory (default: largest mass x (density - overall density))")
        ("boxes", po::value<std::string>()->value_name("N"), "with --discover: at most N PRIM boxes (default 3)")
        ("min-mass", po::value<std::string>()->value_name("M"),
         "with --discover: peeling stops before a box holds less than this share of points (default 0.05)")
        ("tree-depth", po::value<std::string>()->value_name("D"), "with --discover: depth of the classification tree (default 3)")
        ("no-figures", "write only the CSV files (no Python, no figures, no index.html)")
        ("force", "overwrite existing CSV files, figures and index.html")
        ("quiet,q", "no table (only the `wrote` lines)");
    return o;
}

double parse_level(const std::string& text, const std::string& option = "--level") {
    double value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end || !(value > 0 && value < 1))
        throw UsageError(option + " expects a number between 0 and 1 (exclusive), got `" + text + "`");
    return value;
}

}  // namespace

void analyze_help(std::ostream& out) {
    out << "Usage: ambassim analyze SWEEP.h5 [options]\n"
           "\n"
           "Analyses a merged sweep file (`ambassim sweep`/`merge`) for every outcome metric,\n"
           "every strategy's replicate mean and every paired difference of two strategies:\n"
           "  saltelli         first-order and total Sobol indices with bootstrap CIs (sobol.csv)\n"
           "  morris           elementary effects mu, mu* and sigma (morris.csv)\n"
           "  grid             the winning strategy at every point with its paired 95% CI\n"
           "                   (winners.csv) and the share each wins per factor level\n"
           "                   (winner_shares.csv)\n"
           "  latin_hypercube  as grid, plus Spearman correlations of each factor with each\n"
           "                   difference (spearman.csv)\n"
           "With --discover, also scenario discovery on any design's factors: where the condition\n"
           "holds, as PRIM boxes in words (discovery.txt), prim_trajectory.csv, prim_boxes.csv,\n"
           "tree.csv and box 1 as [[sweep.parameters]] for a zoom-in sweep (discovery_zoom.toml).\n"
           "Condition syntax: \"OUTCOME[/METRIC]: STRATEGY OP STRATEGY|NUMBER\", OP one of > >= < <=.\n"
           "Figures (PNG, SVG) and index.html are drawn by analysis/scripts/sweep_report.py with\n"
           "/usr/bin/python3. Columns and figures: docs/sweep-format.md, \"Analysis outputs\".\n"
           "\n"
        << analyze_options();
}

int analyze_command(const std::vector<std::string>& args) {
    const auto parsed = parse_command("analyze", args, analyze_options(), {"sweep"}, analyze_help,
                                      "analyze needs a sweep file (sweep.h5)");
    if (!parsed) return kExitOk;
    const auto& vm = *parsed;
    constexpr long long kMax = std::numeric_limits<long long>::max();
    SobolOptions sobol;
    if (vm.count("bootstrap"))
        sobol.resamples = static_cast<std::size_t>(parse_integer_option("--bootstrap", vm["bootstrap"].as<std::string>(), 0, 1000000));
    if (vm.count("level")) sobol.level = parse_level(vm["level"].as<std::string>());
    if (vm.count("seed")) sobol.seed = static_cast<std::uint64_t>(parse_integer_option("--seed", vm["seed"].as<std::string>(), 0, kMax));
    const auto top = static_cast<std::size_t>(vm.count("top") ? parse_integer_option("--top", vm["top"].as<std::string>(), 1, 1000) : 3);
    const bool force = vm.count("force") > 0, quiet = vm.count("quiet") > 0, figures = vm.count("no-figures") == 0;
    const std::filesystem::path sweep = vm["sweep"].as<std::string>();
    const std::filesystem::path dir = vm.count("output") ? std::filesystem::path(vm["output"].as<std::string>())
                                                         : default_analysis_dir(sweep);

    const bool discovering = vm.count("discover") > 0;
    DiscoveryOptions discovery_options;
    for (const char* name : {"box", "boxes", "min-mass", "tree-depth"})
        if (vm.count(name) && !discovering) throw UsageError(std::string("--") + name + " applies only with --discover");
    if (vm.count("box"))
        discovery_options.prim.choose = static_cast<std::size_t>(parse_integer_option("--box", vm["box"].as<std::string>(), 0, 1000000));
    if (vm.count("boxes"))
        discovery_options.max_boxes = static_cast<std::size_t>(parse_integer_option("--boxes", vm["boxes"].as<std::string>(), 1, 20));
    if (vm.count("min-mass")) discovery_options.prim.min_mass = parse_level(vm["min-mass"].as<std::string>(), "--min-mass");
    if (vm.count("tree-depth"))
        discovery_options.tree.max_depth = static_cast<std::size_t>(parse_integer_option("--tree-depth", vm["tree-depth"].as<std::string>(), 1, 12));

    const SweepData data = read_sweep(sweep);
    // The condition is checked before anything is written.
    std::optional<Condition> condition;
    if (discovering) condition = parse_condition(vm["discover"].as<std::string>(), data);
    // Refuse before the work (bootstrapping can take a while), not after.
    std::vector<std::string> names = sweep_csv_names(data.design, data.strategies.size());
    if (discovering) names.insert(names.end(), discovery_file_names().begin(), discovery_file_names().end());
    if (figures)
        for (auto& name : sweep_figure_names(data.design, data.strategies.size(), discovering)) names.push_back(std::move(name));
    for (const auto& name : names)
        if (std::filesystem::exists(dir / name) && !force)
            throw OutputError("output file `" + (dir / name).string() + "` already exists; use --force to overwrite it");

    const SweepAnalysis analysis = analyze_sweep(data, sobol);
    std::vector<CsvFile> files = sweep_csv_files(data, analysis);
    std::optional<Discovery> discovery;
    if (discovering) {
        try {
            discovery = discover(data, condition->text, discovery_options);
        } catch (const std::invalid_argument& e) {
            throw InputError("--discover: " + std::string(e.what()));
        }
        for (auto& f : discovery_files(data, *discovery)) files.push_back(std::move(f));
    }
    const auto written = write_csv_files(dir, files, force);
    if (!quiet) std::cout << format_sweep_analysis(data, analysis, top) << "\n";
    if (!quiet && discovery)
        std::cout << format_discovery(data, *discovery) << "\n" << files.back().text << "\n";
    for (const auto& p : written) std::cout << "wrote " << p.string() << "\n";
    if (figures) {
        // The page draws the discovery figures only for a run that discovered
        // (not from an earlier run's files left in the folder).
        ::setenv("AMBASSIM_SWEEP_DISCOVERY", discovering ? "1" : "0", 1);
        make_sweep_report(sweep, dir, force);
        std::cout << "wrote " << (dir / "index.html").string() << "\n";
    }
    return kExitOk;
}

}  // namespace ambassim::cli
