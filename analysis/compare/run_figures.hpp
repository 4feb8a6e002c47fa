// Headline figures of one run, computed only from its recorded results (the
// HDF5 file written by `ambassim run`): what `run` prints at the end and what
// `ambassim summary FILE.h5` prints for any run file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace ambassim {

class H5Input;

struct RunFigures {
    std::string strategy;
    bool complete = false;
    std::int64_t ticks = 0;
    double days = 0;
    // Counts (whole numbers) as doubles: NaN where the file holds NaN.
    double employees = 0;
    double customers_start = 0;              // active at the start (parameter)
    double customers_end = 0;                // active after the last tick
    double acquired_marketing = 0;
    double acquired_referral = 0;
    double churned = 0;
    double churn_per_year = 0;               // churned / mean active / years
    double nps_first = 0, nps_last = 0;      // after the first and the last tick
    double revenue_total = 0;
    double program_spend_total = 0;
    double front_line_attrition_per_year = 0;  // quits / front-line head count / years
    double engagement_last = 0, customer_focus_last = 0, ambassadorship_last = 0, experience_last = 0;
    double satisfaction_last = 0, bond_last = 0;
};

// Reads a trajectory by dataset path (row-major values).
using SeriesGetter = std::function<std::vector<double>(const std::string& path)>;

// Figures from trajectories; `dt_days` is the tick length.
RunFigures figures_from_series(const SeriesGetter& get, double dt_days);
// Figures of a run file (reads attributes and datasets through H5Input).
RunFigures figures_from_file(const std::filesystem::path& file);
// What format_figures prints for a figure that is not a finite number.
inline constexpr const char* kNotAvailable = "n/a";
// A short aligned text block for the terminal.
std::string format_figures(const RunFigures& f);

}  // namespace ambassim
