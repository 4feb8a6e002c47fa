// Runs analysis/scripts/report.py and analysis/scripts/sweep_report.py (see report_script.hpp).
#include "sim/cli/report_script.hpp"

#include "sim/scenario/scenario.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

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
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("cannot start the report script");
    if (pid == 0) {
        const std::string s = script.string(), r = input.string(), d = dir.string();
        if (force)
            execl("/usr/bin/python3", "python3", s.c_str(), r.c_str(), d.c_str(), "--force", static_cast<char*>(nullptr));
        else
            execl("/usr/bin/python3", "python3", s.c_str(), r.c_str(), d.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 2)  // refused: existing files or a bad input file
        throw InputError("the report script refused (see its message above)");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error("the report script failed (`/usr/bin/python3 " + script.string() + " " +
                                 input.string() + " " + dir.string() + "`; see its message above)");
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

}  // namespace ambassim::cli
