// `ambassim calibrate SCENARIO.toml --targets TARGETS.toml`: fits the free
// parameters of the targets file so the simulated company measures match the
// observed ones (analysis/fit/calibrate.hpp), then writes the calibrated
// scenario (base = the original), the 95% intervals, the fit tables and
// (--report) the fit figure.
#include "analysis/fit/calibration_output.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/fit_command.hpp"
#include "sim/cli/progress.hpp"
#include "sim/cli/report_script.hpp"
#include "sim/cli/stop_signal.hpp"
#include "sim/util/atomic_file.hpp"
#include "sim/util/errors.hpp"

#include "ambassim/version.hpp"

#include <chrono>
#include <iomanip>
#include <filesystem>
#include <iostream>
#include <limits>
#include <sstream>

namespace ambassim::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

po::options_description calibrate_options() {
    po::options_description o("Options");
    o.add_options()
        ("help,h", "show this help")
        ("targets", po::value<std::string>()->value_name("FILE"), "observed figures and free parameters (required)")
        ("output,o", po::value<std::string>()->value_name("OUT.toml"),
         "calibrated scenario (default: <scenario stem>.calibrated.toml); OUT.intervals.toml, OUT.fit.csv and "
         "OUT.parameters.csv are written beside it")
        ("report", po::value<std::string>()->value_name("DIR"), "also draw the fit figures (fit.png, parameters.png) into DIR")
        ("replicates", po::value<std::string>()->value_name("R"), "replicates per evaluation (default: [calibration] replicates = 4)")
        ("evaluations", po::value<std::string>()->value_name("N"), "search evaluations (default: [calibration] evaluations = 120)")
        ("scale", po::value<std::string>()->value_name("F"), "population factor of the evaluations, (0, 1] (default: [calibration] scale = 1)");
    add_scenario_run_options(o);
    return o;
}

double parse_scale(const std::string& text) {
    try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        if (used == text.size() && v > 0 && v <= 1) return v;
    } catch (const std::exception&) {
    }
    throw UsageError("--scale: expected a number in (0, 1], got `" + text + "`");
}

}  // namespace

void calibrate_help(std::ostream& out) {
    out << "Usage: ambassim calibrate SCENARIO.toml --targets TARGETS.toml [-o OUT.toml] [options]\n"
           "\n"
           "Fits the free parameters named in TARGETS.toml (with their ranges) so that the\n"
           "simulated company measures (churn, nps, referral_share, front_line_attrition,\n"
           "staff_attrition, engagement_score, ambassador_share, saboteur_share) match the\n"
           "observed ones, each over its period of the run. Every evaluation runs the\n"
           "scenario's strategy over the same replicates (common random numbers), in\n"
           "parallel; the search is a space-filling design then NLopt's BOBYQA, and the\n"
           "95% intervals come from the linearised fit (docs/calibration.md). Parameters\n"
           "the targets cannot pin down are reported as flat directions.\n"
           "\n"
           "Writes OUT.toml (base = SCENARIO.toml plus the fitted values, with the fit's\n"
           "provenance as comments), OUT.intervals.toml, OUT.fit.csv and OUT.parameters.csv.\n"
           "\n"
        << calibrate_options();
}

int calibrate_command(const std::vector<std::string>& args) {
    const auto parsed = parse_command("calibrate", args, calibrate_options(), {"scenario"}, calibrate_help,
                                      "calibrate needs a scenario file");
    if (!parsed) return kExitOk;
    const auto& vm = *parsed;
    if (!vm.count("targets")) throw UsageError("calibrate needs --targets TARGETS.toml (see ambassim calibrate --help)");
    const fs::path scenario_path = vm["scenario"].as<std::string>();
    const Scenario s = load_with_options(scenario_path, vm);
    TargetsFile targets = load_targets(vm["targets"].as<std::string>(), s);
    if (vm.count("replicates"))
        targets.settings.replicates = parse_integer_option("--replicates", vm["replicates"].as<std::string>(), 1, 1000);
    if (vm.count("evaluations"))
        targets.settings.evaluations = parse_integer_option("--evaluations", vm["evaluations"].as<std::string>(), 1, 1000000);
    if (vm.count("scale")) targets.settings.scale = parse_scale(vm["scale"].as<std::string>());
    scaled_scenario(s, targets.settings.scale);  // refuse an impossible scale before any work

    const bool force = vm.count("force") > 0, quiet = vm.count("quiet") > 0;
    const fs::path output = vm.count("output") ? fs::path(vm["output"].as<std::string>())
                                               : fs::path(scenario_path.stem().string() + ".calibrated.toml");
    const std::vector<fs::path> outputs{output, beside(output, ".intervals.toml"), beside(output, ".fit.csv"),
                                        beside(output, ".parameters.csv")};
    refuse_existing(outputs, force);  // before the work, not after

    const auto start = std::chrono::steady_clock::now();
    const bool terminal = stderr_is_terminal();
    auto progress = [&](const CalibrationProgress& p) {
        if (quiet) return;
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cerr << (terminal ? "\r" : "") << "calibrate: evaluation " << p.done << "/" << p.total << ", best chi2 "
                  << std::setprecision(4) << p.best_chi2 << ", "
                  << elapsed_and_eta(elapsed, static_cast<double>(p.done), static_cast<double>(p.total))
                  << (terminal ? "   " : "\n") << std::flush;
    };
    const std::atomic<bool>& stop = install_stop_handlers();
    const CalibrationResult r = calibrate(s, targets, progress, &stop);
    if (!quiet && terminal) std::cerr << "\n";
    if (stop.load()) {
        std::cerr << "interrupted: nothing written\n";
        return kExitInterrupted;
    }
    std::ostringstream scale;
    scale << targets.settings.scale;
    const std::vector<std::string> provenance{
        "Calibrated by `ambassim calibrate` (ambassim " + std::string(kVersion) + ", git " + std::string(kGitCommit) + ")",
        "scenario: " + scenario_path.string() + ", targets: " + targets.path + ", seed " + std::to_string(s.plan.seed),
        std::to_string(targets.settings.replicates) + " replicates per evaluation (common random numbers), scale " +
            scale.str() + " (" + std::to_string(r.employees) + " employees, " + std::to_string(r.customers) +
            " customers per run), strategy " + r.strategy};
    write_file_atomically(outputs[0], calibrated_scenario_text(r, relative_to(scenario_path, output), provenance,
                                                 command_line_overlay(s, vm.count("seed") > 0)),
                          force);
    write_file_atomically(outputs[1], intervals_text(r, provenance), force);
    write_file_atomically(outputs[2], fit_csv(r), force);
    write_file_atomically(outputs[3], parameters_csv(r), force);
    if (!quiet) std::cout << format_calibration(r) << "\n";
    for (const auto& o : outputs) std::cout << "wrote " << o.string() << "\n";
    if (vm.count("report")) {
        const fs::path dir = vm["report"].as<std::string>();
        make_script_report("fit_report.py", "AMBASSIM_FIT_REPORT_SCRIPT", outputs[2], dir, force);
        std::cout << "wrote " << (dir / "fit.png").string() << "\nwrote " << (dir / "parameters.png").string() << "\n";
    }
    return kExitOk;
}

}  // namespace ambassim::cli
