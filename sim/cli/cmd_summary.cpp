// `ambassim summary FILE.h5 ...`: the headline figures of finished runs,
// computed from the files alone (analysis/run_figures).
#include "analysis/compare/comparison.hpp"
#include "analysis/compare/run_figures.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/progress.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/runs/compare.hpp"

#include <iostream>

namespace ambassim::cli {

namespace po = boost::program_options;

namespace {
po::options_description summary_options() {
    po::options_description o("Options");
    o.add_options()("help,h", "show this help");
    return o;
}
}  // namespace

void summary_help(std::ostream& out) {
    out << "Usage: ambassim summary FILE.h5 [FILE.h5 ...]\n"
           "\n"
           "Prints the headline figures (customers, churn, NPS, revenue, attrition,\n"
           "mean employee and customer states) of run files written by `ambassim run`,\n"
           "and the bottom line and table of comparison files written by `ambassim\n"
           "compare` (recomputed from the runs in the file). A sweep's files are read\n"
           "by `ambassim analyze`.\n"
           "\n"
        << summary_options();
}

int summary_command(const std::vector<std::string>& args) {
    const auto parsed = parse_command("summary", args, summary_options(), {"file"}, summary_help,
                                      "summary needs at least one run file", true);
    if (!parsed) return kExitOk;
    const auto& vm = *parsed;
    bool first = true;
    for (const auto& f : vm["file"].as<std::vector<std::string>>()) {
        std::cout << (first ? "" : "\n");
        first = false;
        std::string format;
        {
            const H5Input in(f);
            if (in.has_attribute("/", "format")) format = in.attribute_string("/", "format");
        }
        if (format == "ambassim-compare") {
            std::cout << "file                  " << f << "  (a comparison file written by `ambassim compare`; figures: "
                      << "`ambassim report " << f << " DIR`)\n\n";
            PrintOptions print;
            print.width = terminal_width();
            std::cout << format_comparison(summarise_comparison(read_comparison_data(f)), print);
            continue;
        }
        std::cout << "file                  " << f << "\n" << format_figures(figures_from_file(f));
    }
    return kExitOk;
}

}  // namespace ambassim::cli
