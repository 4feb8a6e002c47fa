// `ambassim compare SCENARIO.toml`: every strategy x replicate with common
// random numbers, one HDF5 file with all trajectories and the statistics,
// a table on the terminal, CSV files beside the HDF5 file and (--report) the
// figures and index.html.
#include "analysis/compare/bottom_line.hpp"
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
#include <optional>
#include <sstream>

namespace ambassim::cli {

namespace po = boost::program_options;

namespace {

po::options_description compare_options() {
    po::options_description o("Options");
    o.add_options()
        ("help,h", "show this help")
        ("strategies", po::value<std::string>()->value_name("A,B,..."),
         "strategies to compare (default: [compare] strategies, else none,engagement_first,ambassadorship_first,"
         "balanced and the scenario's [strategies.NAME] plans)")
        ("replicates", po::value<std::string>()->value_name("R"), "replicates per strategy (default: [compare] replicates = 10)")
        ("output,o", po::value<std::string>()->value_name("PATH"),
         "HDF5 results file (default: <scenario stem>.compare.h5); CSV files are written beside it. With several "
         "scenarios: the folder for their files (default: the current folder)")
        ("report", po::value<std::string>()->value_name("DIR"),
         "also write figures and a self-contained index.html into DIR (several scenarios: DIR/<stem>/)")
        ("verdicts", po::value<std::string>()->value_name("SET"),
         "verdict sentences printed: headline (default: the pairs that decide loyalty, advocacy, referrals and "
         "money), all (every pair of every outcome) or none")
        ("width", po::value<std::string>()->value_name("COLUMNS"),
         "fit the table to this many columns (default: the terminal's width; plain layout when not a terminal)")
        ("seed", po::value<std::string>()->value_name("N"), "random seed, overrides [run] seed")
        ("threads", po::value<std::string>()->value_name("N"), "worker threads (0 = all cores)")
        ("set", po::value<std::vector<std::string>>()->composing()->value_name("KEY=VALUE"),
         "override one scenario key (repeatable, applied in order, to every scenario)")
        ("force", "overwrite existing results (HDF5, CSV, report files)")
        ("quiet,q", "no progress (the bottom line, table, errors and warnings are still printed)");
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
    out << "Usage: ambassim compare SCENARIO.toml [MORE.toml ...] [options]\n"
           "\n"
           "Runs every strategy x replicate of SCENARIO.toml (in parallel) with common\n"
           "random numbers: replicate r of every strategy shares the initial world, the\n"
           "warm-up and every random number the strategy does not change. Prints the\n"
           "bottom line first (winner, margin with 95% CI and crossover day for loyalty,\n"
           "advocacy, referrals and money; payback against none), then mean [95% CI]\n"
           "per strategy and outcome and the headline verdicts, and writes one HDF5 file\n"
           "with every trajectory and the statistics plus two CSV files.\n"
           "\n"
           "With several scenarios, each gets its own files and bottom line, and a last\n"
           "table shows the winner per headline outcome per scenario (where the answer\n"
           "turns).\n"
           "\n"
        << compare_options();
}

namespace {

struct CompareSettings {
    std::vector<std::string> sets;
    std::optional<std::uint64_t> seed;
    std::optional<std::int64_t> threads, replicates;
    std::optional<std::string> strategies;
    PrintOptions print;
    bool force = false, quiet = false;
};

// One scenario's comparison: files, printed results; its summary for the
// several-scenario table (nullopt if interrupted).
std::optional<ComparisonSummary> compare_one(const std::string& file, const std::filesystem::path& output,
                                             const std::optional<std::filesystem::path>& report,
                                             const CompareSettings& cs, const std::atomic<bool>& stop, int& status) {
    Scenario s = load_scenario(file);
    if (!cs.sets.empty()) apply_overrides(s, cs.sets);
    if (cs.seed) s.plan.seed = *cs.seed;
    if (cs.threads) s.plan.threads = *cs.threads;
    const std::int64_t replicates = cs.replicates ? *cs.replicates : s.compare.replicates;
    const auto strategies =
        comparison_strategies(s, cs.strategies ? parse_strategies(*cs.strategies, s) : std::vector<std::string>{});
    validate(s);
    for (const auto& csv : comparison_csv_paths(output))  // refuse before hours of work, not after
        if (std::filesystem::exists(csv) && !cs.force)
            throw OutputError("output file `" + csv.string() + "` already exists; use --force to overwrite it");

    H5Output out(output, cs.force);
    ProgressBar bar(progress_mode(cs.quiet));
    bar.set_units("runs", static_cast<std::int64_t>(strategies.size()) * replicates);
    const ComparisonData data = run_comparison(
        s, strategies, replicates, [&](std::int64_t done, std::int64_t total) { bar.update(done, total); }, &stop);
    bar.clear();
    const ComparisonSummary summary = write_comparison_file(out, s, data);
    out.commit();
    if (!data.complete) {
        std::cerr << "interrupted: wrote incomplete results to " << output.string() << "\n";
        status = kExitInterrupted;
        return std::nullopt;
    }
    const auto csvs = write_comparison_csv(summary, output, cs.force);
    std::cout << format_comparison(summary, cs.print) << "\n";
    if (std::any_of(data.market_short.begin(), data.market_short.end(), [](std::int64_t x) { return x != 0; }))
        std::cerr << kMarketShortWarning << "\n";
    std::cout << "wrote " << output.string() << "\n";
    for (const auto& c : csvs) std::cout << "wrote " << c.string() << "\n";
    if (report) {
        make_report(output, *report, cs.force);
        std::cout << "wrote " << (*report / "index.html").string() << "\n";
    }
    return summary;
}

VerdictSet parse_verdicts(const std::string& text) {
    if (text == "headline") return VerdictSet::headline;
    if (text == "all") return VerdictSet::all;
    if (text == "none") return VerdictSet::none;
    throw UsageError("--verdicts expects headline, all or none, got `" + text + "`");
}

}  // namespace

int compare_command(const std::vector<std::string>& args) {
    const auto parsed = parse_command("compare", args, compare_options(), {"scenario"}, compare_help,
                                      "compare needs a scenario file", true);
    if (!parsed) return kExitOk;
    const auto& vm = *parsed;
    constexpr long long kMax = std::numeric_limits<long long>::max();
    const auto files = vm["scenario"].as<std::vector<std::string>>();
    CompareSettings cs;
    if (vm.count("set")) cs.sets = vm["set"].as<std::vector<std::string>>();
    if (vm.count("seed")) cs.seed = static_cast<std::uint64_t>(parse_integer_option("--seed", vm["seed"].as<std::string>(), 0, kMax));
    if (vm.count("threads")) cs.threads = parse_integer_option("--threads", vm["threads"].as<std::string>(), 0, 1024);
    if (vm.count("replicates")) cs.replicates = parse_integer_option("--replicates", vm["replicates"].as<std::string>(), 1, 100000);
    if (vm.count("strategies")) cs.strategies = vm["strategies"].as<std::string>();
    if (vm.count("verdicts")) cs.print.verdicts = parse_verdicts(vm["verdicts"].as<std::string>());
    cs.print.width = vm.count("width") ? static_cast<std::size_t>(parse_integer_option("--width", vm["width"].as<std::string>(), 40, 1000))
                                       : terminal_width();
    cs.force = vm.count("force") > 0;
    cs.quiet = vm.count("quiet") > 0;
    const std::atomic<bool>& stop = install_stop_handlers();
    int status = kExitOk;
    if (files.size() == 1) {
        const std::filesystem::path output = vm.count("output") ? std::filesystem::path(vm["output"].as<std::string>())
                                                                : std::filesystem::path(std::filesystem::path(files[0]).stem().string() + ".compare.h5");
        std::optional<std::filesystem::path> report;
        if (vm.count("report")) report = vm["report"].as<std::string>();
        compare_one(files[0], output, report, cs, stop, status);
        return status;
    }
    // Several scenarios: distinct stems name their files; all are checked before any runs.
    const std::filesystem::path folder = vm.count("output") ? std::filesystem::path(vm["output"].as<std::string>()) : ".";
    std::vector<std::string> stems;
    for (const auto& f : files) {
        const std::string stem = std::filesystem::path(f).stem().string();
        if (std::find(stems.begin(), stems.end(), stem) != stems.end())
            throw UsageError("two scenarios are named `" + stem + "`: their result files would collide; rename one");
        stems.push_back(stem);
        Scenario check = load_scenario(f);  // a bad file is reported before hours of work on the others
        if (!cs.sets.empty()) apply_overrides(check, cs.sets);
        if (cs.strategies) parse_strategies(*cs.strategies, check);
    }
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) throw OutputError("cannot create folder `" + folder.string() + "`: " + ec.message());
    std::vector<std::pair<std::string, ComparisonSummary>> done;
    for (std::size_t i = 0; i < files.size() && status == kExitOk; ++i) {
        std::cout << "== " << files[i] << " ==\n";
        std::optional<std::filesystem::path> report;
        if (vm.count("report")) report = std::filesystem::path(vm["report"].as<std::string>()) / stems[i];
        if (auto summary = compare_one(files[i], folder / (stems[i] + ".compare.h5"), report, cs, stop, status))
            done.emplace_back(stems[i], std::move(*summary));
        std::cout << "\n";
    }
    if (done.size() > 1) std::cout << format_winners_by_scenario(done, cs.print.width);
    return status;
}

}  // namespace ambassim::cli
