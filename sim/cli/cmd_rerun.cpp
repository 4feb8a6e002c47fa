// `ambassim rerun FILE.h5`: runs again exactly what produced a run file, from
// the scenario text, overrides, seed and replicate recorded in it; with
// --check, compares every dataset of the new file with the old one.
#include "sim/output/file_diff.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/stop_signal.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/runs/runner.hpp"
#include "sim/util/text_input.hpp"

#include <boost/algorithm/string/classification.hpp>
#include <boost/algorithm/string/split.hpp>

#include <iostream>

namespace ambassim::cli {

namespace po = boost::program_options;

namespace {

po::options_description rerun_options() {
    po::options_description o("Options");
    o.add_options()
        ("help,h", "show this help")
        ("output,o", po::value<std::string>()->value_name("PATH"), "output file (default: <FILE stem>.rerun.h5)")
        ("threads", po::value<std::string>()->value_name("N"), "worker threads (0 = all cores; never changes results)")
        ("check", "compare every dataset of the new file with FILE and fail (exit 1) if any differs")
        ("force", "overwrite an existing output file");
    return o;
}

Scenario recorded_scenario(const std::filesystem::path& file) {
    const H5Input in(file);
    if (!in.has_attribute("/", "format") || in.attribute_string("/", "format") != "ambassim-run")
        throw InputError("`" + file.string() + "` is not a run file written by `ambassim run`");
    const std::string recorded_path = in.attribute_string("/", "scenario_path");
    // Errors name the run file: the text is the one recorded there, which
    // may differ from the scenario file on disk today.
    const std::string origin = file.string() + ": recorded text of " + recorded_path;
    std::vector<ScenarioSource> bases;  // the recorded base chain, never the files on disk today
    if (in.exists("/scenario_bases/path")) {
        const auto paths = in.read_strings("/scenario_bases/path"), texts = in.read_strings("/scenario_bases/text");
        for (std::size_t i = 0; i < paths.size() && i < texts.size(); ++i) bases.push_back({paths[i], texts[i]});
    }
    Scenario s = parse_scenario(in.attribute_string("/", "scenario_text"), origin, bases);
    s.path = recorded_path;
    const std::string overrides = in.attribute_string("/", "overrides");
    if (!overrides.empty()) {
        std::vector<std::string> list;
        boost::split(list, overrides, boost::is_any_of("\n"));
        // Errors name the run file and its attribute, not a --set nobody typed.
        apply_overrides(s, list, "`" + printable(file.string(), 200) + "`: attribute `overrides`");
    }
    const std::int64_t seed = in.attribute_int("/", "seed");
    const std::int64_t replicate = in.attribute_int("/", "replicate");
    if (seed < 0)
        throw InputError("`" + file.string() + "`: attribute `seed` = " + std::to_string(seed) +
                         " is negative; not a seed ambassim recorded");
    if (replicate < 0)
        throw InputError("`" + file.string() + "`: attribute `replicate` = " + std::to_string(replicate) +
                         " is negative; not a replicate ambassim recorded");
    s.plan.seed = static_cast<std::uint64_t>(seed);
    s.plan.replicate = replicate;
    return s;
}

}  // namespace

void rerun_help(std::ostream& out) {
    out << "Usage: ambassim rerun FILE.h5 [options]\n"
           "\n"
           "Reproduces a run from what its file records (scenario text, --set\n"
           "overrides, seed, replicate). The new file is identical bit for bit;\n"
           "--check verifies that dataset by dataset.\n"
           "\n"
        << rerun_options();
}

int rerun_command(const std::vector<std::string>& args) {
    const auto parsed = parse_command("rerun", args, rerun_options(), {"file"}, rerun_help,
                                      "rerun needs a run file");
    if (!parsed) return kExitOk;
    const auto& vm = *parsed;
    const std::filesystem::path original = vm["file"].as<std::string>();
    Scenario s = recorded_scenario(original);
    s.plan.output = vm.count("output") ? vm["output"].as<std::string>()
                                       : (original.parent_path() / (original.stem().string() + ".rerun.h5")).string();
    s.plan.force = vm.count("force") > 0;
    s.plan.threads = vm.count("threads") ? parse_integer_option("--threads", vm["threads"].as<std::string>(), 0, 1024) : 0;
    const RunSummary r = run_scenario(s, {}, &install_stop_handlers());
    if (!r.complete) {
        std::cerr << "interrupted: wrote incomplete results to " << s.plan.output << "\n";
        return kExitInterrupted;
    }
    std::cout << "wrote " << s.plan.output << "\n";
    if (vm.count("check")) {
        const FileDiff d = diff_files(original, s.plan.output);
        for (const auto& line : d.differences) std::cout << "differs: " << line << "\n";
        std::cout << (d.identical() ? "identical: " : "NOT identical: ") << d.datasets_compared
                  << " datasets compared\n";
        return d.identical() ? kExitOk : kExitFailure;
    }
    return kExitOk;
}

}  // namespace ambassim::cli
