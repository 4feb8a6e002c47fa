// Runs one scenario end to end: builds the world, steps it for the horizon,
// records through the Recorder into one HDF5 file, and returns a summary.
#pragma once

#include "sim/scenario.hpp"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace ambassim {

// Called after every tick from the thread that called run_scenario.
using ProgressFn = std::function<void(std::int64_t ticks_done, std::int64_t ticks_total)>;

// Headline figures of one run (all taken from the recorded trajectories).
struct RunSummary {
    std::filesystem::path output;      // the committed HDF5 file
    bool complete = false;             // false if stopped early (stop flag)
    std::int64_t ticks_run = 0;
    double wall_seconds = 0;
    std::int64_t employees = 0;
    std::int64_t customers_start = 0;
    std::int64_t customers_end = 0;
    std::int64_t acquired_marketing = 0;
    std::int64_t acquired_referral = 0;
    std::int64_t churned = 0;
    double churn_per_year = 0;          // annualised customer churn rate
    double nps_start = 0;
    double nps_end = 0;
    double revenue_total = 0;
    double front_line_attrition_per_year = 0;  // annualised quits / head count
    double engagement_end = 0;         // mean over all employees
    double ambassadorship_end = 0;
    double bond_end = 0;               // mean over active customers
    double satisfaction_end = 0;
};

// Runs `scenario` with its plan (seed, replicate, threads, output, force).
// The output path must be resolved (non-empty). If `stop` becomes true the
// run ends after the current tick and the file is written with the root
// attribute complete = 0.
RunSummary run_scenario(const Scenario& scenario, const ProgressFn& progress = {},
                        const std::atomic<bool>* stop = nullptr);

}  // namespace ambassim
