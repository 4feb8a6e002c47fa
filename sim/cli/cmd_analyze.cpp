// `ambassim analyze SWEEP.h5`: sensitivity indices and where each strategy
// wins, from a merged sweep file (analysis/sweep_analysis.hpp), written as
// CSV files, a terminal summary and (unless --no-figures) figures and
// index.html made by analysis/scripts/sweep_report.py.
#include "analysis/sweep/sweep_analysis.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/report_script.hpp"
#include "sim/output/hdf5_file.hpp"

#include <charconv>
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
        ("no-figures", "write only the CSV files (no Python, no figures, no index.html)")
        ("force", "overwrite existing CSV files, figures and index.html")
        ("quiet,q", "no table (only the `wrote` lines)");
    return o;
}

double parse_level(const std::string& text) {
    double value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end || !(value > 0 && value < 1))
        throw UsageError("--level expects a number between 0 and 1 (exclusive), got `" + text + "`");
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

    const SweepData data = read_sweep(sweep);
    // Refuse before the work (bootstrapping can take a while), not after.
    std::vector<std::string> names = sweep_csv_names(data.design, data.strategies.size());
    if (figures)
        for (auto& name : sweep_figure_names(data.design, data.strategies.size())) names.push_back(std::move(name));
    for (const auto& name : names)
        if (std::filesystem::exists(dir / name) && !force)
            throw OutputError("output file `" + (dir / name).string() + "` already exists; use --force to overwrite it");

    const SweepAnalysis analysis = analyze_sweep(data, sobol);
    const auto written = write_csv_files(dir, sweep_csv_files(data, analysis), force);
    if (!quiet) std::cout << format_sweep_analysis(data, analysis, top) << "\n";
    for (const auto& p : written) std::cout << "wrote " << p.string() << "\n";
    if (figures) {
        make_sweep_report(sweep, dir, force);
        std::cout << "wrote " << (dir / "index.html").string() << "\n";
    }
    return kExitOk;
}

}  // namespace ambassim::cli
