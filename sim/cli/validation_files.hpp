// Where `ambassim validate` finds its scenarios and its report script, and
// how it runs the script (Debian's /usr/bin/python3, like report_script.hpp).
#pragma once

#include <filesystem>

namespace ambassim::cli {

// $AMBASSIM_VALIDATION_DIR, else <prefix>/share/ambassim/validation next to
// the installed binary, else the source tree's scenarios/validation.
std::filesystem::path validation_scenario_dir();
// $AMBASSIM_VALIDATION_SCRIPT, else <prefix>/share/ambassim/validation_report.py,
// else the source tree's analysis/scripts/validation_report.py.
std::filesystem::path validation_report_script();
// Runs the script on a validation folder (reads DIR/validation.tsv and
// DIR/runs, writes the report); throws std::runtime_error if it fails.
void run_validation_report(const std::filesystem::path& dir);

}  // namespace ambassim::cli
