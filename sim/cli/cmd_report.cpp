// `ambassim report RESULTS.h5 DIR`: figures and index.html for a comparison
// file, made by analysis/scripts/report.py from the file alone.
#include "sim/cli/commands.hpp"
#include "sim/cli/report_script.hpp"

#include <iostream>

namespace ambassim::cli {

namespace po = boost::program_options;

namespace {
po::options_description report_options() {
    po::options_description o("Options");
    o.add_options()("help,h", "show this help")("force", "overwrite existing figures and index.html");
    return o;
}
}  // namespace

void report_help(std::ostream& out) {
    out << "Usage: ambassim report RESULTS.h5 DIR [--force]\n"
           "\n"
           "Writes PNG and SVG figures and an index.html (table and figures) for a\n"
           "comparison file written by `ambassim compare`, using analysis/scripts/report.py\n"
           "(Debian's python3-h5py and python3-matplotlib). The script reads only the\n"
           "HDF5 file: `/usr/bin/python3 analysis/scripts/report.py RESULTS.h5 DIR` does the same.\n"
           "\n"
        << report_options();
}

int report_command(const std::vector<std::string>& args) {
    const auto parsed = parse_command("report", args, report_options(), {"results", "dir"}, report_help,
                                      "report needs a results file and a folder");
    if (!parsed) return kExitOk;
    const auto& vm = *parsed;
    const std::filesystem::path dir = vm["dir"].as<std::string>();
    make_report(vm["results"].as<std::string>(), dir, vm.count("force") > 0);
    std::cout << "wrote " << (dir / "index.html").string() << "\n";
    return kExitOk;
}

}  // namespace ambassim::cli
