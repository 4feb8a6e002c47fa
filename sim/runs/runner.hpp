// Runs one scenario end to end: builds the world, steps it for the horizon,
// records through the Recorder into one HDF5 file, and returns a summary.
#pragma once

#include "sim/scenario/scenario.hpp"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace ambassim {

// Called after every tick (warm-up included) from the thread that called run_scenario.
using ProgressFn = std::function<void(std::int64_t ticks_done, std::int64_t ticks_total)>;

// What a run did. Its figures (customers, NPS, attrition, ...) are computed
// from the written file by analysis/run_figures.hpp, which reads only results.
struct RunSummary {
    std::filesystem::path output;  // the committed HDF5 file
    bool complete = false;         // false if stopped early (stop flag)
    std::int64_t ticks_run = 0;    // recorded ticks (warm-up excluded)
    double wall_seconds = 0;
    bool market_short = false;     // the market's reserve could not balance it after the warm-up
};

// Runs `scenario` with its plan (seed, replicate, threads, output, force).
// The output path must be resolved (non-empty). If `stop` becomes true the
// run ends after the current tick and the file is written with the root
// attribute complete = 0.
RunSummary run_scenario(const Scenario& scenario, const ProgressFn& progress = {},
                        const std::atomic<bool>* stop = nullptr);

}  // namespace ambassim
