// `ambassim optimise SCENARIO.toml --objective ...`: searches time-phased
// allocations of the program budget for an objective (or the Pareto front of
// two), optionally robust over parameter samples, checks the best plans out
// of sample against every built-in strategy and writes them as named custom
// strategies in a scenario `ambassim compare` runs unchanged.
#include "analysis/fit/optimise_output.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/fit_command.hpp"
#include "sim/cli/progress.hpp"
#include "sim/cli/report_script.hpp"
#include "sim/cli/stop_signal.hpp"
#include "sim/util/atomic_file.hpp"
#include "sim/util/errors.hpp"
#include "models/programs.hpp"

#include "ambassim/version.hpp"

#include <boost/algorithm/string/classification.hpp>
#include <boost/algorithm/string/split.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <limits>

namespace ambassim::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

po::options_description optimise_options() {
    po::options_description o("Options");
    o.add_options()
        ("help,h", "show this help")
        ("objective", po::value<std::vector<std::string>>()->composing()->value_name("SPEC"),
         "what to maximise (required; twice for a Pareto front): a weighted sum of retention, nps, referrals, "
         "active_customers, revenue, spend, net_revenue, each @cumulated (mean over the run, default) or @horizon "
         "(last 30 days), e.g. \"nps\", \"0.5*nps@horizon + 0.01*referrals\", \"-spend\"")
        ("phases", po::value<std::string>()->value_name("N"), "phases of the plan, equally long (default: one per quarter of the horizon)")
        ("programs", po::value<std::string>()->value_name("A,B,..."),
         "programs shared in each phase (default: all eight; `families` = engagement,ambassadorship family shares)")
        ("budget", po::value<std::string>()->value_name("MIN:MAX"),
         "also search the budget per employee per year in [MIN, MAX] (default: the scenario's, fixed)")
        ("replicates", po::value<std::string>()->value_name("R"), "replicates per evaluation, common random numbers (default 4)")
        ("evaluations", po::value<std::string>()->value_name("N"), "search evaluations (default 200)")
        ("test-replicates", po::value<std::string>()->value_name("N"), "fresh replicates of the out-of-sample comparison (default 10)")
        ("uncertain", po::value<std::string>()->value_name("FILE"),
         "robust mode: sample the [parameters] ranges of FILE (a targets file or a calibration's OUT.intervals.toml)")
        ("samples", po::value<std::string>()->value_name("N"), "robust mode: parameter samples (default 4)")
        ("robust", po::value<std::string>()->value_name("mean|worst"), "robust mode: optimise the mean (default) or the worst sample")
        ("output,o", po::value<std::string>()->value_name("OUT.toml"),
         "scenario with the plans as named strategies (default: <scenario stem>.optimised.toml); OUT.plan.csv, "
         "OUT.convergence.csv and OUT.out_of_sample.csv beside it")
        ("report", po::value<std::string>()->value_name("DIR"), "also draw allocation.png, convergence.png, outofsample.png (and pareto.png) into DIR");
    add_scenario_run_options(o);
    return o;
}

std::vector<std::string> parse_programs(const std::string& text) {
    if (text == "families") return {"engagement", "ambassadorship"};
    std::vector<std::string> out;
    boost::split(out, text, boost::is_any_of(","));
    for (const auto& p : out) {
        if (std::find(kProgramNames.begin(), kProgramNames.end(), p) == kProgramNames.end())
            throw UsageError("--programs: unknown program `" + p +
                             "`; choose from career, management, cohesion, alignment, training, mission, process, "
                             "recognition (or `families`)");
        if (std::count(out.begin(), out.end(), p) > 1) throw UsageError("--programs: `" + p + "` is listed twice");
    }
    return out;
}

std::pair<double, double> parse_budget(const std::string& text) {
    const auto colon = text.find(':');
    try {
        if (colon != std::string::npos) {
            std::size_t a = 0, b = 0;
            const double lo = std::stod(text.substr(0, colon), &a), hi = std::stod(text.substr(colon + 1), &b);
            if (a == colon && b == text.size() - colon - 1 && lo >= 0 && hi > lo && std::isfinite(hi)) return {lo, hi};
        }
    } catch (const std::exception&) {
    }
    throw UsageError("--budget: expected MIN:MAX with 0 <= MIN < MAX, got `" + text + "`");
}

}  // namespace

void optimise_help(std::ostream& out) {
    out << "Usage: ambassim optimise SCENARIO.toml --objective SPEC [--objective SPEC2] [options]\n"
           "\n"
           "Searches time-phased allocations of the program budget (one phase per quarter\n"
           "by default; in each phase the shares of the programs; optionally the budget\n"
           "level) for the plan that maximises SPEC, or the Pareto front of SPEC and SPEC2.\n"
           "Every plan is evaluated on the same warmed-up replicates (common random\n"
           "numbers, the warm-up computed once); with --uncertain, on several parameter\n"
           "samples, optimising their mean or worst case. Search: a screening (equal shares,\n"
           "each program alone) then NLopt's BOBYQA or COBYLA (docs/calibration.md).\n"
           "\n"
           "The best plans are then run against every built-in strategy on fresh\n"
           "replicates (seeds not used in the search), and the command says whether each\n"
           "beats every built-in with a 95% CI excluding zero. Writes OUT.toml (base =\n"
           "SCENARIO.toml, the plans as [strategies.NAME]: `ambassim compare OUT.toml`\n"
           "runs them against the built-ins), OUT.plan.csv, OUT.convergence.csv and\n"
           "OUT.out_of_sample.csv.\n"
           "\n"
        << optimise_options();
}

int optimise_command(const std::vector<std::string>& args) {
    const auto parsed = parse_command("optimise", args, optimise_options(), {"scenario"}, optimise_help,
                                      "optimise needs a scenario file");
    if (!parsed) return kExitOk;
    const auto& vm = *parsed;
    if (!vm.count("objective")) throw UsageError("optimise needs --objective SPEC (see ambassim optimise --help)");
    OptimiseSettings st;
    const auto objectives = vm["objective"].as<std::vector<std::string>>();
    if (objectives.size() > 2) throw UsageError("--objective: give one objective, or two for a Pareto front");
    for (const auto& o : objectives) st.objectives.push_back(parse_objective(o, "--objective"));

    const fs::path scenario_path = vm["scenario"].as<std::string>();
    const Scenario s = load_with_options(scenario_path, vm);
    const double horizon = static_cast<double>(s.params.simulation.ticks) * s.params.simulation.dt_days;
    st.space.phases = vm.count("phases") ? parse_integer_option("--phases", vm["phases"].as<std::string>(), 1, 1000)
                                         : std::max<std::int64_t>(1, std::llround(std::ceil(horizon / 91.25 - 1e-9)));
    st.space.phase_days = horizon / static_cast<double>(st.space.phases);
    if (st.space.phase_days < s.params.simulation.dt_days)
        throw UsageError("--phases: " + std::to_string(st.space.phases) + " phases are shorter than one tick of the horizon");
    st.space.programs = vm.count("programs") ? parse_programs(vm["programs"].as<std::string>())
                                             : std::vector<std::string>(kProgramNames.begin(), kProgramNames.end());
    if (vm.count("budget")) {
        std::tie(st.space.budget_min, st.space.budget_max) = parse_budget(vm["budget"].as<std::string>());
        st.space.vary_budget = true;
    }
    if (vm.count("replicates")) st.replicates = parse_integer_option("--replicates", vm["replicates"].as<std::string>(), 1, 1000);
    if (vm.count("evaluations")) st.evaluations = parse_integer_option("--evaluations", vm["evaluations"].as<std::string>(), 1, 1000000);
    if (vm.count("test-replicates"))
        st.test_replicates = parse_integer_option("--test-replicates", vm["test-replicates"].as<std::string>(), 2, 10000);
    if (vm.count("uncertain")) {
        st.uncertain_path = vm["uncertain"].as<std::string>();
        st.uncertain = load_parameter_ranges(st.uncertain_path);
    }
    if (vm.count("samples")) st.samples = parse_integer_option("--samples", vm["samples"].as<std::string>(), 1, 1000);
    if (vm.count("robust")) {
        const std::string mode = vm["robust"].as<std::string>();
        if (mode != "mean" && mode != "worst") throw UsageError("--robust: say mean or worst, not `" + mode + "`");
        st.worst_case = mode == "worst";
    }
    if ((vm.count("samples") || vm.count("robust")) && st.uncertain.empty())
        throw UsageError("--samples and --robust need --uncertain FILE (the parameter ranges to sample)");

    const bool force = vm.count("force") > 0, quiet = vm.count("quiet") > 0;
    const fs::path output = vm.count("output") ? fs::path(vm["output"].as<std::string>())
                                               : fs::path(scenario_path.stem().string() + ".optimised.toml");
    const std::vector<fs::path> outputs{output, beside(output, ".plan.csv"), beside(output, ".convergence.csv"),
                                        beside(output, ".out_of_sample.csv")};
    refuse_existing(outputs, force);  // before the work, not after

    const auto start = std::chrono::steady_clock::now();
    const bool terminal = stderr_is_terminal();
    double check_start = -1;  // when the out-of-sample check began (its own ETA)
    auto progress = [&](const OptimiseProgress& p) {
        if (quiet) return;
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (p.out_of_sample) {
            if (check_start < 0) check_start = elapsed;
            std::cerr << (terminal ? "\r" : "") << "optimise: out of sample, " << p.checked << "/" << p.to_check
                      << " strategies run on " << st.test_replicates << " fresh replicates, "
                      << elapsed_and_eta(elapsed - check_start, static_cast<double>(p.checked),
                                         static_cast<double>(p.to_check))
                      << (terminal ? "   " : "\n") << std::flush;
            return;
        }
        std::cerr << (terminal ? "\r" : "") << "optimise: evaluation " << p.done << "/" << p.total;
        if (st.objectives.size() == 1) std::cerr << ", best " << std::setprecision(6) << p.best;
        std::cerr << ", " << elapsed_and_eta(elapsed, static_cast<double>(p.done), static_cast<double>(p.total))
                  << (terminal ? "   " : "\n") << std::flush;
    };
    if (!quiet) {  // the worlds are built before the first evaluation: say why nothing moves yet
        const std::int64_t samples = st.uncertain.empty() ? 1 : st.samples;
        std::cerr << "optimise: building and warming up " << samples * st.replicates
                  << " worlds (once; every evaluation reuses them)\n";
    }
    const std::atomic<bool>& stop = install_stop_handlers();
    const OptimiseResult r = optimise_plan(s, st, progress, &stop);
    if (!quiet && terminal) std::cerr << "\n";
    if (stop.load()) {
        std::cerr << "interrupted: nothing written\n";
        return kExitInterrupted;
    }
    std::string objective_text;
    for (const auto& o : st.objectives) objective_text += (objective_text.empty() ? "" : " and ") + o.text;
    const std::vector<std::string> provenance{
        "Optimised by `ambassim optimise` (ambassim " + std::string(kVersion) + ", git " + std::string(kGitCommit) + ")",
        "scenario: " + scenario_path.string() + ", objective: " + objective_text + ", seed " + std::to_string(s.plan.seed),
        std::to_string(r.history.size()) + " evaluations x " + std::to_string(st.replicates) + " replicates, " +
            std::to_string(st.space.phases) + " phases" +
            (st.uncertain.empty() ? std::string() : ", robust (" + std::string(st.worst_case ? "worst" : "mean") + " of " +
                                                        std::to_string(st.samples) + " samples of " +
                                                        vm["uncertain"].as<std::string>() + ")")};
    write_file_atomically(outputs[0], optimised_scenario_text(r, st, relative_to(scenario_path, output), provenance,
                                                 command_line_overlay(s, vm.count("seed") > 0)),
                          force);
    write_file_atomically(outputs[1], plan_csv(r, st), force);
    write_file_atomically(outputs[2], convergence_csv(r, st), force);
    write_file_atomically(outputs[3], out_of_sample_csv(r, st), force);
    if (!quiet) std::cout << format_optimisation(r, st) << "\n";
    for (const auto& o : outputs) std::cout << "wrote " << o.string() << "\n";
    if (vm.count("report")) {
        const fs::path dir = vm["report"].as<std::string>();
        make_script_report("plan_report.py", "AMBASSIM_PLAN_REPORT_SCRIPT", outputs[1], dir, force);
        for (const char* f : {"allocation.png", "convergence.png", "outofsample.png"}) std::cout << "wrote " << (dir / f).string() << "\n";
        if (st.objectives.size() == 2) std::cout << "wrote " << (dir / "pareto.png").string() << "\n";
    }
    return kExitOk;
}

}  // namespace ambassim::cli
