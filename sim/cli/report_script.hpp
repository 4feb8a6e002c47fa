// Locating and running the plotting script (analysis/report.py, installed as
// share/ambassim/report.py) with Debian's /usr/bin/python3.
#pragma once

#include <filesystem>

namespace ambassim::cli {

// $AMBASSIM_REPORT_SCRIPT, else <prefix>/share/ambassim/report.py next to the
// installed binary, else the source tree's analysis/report.py.
std::filesystem::path report_script();
// Runs the script on a comparison file, writing figures and index.html into
// `dir`; throws InputError if the script refuses (exit 2: existing files, bad
// input), std::runtime_error if it fails otherwise.
void make_report(const std::filesystem::path& results, const std::filesystem::path& dir, bool force);

}  // namespace ambassim::cli
