// The one table of what a run records per tick (in the spirit of visit_params
// and of Mesa's model reporters): every series' path, units, description,
// axes and how to fill its row from the tick's aggregates. The recorder loops
// over it, `sweep.series` and the HDF5 format test check names against it,
// and analysis names the series it reads from it. Adding an output is one
// entry in series_table.cpp.
#pragma once

#include "sim/engine/tick_stats.hpp"
#include "sim/scenario/run_plan.hpp"

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace ambassim {

// The axes of a series after its tick axis.
enum class SeriesAxes { none, role, program, family, unit, quantile, role_quantile };

// Which recording option a series needs (output.quantiles, output.unit_series).
enum class SeriesOption { always, quantiles, unit_series };

// What a fill function may read about the tick being recorded.
struct SeriesContext {
    const TickStats& stats;
    double dt_days = 1, dt_years = 1.0 / 365;
    std::int64_t employees = 0;
};

struct SeriesDef {
    std::string path, units, description;
    SeriesAxes axes = SeriesAxes::none;
    SeriesOption option = SeriesOption::always;
    // Writes the tick's row (row.size() = the width of the axes); `previous`
    // is the last tick's row, empty on the first tick (for cumulative series).
    std::function<void(const SeriesContext&, std::span<const double> previous, std::span<double> row)> fill;
    // Read by `ambassim summary` for a run's headline figures (run_figures.cpp),
    // which checks these series' shapes before reading them.
    bool summary = false;
};

// Every recorded series, /time/tick and /time/day first.
const std::vector<SeriesDef>& series_table();
// The series recorded with a given configuration, in table order.
std::vector<const SeriesDef*> recorded_series(const RecordConfig& config);
// Dimension labels ("tick" first) and the shape after the tick axis.
std::vector<std::string> series_dims(SeriesAxes axes);
std::vector<std::uint64_t> series_tail(SeriesAxes axes, std::uint64_t units);
// The recorded series' paths with a configuration (the /time axis included).
std::vector<std::string> series_paths(const RecordConfig& config);

}  // namespace ambassim
