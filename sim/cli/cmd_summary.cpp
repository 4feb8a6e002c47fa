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
           "by `ambassim analyze`. A figure computed from values the file holds as NaN\n"
           "or infinity is printed `n/a`.\n"
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
        // Each file's text is complete before any of it is printed: a file
        // refused half-way prints nothing but the error.
        std::string format;
        {
            const H5Input in(f);
            if (in.has_attribute("/", "format")) format = in.attribute_string("/", "format");
        }
        std::string text;
        if (format == "ambassim-compare") {
            PrintOptions print;
            print.width = terminal_width();
            text = "file                  " + f + "  (a comparison file written by `ambassim compare`; figures: " +
                   "`ambassim report " + f + " DIR`)\n\n" + format_comparison(summarise_comparison(read_comparison_data(f)), print);
        } else {
            text = "file                  " + f + "\n" + format_figures(figures_from_file(f));
        }
        std::cout << (first ? "" : "\n") << text;
        first = false;
    }
    return kExitOk;
}

}  // namespace ambassim::cli
