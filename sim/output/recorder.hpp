// What a run records and how: per-tick aggregate trajectories (the series of
// series_table.hpp) kept in memory and written as self-describing datasets at the end, per-agent snapshots
// written as they are taken, and the provenance attributes. Everything goes
// through H5Output; the layout is documented in docs/hdf5-format.md.
#pragma once

#include "sim/scenario/run_plan.hpp"
#include "sim/engine/tick_stats.hpp"
#include "sim/engine/world.hpp"
#include "sim/output/series_table.hpp"

#include <array>
#include <map>
#include <string>
#include <vector>

namespace ambassim {

class BackgroundWriter;
class H5Output;
struct Scenario;

class Recorder {
public:
    Recorder(const World& world, const RecordConfig& config);

    void record(const TickStats& stats);                  // one row per tick
    bool snapshot_due(std::int64_t tick) const;
    // Copies the per-agent state now and queues its writing on `writer`.
    void snapshot(const World& world, BackgroundWriter& writer);
    void write(H5Output& out) const;                      // all trajectories

    std::int64_t ticks() const { return ticks_; }

    struct Series {
        std::string units, description;
        std::vector<std::string> dims;     // labels, the first is "tick"
        std::vector<std::uint64_t> tail;   // shape after the tick axis
        std::vector<double> data;
    };
    // Every trajectory by path (the /time axis included).
    const std::map<std::string, Series>& all_series() const { return series_; }
    // A recorded trajectory by path, e.g. "/customers/active" (row-major).
    const std::vector<double>& series(const std::string& path) const;

    // Copies re-point their slots at their own series; moves keep the map's
    // nodes, so the slots stay valid.
    Recorder(const Recorder& other);
    Recorder& operator=(const Recorder& other);
    Recorder(Recorder&&) noexcept = default;
    Recorder& operator=(Recorder&&) noexcept = default;

private:
    void resolve_slots();  // slots_ point into this object's series_
    void write_snapshot_labels(const World& w, BackgroundWriter& writer) const;

    RecordConfig config_;
    std::vector<const SeriesDef*> defs_;  // the table's entries recorded with config_
    std::int64_t units_ = 0;
    std::int64_t employees_ = 0;
    double dt_days_ = 1, dt_years_ = 1.0 / 365;
    std::int64_t ticks_ = 0;
    std::map<std::string, Series> series_;
    std::vector<Series*> slots_;  // series_ entries in defs_ order
    std::vector<std::int64_t> snapshot_ticks_;
};

// Root attributes and /parameters: everything needed to reproduce the run.
void write_provenance(H5Output& out, const Scenario& scenario, std::int64_t prospects_resolved);

inline constexpr std::array<double, 5> kQuantiles{0.10, 0.25, 0.50, 0.75, 0.90};
// Quantiles of a 100-bin histogram on [0,1] (linear inside a bin; NaN if
// empty) at every level of kQuantiles, in one pass.
std::array<double, kQuantiles.size()> histogram_quantiles(const Histogram& h);

}  // namespace ambassim
