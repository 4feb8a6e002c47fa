// What a calibration writes: the calibrated scenario (`base =` the original
// plus the fitted values and the fit's provenance as comments), the 95%
// intervals as a [parameters] table of ranges (read back by `ambassim
// optimise --uncertain` for robust plans), the fit table (CSV, drawn by
// analysis/scripts/fit_report.py) and the terminal summary.
#pragma once

#include "analysis/fit/calibrate.hpp"

#include "analysis/fit/scenario_overlay.hpp"

#include <string>
#include <vector>

namespace ambassim {

// `base` is the original scenario's path relative to the written file;
// `provenance` lines become comments at the top; `overlay` are the command
// line's keys (scenario_overlay.hpp), written before the fitted values.
std::string calibrated_scenario_text(const CalibrationResult& r, const std::string& base,
                                     const std::vector<std::string>& provenance,
                                     const std::vector<OverlayEntry>& overlay = {});
std::string intervals_text(const CalibrationResult& r, const std::vector<std::string>& provenance);
// measure,from_day,to_day,observed,sd,simulated,simulated_sd,z,replicates,employees,customers,scale
std::string fit_csv(const CalibrationResult& r);
// parameter,value,low,high,min,max,pinned
std::string parameters_csv(const CalibrationResult& r);
// Human summary: targets vs simulated, parameters with intervals, flat directions.
std::string format_calibration(const CalibrationResult& r);

}  // namespace ambassim
