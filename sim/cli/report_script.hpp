// Locating and running the plotting scripts (analysis/scripts/report.py and
// analysis/scripts/sweep_report.py, installed in share/ambassim/) with Debian's
// /usr/bin/python3.
#pragma once

#include <filesystem>
#include <string>

namespace ambassim::cli {

// $AMBASSIM_REPORT_SCRIPT, else <prefix>/share/ambassim/report.py next to the
// installed binary, else the source tree's analysis/scripts/report.py.
std::filesystem::path report_script();
// Runs the script on a comparison file, writing figures and index.html into
// `dir`; throws InputError if the script refuses (exit 2: existing files, bad
// input), std::runtime_error if it fails otherwise.
void make_report(const std::filesystem::path& results, const std::filesystem::path& dir, bool force);

// The same for a sweep analysis: $AMBASSIM_SWEEP_REPORT_SCRIPT, else the
// installed or source-tree sweep_report.py, run as
// `sweep_report.py SWEEP.h5 DIR [--force]` after the CSV files are in DIR.
std::filesystem::path sweep_report_script();
void make_sweep_report(const std::filesystem::path& sweep, const std::filesystem::path& dir, bool force);

// The calibration and plan reports: `script` (fit_report.py, plan_report.py)
// from $`env_name`, the installed share/ambassim/ or the source tree, run as
// `script INPUT DIR [--force]`.
void make_script_report(const std::string& script, const char* env_name, const std::filesystem::path& input,
                        const std::filesystem::path& dir, bool force);

}  // namespace ambassim::cli
