// Locating the validation scenarios and report script (see validation_files.hpp).
#include "sim/cli/validation_files.hpp"

#include "sim/cli/child_process.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

#ifndef AMBASSIM_SOURCE_DIR
#define AMBASSIM_SOURCE_DIR ""
#endif

namespace ambassim::cli {
namespace {

// The environment override, else the installed share folder, else the source tree.
std::filesystem::path locate(const char* env, const char* installed_name, const char* source_relative) {
    if (const char* e = std::getenv(env)) return e;
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto installed = exe.parent_path().parent_path() / "share" / "ambassim" / installed_name;
        if (std::filesystem::exists(installed)) return installed;
    }
    return std::filesystem::path(AMBASSIM_SOURCE_DIR) / source_relative;
}

}  // namespace

std::filesystem::path validation_scenario_dir() {
    return locate("AMBASSIM_VALIDATION_DIR", "validation", "scenarios/validation");
}

std::filesystem::path validation_report_script() {
    return locate("AMBASSIM_VALIDATION_SCRIPT", "validation_report.py", "analysis/scripts/validation_report.py");
}

void run_validation_report(const std::filesystem::path& dir) {
    const auto script = validation_report_script();
    if (!std::filesystem::exists(script))
        throw std::runtime_error("validation report script `" + script.string() +
                                 "` not found (set AMBASSIM_VALIDATION_SCRIPT)");
    const std::string s = script.string(), d = dir.string();
    const ChildResult r = run_child("the validation report script", "/usr/bin/python3", {"python3", s, d});
    const std::string said = r.last_error_line();
    if (r.exit_code != 0)
        throw std::runtime_error(!said.empty() ? said
                                               : "the validation report script failed (`/usr/bin/python3 " + s + " " +
                                                     d + "`, exit code " + std::to_string(r.exit_code) + ")");
}

}  // namespace ambassim::cli
