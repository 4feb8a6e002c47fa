// `ambassim merge DIR`: builds DIR/sweep.h5 from the point files of a sweep
// directory, e.g. after the shards of a job array have all finished.
#include "analysis/sweep/sweep_merge.hpp"
#include "sim/cli/commands.hpp"

#include <iostream>
#include <set>

namespace ambassim::cli {

namespace po = boost::program_options;

namespace {
po::options_description merge_options() {
    po::options_description o("Options");
    o.add_options()("help,h", "show this help")("force", "overwrite an existing DIR/sweep.h5")(
        "shards", po::value<std::string>()->value_name("N"),
        "the sweep ran as N shards (a job array of N tasks): name the tasks whose points are missing");
    return o;
}
}  // namespace

void merge_help(std::ostream& out) {
    out << "Usage: ambassim merge DIR [--force] [--shards N]\n"
           "\n"
           "Merges the point files of the sweep directory DIR (written by `ambassim sweep`,\n"
           "e.g. by the shards of a job array) into DIR/sweep.h5: the design matrix, every\n"
           "run's outcome metrics and the selected trajectories (docs/sweep-format.md).\n"
           "Refuses if a point is missing or incomplete, listing them; with --shards N also\n"
           "the job-array tasks (0-based, SLURM_ARRAY_TASK_ID) to resubmit.\n"
           "\n"
        << merge_options();
}

int merge_command(const std::vector<std::string>& args) {
    const auto parsed = parse_command("merge", args, merge_options(), {"dir"}, merge_help, "merge needs a sweep directory");
    if (!parsed) return kExitOk;
    const std::filesystem::path dir_path = (*parsed)["dir"].as<std::string>();
    const SweepPlan plan = make_sweep_plan(SweepDirectory::read_spec(dir_path));
    const SweepDirectory dir(dir_path, plan.spec, false);
    if (parsed->count("shards")) {
        const auto shards = static_cast<std::size_t>(
            parse_integer_option("--shards", (*parsed)["shards"].as<std::string>(), 1, 1'000'000));
        std::set<std::size_t> tasks;  // point p belongs to shard p mod N + 1, i.e. array task p mod N
        for (std::size_t p : missing_points(plan, dir)) tasks.insert(p % shards);
        if (!tasks.empty()) {
            std::string list;
            for (std::size_t t : tasks) list += (list.empty() ? "" : ",") + std::to_string(t);
            std::cerr << "merge: " << tasks.size() << " of " << shards << " array tasks left points incomplete: resubmit with "
                      << "sbatch --array=" << list << "\n";
        }
    }
    // The file is written before anything says so (a failed merge prints only its error).
    const std::filesystem::path merged = merge_sweep(plan, dir, parsed->count("force") > 0);
    std::cout << "wrote " << merged.string() << "\n";
    return kExitOk;
}

}  // namespace ambassim::cli
