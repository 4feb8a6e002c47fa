// Command table and the option-parsing helpers shared by the subcommands.
#include "sim/cli/commands.hpp"

#include <iostream>

#include <cctype>
#include <charconv>

namespace ambassim::cli {

namespace po = boost::program_options;

const std::vector<Command>& commands() {
    static const std::vector<Command> list = {
        {"run", "run one simulation and write its results to an HDF5 file", run_command, run_help},
        {"compare", "compare strategies over replicates with common random numbers", compare_command, compare_help},
        {"sweep", "run a comparison at every point of a parameter design (TBB, MPI, shards)", sweep_command, sweep_help},
        {"merge", "merge a sweep directory's point files into sweep.h5", merge_command, merge_help},
        {"analyze", "sensitivity indices and where each strategy wins, from sweep.h5", analyze_command, analyze_help},
        {"report", "write figures and index.html for a comparison file", report_command, report_help},
        {"rerun", "reproduce a run from its file, optionally checking it bit for bit", rerun_command, rerun_help},
        {"check", "validate a scenario or sweep file without running it", check_command, check_help},
        {"params", "print every parameter with default, unit, range and description", params_command, params_help},
        {"summary", "print the headline figures of finished run files", summary_command, summary_help},
        {"validate", "run the validation suite against published figures and write its report", validate_command, validate_help},
        {"export", "write the tidy table (CSV/TSV) of a run, comparison or sweep file", export_command, export_help},
        {"serve", "start the classroom page: a live comparison in the browser", serve_command, serve_help},
        {"calibrate", "fit free parameters to a company's observed figures (churn, NPS, attrition, ...)", calibrate_command, calibrate_help},
        {"optimise", "search the time-phased program allocation that best meets an objective", optimise_command, optimise_help},
    };
    return list;
}

namespace {

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// `--set key value` (a space instead of '='): Boost would take `value` as a
// positional argument and complain about something else.
void refuse_split_assignments(const std::string& command, const std::vector<std::string>& args) {
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] != "--set") continue;
        const std::string& key = args[i + 1];
        if (key.find('=') != std::string::npos) continue;
        if (i + 2 >= args.size() || args[i + 2].starts_with("-")) continue;  // "--set KEY": expected key=value
        throw UsageError("--set takes KEY=VALUE as one argument, got `" + key + "` followed by `" + args[i + 2] +
                         "`: write `--set " + key + "=" + args[i + 2] + "` (see `ambassim " + command + " --help`)");
    }
}

}  // namespace

std::optional<po::variables_map> parse_command(const std::string& command, const std::vector<std::string>& args,
                                               const po::options_description& options,
                                               const std::vector<std::string>& positionals, void (*help)(std::ostream&),
                                               const std::string& missing, bool last_repeats) {
    po::options_description hidden;
    po::positional_options_description positional;
    for (std::size_t i = 0; i < positionals.size(); ++i) {
        const bool rest = last_repeats && i + 1 == positionals.size();
        if (rest)
            hidden.add_options()(positionals[i].c_str(), po::value<std::vector<std::string>>());
        else
            hidden.add_options()(positionals[i].c_str(), po::value<std::string>());
        positional.add(positionals[i].c_str(), rest ? -1 : 1);
    }
    // Extra words are collected instead of Boost's "too many positional
    // options", so that the message can name them and say what was expected.
    constexpr const char* kExtra = "ambassim-extra-arguments";
    if (!last_repeats) {
        hidden.add_options()(kExtra, po::value<std::vector<std::string>>());
        positional.add(kExtra, -1);
    }
    po::options_description all;
    all.add(options).add(hidden);
    refuse_split_assignments(command, args);
    auto vm = parse_command_line(command, args, all, positional);
    if (vm.count("help")) {
        help(std::cout);
        return std::nullopt;
    }
    if (vm.count(kExtra)) {
        std::string expected;
        for (const auto& name : positionals) expected += (expected.empty() ? "" : " ") + upper(name);
        const auto& extra = vm[kExtra].as<std::vector<std::string>>();
        throw UsageError("unexpected argument `" + extra.front() + "`: `ambassim " + command + "` takes " +
                         (positionals.empty() ? std::string("no arguments") : expected) + " and options (see `ambassim " +
                         command + " --help`)");
    }
    for (const auto& name : positionals)
        if (!vm.count(name)) throw UsageError(missing + " (see `ambassim " + command + " --help`)");
    return vm;
}

po::variables_map parse_command_line(const std::string& command, const std::vector<std::string>& args,
                                     const po::options_description& options,
                                     const po::positional_options_description& positional) {
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args)
                      .options(options)
                      .positional(positional)
                      .style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing)
                      .run(),
                  vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(std::string(e.what()) + " (see `ambassim " + command + " --help`)");
    }
    return vm;
}

long long parse_integer_option(const std::string& option, const std::string& text, long long lo, long long hi) {
    long long value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end || value < lo || value > hi)
        throw UsageError(option + " expects an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                         "], got `" + text + "`");
    return value;
}

}  // namespace ambassim::cli
