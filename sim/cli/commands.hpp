// The subcommands of the `ambassim` CLI and helpers they share. Each command
// parses its own arguments (argv after the command name) and returns the exit
// code; errors are thrown (see main.cpp for the exit code of each kind).
#pragma once

#include <boost/program_options.hpp>

#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ambassim::cli {

// The one warning line for a world whose market could not be balanced.
inline constexpr const char* kMarketShortWarning =
    "ambassim: warning: the market could not be balanced after the warm-up (its reserve of people ran out): "
    "customers will drift; see docs/model.md 5 (customers.market_short in the file)";

// Exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInterrupted = 130;

// Bad command line: printed as "ambassim: error: <message>", exit 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Command {
    const char* name;
    const char* summary;  // one line for `ambassim --help`
    int (*run)(const std::vector<std::string>& args);
    void (*help)(std::ostream& out);
};

// Every command, in the order `ambassim --help` lists them.
const std::vector<Command>& commands();

int run_command(const std::vector<std::string>& args);
void run_help(std::ostream& out);
int check_command(const std::vector<std::string>& args);
void check_help(std::ostream& out);
int params_command(const std::vector<std::string>& args);
void params_help(std::ostream& out);
int compare_command(const std::vector<std::string>& args);
void compare_help(std::ostream& out);
int report_command(const std::vector<std::string>& args);
void report_help(std::ostream& out);
int rerun_command(const std::vector<std::string>& args);
void rerun_help(std::ostream& out);
int summary_command(const std::vector<std::string>& args);
void summary_help(std::ostream& out);
int sweep_command(const std::vector<std::string>& args);
void sweep_help(std::ostream& out);
int merge_command(const std::vector<std::string>& args);
void merge_help(std::ostream& out);
int analyze_command(const std::vector<std::string>& args);
void analyze_help(std::ostream& out);
int validate_command(const std::vector<std::string>& args);
void validate_help(std::ostream& out);
int serve_command(const std::vector<std::string>& args);
void serve_help(std::ostream& out);
int export_command(const std::vector<std::string>& args);
void export_help(std::ostream& out);
int calibrate_command(const std::vector<std::string>& args);
void calibrate_help(std::ostream& out);
int optimise_command(const std::vector<std::string>& args);
void optimise_help(std::ostream& out);

// Parses a command's arguments; boost errors become UsageError naming
// `ambassim <command> --help`.
boost::program_options::variables_map parse_command_line(
    const std::string& command, const std::vector<std::string>& args,
    const boost::program_options::options_description& options,
    const boost::program_options::positional_options_description& positional);

// The usual shape of a command: its visible `options`, plus positional
// arguments named `positionals` (each taken once; with `last_repeats` the
// last takes the rest, as a vector). Prints `help` and returns nullopt for
// --help; a missing positional is a UsageError saying `missing`.
std::optional<boost::program_options::variables_map> parse_command(
    const std::string& command, const std::vector<std::string>& args,
    const boost::program_options::options_description& options, const std::vector<std::string>& positionals,
    void (*help)(std::ostream&), const std::string& missing, bool last_repeats = false);

// "--seed" etc.: a decimal integer in [lo, hi], else UsageError.
long long parse_integer_option(const std::string& option, const std::string& text, long long lo, long long hi);

}  // namespace ambassim::cli
