// Runs analysis/scripts/report.py and analysis/scripts/sweep_report.py (see report_script.hpp).
#include "sim/cli/report_script.hpp"

#include "sim/cli/child_process.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/util/errors.hpp"
#include "sim/util/text_input.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

#ifndef AMBASSIM_SOURCE_DIR
#define AMBASSIM_SOURCE_DIR ""
#endif

namespace ambassim::cli {

namespace {

std::filesystem::path find_script(const char* env_name, const std::string& name) {
    if (const char* env = std::getenv(env_name)) return env;
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto installed = exe.parent_path().parent_path() / "share" / "ambassim" / name;
        if (std::filesystem::exists(installed)) return installed;
    }
    return std::filesystem::path(AMBASSIM_SOURCE_DIR) / "analysis" / "scripts" / name;
}

// Runs `/usr/bin/python3 script input dir [--force]` and waits for it.
void run_script(const std::filesystem::path& script, const char* env_name, const std::filesystem::path& input,
                const std::filesystem::path& dir, bool force) {
    if (!std::filesystem::exists(script))
        throw std::runtime_error("report script `" + script.string() + "` not found (set " + env_name + ")");
    // Checked here, before Python opens it: a FIFO would block h5py forever.
    if (auto why = not_a_regular_file(input))
        throw OutputError("cannot open `" + printable(input.string(), 200) + "`: " +
                          (*why == "no such file" ? std::string("not found") : *why));
    std::vector<std::string> argv{"python3", script.string(), input.string(), dir.string()};
    if (force) argv.emplace_back("--force");
    const ChildResult r = run_child("the report script", "/usr/bin/python3", argv);
    // One line: the script's own message (it names the file and the reason).
    const std::string said = r.last_error_line();
    if (r.exit_code == 2)  // refused: existing files or a bad input file
        throw InputError(said.empty() ? "the report script refused" : said);
    if (r.exit_code != 0)
        throw std::runtime_error(!said.empty() ? said
                                               : "the report script failed (`/usr/bin/python3 " + script.string() + " " +
                                                     input.string() + " " + dir.string() + "`, exit code " +
                                                     std::to_string(r.exit_code) + ")");
}

}  // namespace

std::filesystem::path report_script() { return find_script("AMBASSIM_REPORT_SCRIPT", "report.py"); }

void make_report(const std::filesystem::path& results, const std::filesystem::path& dir, bool force) {
    run_script(report_script(), "AMBASSIM_REPORT_SCRIPT", results, dir, force);
}

std::filesystem::path sweep_report_script() { return find_script("AMBASSIM_SWEEP_REPORT_SCRIPT", "sweep_report.py"); }

void make_sweep_report(const std::filesystem::path& sweep, const std::filesystem::path& dir, bool force) {
    run_script(sweep_report_script(), "AMBASSIM_SWEEP_REPORT_SCRIPT", sweep, dir, force);
}

void make_script_report(const std::string& script, const char* env_name, const std::filesystem::path& input,
                        const std::filesystem::path& dir, bool force) {
    run_script(find_script(env_name, script), env_name, input, dir, force);
}

}  // namespace ambassim::cli
