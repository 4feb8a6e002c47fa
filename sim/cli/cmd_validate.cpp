// `ambassim validate [--out DIR] [--seeds N]`: runs the validation scenarios
// (scenarios/validation/*.toml) for seeds 1..N, measures each check's figure
// on the run files (analysis/validation_checks.hpp), prints measured vs
// reference, and writes DIR/validation.tsv plus, through
// analysis/scripts/validation_report.py, DIR/validation.md, DIR/index.html and one
// figure per check. Exit 1 if any check fails.
#include "analysis/validation/validation_checks.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/validation_files.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/util/atomic_file.hpp"
#include "sim/runs/runner.hpp"
#include "sim/scenario/scenario.hpp"

#include <chrono>
#include <fstream>
#include <sstream>
#include <iostream>

namespace ambassim::cli {

namespace po = boost::program_options;

namespace {

po::options_description validate_options() {
    po::options_description o("Options");
    o.add_options()
        ("help,h", "show this help")
        ("out", po::value<std::string>()->value_name("DIR"), "folder for runs, table, report and figures (default: validation)")
        ("seeds", po::value<std::string>()->value_name("N"), "run every check for seeds 1..N (default: 3)")
        ("threads", po::value<std::string>()->value_name("N"), "worker threads per run (0 = all cores)")
        ("no-report", "skip the Markdown/HTML report and figures (no Python needed)")
        ("force", "replace an earlier validation in DIR");
    return o;
}

std::filesystem::path run_path(const std::filesystem::path& dir, const std::string& stem, long long seed) {
    return dir / "runs" / (stem + "-seed" + std::to_string(seed) + ".h5");
}

}  // namespace

void validate_help(std::ostream& out) {
    out << "Usage: ambassim validate [--out DIR] [--seeds N] [--threads N] [--no-report] [--force]\n"
           "\n"
           "Runs the validation suite: the scenarios in scenarios/validation/ for\n"
           "seeds 1..N, each checked against a published figure (Bass diffusion, a\n"
           "plausible default world, the unit-level employee-customer correlation\n"
           "and its mediation, the satisfaction-behaviour gap). Prints one line per\n"
           "check and seed: measured vs reference [pass range] PASS/FAIL. Writes\n"
           "DIR/runs/*.h5, DIR/validation.tsv, and DIR/validation.md, DIR/index.html\n"
           "and DIR/figures/*.png via analysis/scripts/validation_report.py. An earlier\n"
           "validation in DIR is replaced only with --force. Exit code 1 if any check\n"
           "fails.\n"
           "See docs/validation.md.\n"
           "\n"
        << validate_options();
}

int validate_command(const std::vector<std::string>& args) {
    const auto parsed = parse_command("validate", args, validate_options(), {}, validate_help, "");
    if (!parsed) return kExitOk;
    const auto& vm = *parsed;
    const long long seeds = vm.count("seeds") ? parse_integer_option("--seeds", vm["seeds"].as<std::string>(), 1, 100) : 3;
    const long long threads =
        vm.count("threads") ? parse_integer_option("--threads", vm["threads"].as<std::string>(), 0, 1024) : 0;
    const std::filesystem::path dir = vm.count("out") ? vm["out"].as<std::string>() : "validation";
    const std::filesystem::path scenarios = validation_scenario_dir();

    // Load every scenario first: a broken file fails before any run.
    std::vector<Scenario> loaded;
    for (const auto& stem : validation::validation_scenarios())
        loaded.push_back(load_scenario(scenarios / (stem + ".toml")));
    // Refused before any run, like every other output (docs/robustness.md).
    if (std::filesystem::exists(dir / "validation.tsv") && !vm.count("force"))
        throw OutputError("`" + dir.string() + "` holds an earlier validation (validation.tsv); use --force to replace it");
    std::filesystem::create_directories(dir / "runs");

    const auto t0 = std::chrono::steady_clock::now();
    std::vector<validation::Measurement> all;
    for (long long seed = 1; seed <= seeds; ++seed) {
        for (std::size_t k = 0; k < loaded.size(); ++k) {
            Scenario s = loaded[k];
            s.plan.seed = static_cast<std::uint64_t>(seed);
            s.plan.threads = threads;
            s.plan.output = run_path(dir, validation::validation_scenarios()[k], seed).string();
            s.plan.force = true;  // a validation folder is regenerated, not appended to
            validate(s);
            run_scenario(s);
        }
        const auto ms = validation::measure_seed(
            [&](const std::string& stem) { return run_path(dir, stem, seed); }, seed);
        for (const auto& m : ms) std::cout << validation::format_measurement(m) << "\n";
        std::cout.flush();
        all.insert(all.end(), ms.begin(), ms.end());
    }
    // The world's figures are judged on their mean over the seeds.
    const std::size_t per_seed = all.size();
    validation::judge_over_seeds(all);
    for (std::size_t i = per_seed; i < all.size(); ++i) std::cout << validation::format_measurement(all[i]) << "\n";
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    const auto table = dir / "validation.tsv";
    {
        std::ostringstream text;
        validation::write_table(text, all);
        write_file_atomically(table, text.str(), true);  // an earlier validation was refused or --force given
    }
    std::size_t failed = 0, judged = 0;
    for (const auto& m : all) failed += !m.pass(), judged += m.judged();
    std::cout << (judged - failed) << " of " << judged << " checks passed (" << seeds << " seeds, "
              << static_cast<long long>(seconds + 0.5) << " s)\n";
    std::cout << "wrote " << table.string() << "\n";
    if (!vm.count("no-report")) {
        run_validation_report(dir);
        std::cout << "wrote " << (dir / "validation.md").string() << " and " << (dir / "index.html").string() << "\n";
    }
    return failed ? kExitFailure : kExitOk;
}

}  // namespace ambassim::cli
