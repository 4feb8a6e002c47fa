// Entry point of the `ambassim` CLI: dispatches to a subcommand and maps
// errors to exit codes (0 ok, 1 runtime failure, 2 usage or input error,
// 130 interrupted). The global options are parsed by hand so that a
// `--help` after a command reaches that command's own parser.
#include "ambassim/version.hpp"
#include "sim/cli/child_process.hpp"
#include "sim/cli/commands.hpp"
#include "sim/util/key_suggest.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/scenario/scenario.hpp"

#include <cstdlib>

#include <exception>
#include <iostream>

namespace {

using namespace ambassim::cli;

void print_usage(std::ostream& out) {
    out << "Usage: ambassim COMMAND [ARGS...]\n"
           "       ambassim --help | --version\n"
           "\n"
           "Agent-based simulation of employee engagement, ambassadorship and customer dynamics.\n"
           "\n"
           "Commands:\n";
    for (const auto& c : commands()) out << "  " << c.name << std::string(10 - std::string(c.name).size(), ' ') << c.summary << "\n";
    out << "  help      show the help of a command: ambassim help COMMAND\n"
           "\n"
           "Options:\n"
           "  -h [ --help ]   show this help\n"
           "  --version       show the version and git commit\n"
           "\n"
           "Run `ambassim COMMAND --help` for the options of a command.\n";
}

const Command& find_command(const std::string& name) {
    std::vector<std::string> names;
    for (const auto& c : commands()) {
        if (name == c.name) return c;
        names.emplace_back(c.name);
    }
    names.emplace_back("help");
    const std::string suggestion = ambassim::nearest_name(name, names);
    throw UsageError("unknown command `" + name + "`" +
                     (suggestion.empty() ? std::string{} : "; did you mean `" + suggestion + "`?") +
                     " (see `ambassim --help`)");
}

int dispatch(const std::vector<std::string>& args) {
    if (args.empty()) throw UsageError("no command given; usage: ambassim COMMAND [ARGS...] (see `ambassim --help`)");
    const std::string& first = args[0];
    if (first == "-h" || first == "--help") {
        print_usage(std::cout);
        return kExitOk;
    }
    if (first == "--version") {
        std::cout << "ambassim " << ambassim::kVersion << " (git " << ambassim::kGitCommit << ")\n";
        return kExitOk;
    }
    if (first == "help") {
        if (args.size() == 1) {
            print_usage(std::cout);
            return kExitOk;
        }
        if (args.size() > 2) throw UsageError("help takes one command name (see `ambassim --help`)");
        if (args[1] == "help") {
            print_usage(std::cout);
            return kExitOk;
        }
        find_command(args[1]).help(std::cout);
        return kExitOk;
    }
    if (!first.empty() && first[0] == '-') throw UsageError("unknown option `" + first + "` (see `ambassim --help`)");
    const Command& command = find_command(first);
    return command.run(std::vector<std::string>(args.begin() + 1, args.end()));
}

int run_main(int argc, char** argv) {
    try {
        return dispatch(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const UsageError& e) {
        std::cerr << "ambassim: error: " << e.what() << "\n";
        return kExitUsage;
    } catch (const ambassim::InputError& e) {
        std::cerr << "ambassim: error: " << e.what() << "\n";
        return kExitUsage;
    } catch (const Interrupted& e) {
        std::cerr << "ambassim: error: " << e.what() << "\n";
        return kExitInterrupted;
    } catch (const std::exception& e) {
        std::cerr << "ambassim: error: " << e.what() << "\n";
        return kExitFailure;
    }
}

}  // namespace

int main(int argc, char** argv) {
    const int code = run_main(argc, argv);
    if (ambassim::hdf5_left_unclosable()) {
        // HDF5's clean-up at exit would crash on the file it could not close
        // (see sim/output/hdf5_file.cpp): end without it.
        std::cout.flush();
        std::cerr.flush();
        std::_Exit(code);
    }
    return code;
}
