// `ambassim merge DIR`: builds DIR/sweep.h5 from the point files of a sweep
// directory, e.g. after the shards of a job array have all finished.
#include "analysis/sweep/sweep_merge.hpp"
#include "sim/cli/commands.hpp"

#include <iostream>

namespace ambassim::cli {

namespace po = boost::program_options;

namespace {
po::options_description merge_options() {
    po::options_description o("Options");
    o.add_options()("help,h", "show this help")("force", "overwrite an existing DIR/sweep.h5");
    return o;
}
}  // namespace

void merge_help(std::ostream& out) {
    out << "Usage: ambassim merge DIR [--force]\n"
           "\n"
           "Merges the point files of the sweep directory DIR (written by `ambassim sweep`,\n"
           "e.g. by the shards of a job array) into DIR/sweep.h5: the design matrix, every\n"
           "run's outcome metrics and the selected trajectories (docs/sweep-format.md).\n"
           "Refuses if a point is missing or incomplete.\n"
           "\n"
        << merge_options();
}

int merge_command(const std::vector<std::string>& args) {
    const auto parsed = parse_command("merge", args, merge_options(), {"dir"}, merge_help, "merge needs a sweep directory");
    if (!parsed) return kExitOk;
    const std::filesystem::path dir_path = (*parsed)["dir"].as<std::string>();
    const SweepPlan plan = make_sweep_plan(SweepDirectory::read_spec(dir_path));
    const SweepDirectory dir(dir_path, plan.spec, false);
    std::cout << "wrote " << merge_sweep(plan, dir, parsed->count("force") > 0).string() << "\n";
    return kExitOk;
}

}  // namespace ambassim::cli
