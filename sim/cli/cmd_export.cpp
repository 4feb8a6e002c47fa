// `ambassim export FILE.h5`: the tidy long table of a run, comparison or sweep
// file as CSV or TSV (sim/output/tidy_table.hpp), written atomically and never
// over an existing file without --force.
#include "sim/cli/commands.hpp"
#include "sim/output/tidy_table.hpp"
#include "sim/util/atomic_file.hpp"

#include <iostream>

namespace ambassim::cli {

namespace po = boost::program_options;

namespace {
po::options_description export_options() {
    po::options_description o("Options");
    o.add_options()
        ("help,h", "show this help")
        ("csv", "comma-separated values (the default)")
        ("tsv", "tab-separated values")
        ("per-tick", "one row per tick with every trajectory (default: one row per run with its outcome metrics)")
        ("output,o", po::value<std::string>()->value_name("OUT"), "output file, `-` for standard output (default: FILE's stem + .csv/.tsv, or .per_tick.csv/.tsv)")
        ("force", "overwrite an existing output file");
    return o;
}
}  // namespace

void export_help(std::ostream& out) {
    out << "Usage: ambassim export FILE.h5 [--csv|--tsv] [--per-tick] [-o OUT] [--force]\n"
           "\n"
           "Writes the tidy (long) table of a run, comparison or sweep file: one row per\n"
           "point x strategy x replicate (x tick with --per-tick), with the point's factor\n"
           "values, the strategy and the replicate as columns, then one column per outcome\n"
           "metric (`nps.horizon`) or, per tick, per trajectory value (`customers.active`,\n"
           "`employees.mean_engagement.front_line`). Missing values (NaN) are written `NA`.\n"
           "A run file holds no outcome metrics: its table is always per tick.\n"
           "\n"
        << export_options();
}

int export_command(const std::vector<std::string>& args) {
    const auto parsed = parse_command("export", args, export_options(), {"file"}, export_help, "export needs a file");
    if (!parsed) return kExitOk;
    const auto& vm = *parsed;
    if (vm.count("csv") && vm.count("tsv")) throw UsageError("--csv and --tsv exclude each other");
    const std::filesystem::path file = vm["file"].as<std::string>();
    const TidyOptions options{vm.count("tsv") ? '\t' : ',', vm.count("per-tick") > 0};
    const std::string extension = std::string(options.per_tick ? ".per_tick" : "") + (vm.count("tsv") ? ".tsv" : ".csv");
    const std::filesystem::path output = vm.count("output") ? std::filesystem::path(vm["output"].as<std::string>())
                                                            : std::filesystem::path(file).replace_extension(extension);
    if (output == "-") {
        write_tidy_table(file, options, [](std::string_view piece) { std::cout << piece; });
        return kExitOk;
    }
    AtomicFile out(output, vm.count("force") > 0);  // refuses an existing file before reading anything
    write_tidy_table(file, options, [&](std::string_view piece) { out.write(piece); });
    out.commit();
    std::cerr << "wrote " << output.string() << "\n";
    return kExitOk;
}

}  // namespace ambassim::cli
