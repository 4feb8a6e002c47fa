// Reading a comparison file's runs back into a ComparisonData (see
// compare.hpp): what `summary` summarises again, with the same statistics as
// the command that wrote it.
#include "sim/runs/compare.hpp"

#include "sim/output/hdf5_file.hpp"
#include "sim/output/series_table.hpp"
#include "sim/util/errors.hpp"
#include "sim/util/number_format.hpp"

namespace ambassim {

ComparisonData read_comparison_data(const std::filesystem::path& file) {
    const H5Input in(file);
    const std::string name = "`" + file.string() + "`";
    if (!in.has_attribute("/", "format") || in.attribute_string("/", "format") != "ambassim-compare")
        throw InputError(name + " is not a comparison file written by `ambassim compare`");
    ComparisonData d;
    // Sizes are checked before anything is read, so a hostile file cannot make
    // the reader allocate what it declares (the limits are the scenario's own).
    const auto strategy_dims = in.dims("/strategies");
    if (strategy_dims.size() != 1 || strategy_dims[0] < 1 || strategy_dims[0] > 64)
        throw InputError(name + ": dataset `/strategies` has shape " + shape_text(strategy_dims) + ", expected [1..64]");
    d.strategies = in.read_strings("/strategies");
    if (in.exists("/strategy_labels") && in.dims("/strategy_labels") == strategy_dims)
        d.labels = in.read_strings("/strategy_labels");
    d.replicates = in.attribute_int("/", "replicates");
    if (d.replicates < 1 || d.replicates > 100'000)
        throw InputError(name + ": attribute `replicates` = " + std::to_string(d.replicates) + " is out of range [1, 100000]");
    const auto ticks = in.dims("/time/tick");
    if (ticks.size() != 1 || ticks[0] > 10'000'000)
        throw InputError(name + ": dataset `/time/tick` has shape " + shape_text(ticks) + ", expected [ticks] with at most 10000000 ticks");
    d.ticks = static_cast<std::int64_t>(ticks[0]);
    d.dt_days = in.attribute_double("/parameters", "simulation.dt_days");
    if (in.has_attribute("/", "currency")) d.currency = in.attribute_string("/", "currency");
    const std::uint64_t S = d.strategies.size(), R = static_cast<std::uint64_t>(d.replicates);
    const std::vector<std::uint64_t> runs_shape{S, R};
    if (in.dims("/runs/ticks_run") != runs_shape)
        throw InputError(name + ": dataset `/runs/ticks_run` has shape " + shape_text(in.dims("/runs/ticks_run")) +
                         ", expected " + shape_text(runs_shape) + " (strategy x replicate)");
    for (double t : in.read_double("/runs/ticks_run")) d.ticks_run.push_back(static_cast<std::int64_t>(t));
    d.complete = in.attribute_int("/", "complete") == 1;
    for (const SeriesDef& def : series_table()) {
        if (def.path.starts_with("/time/") || !in.exists("/runs" + def.path)) continue;
        StackedSeries s;
        s.shape = in.dims("/runs" + def.path);
        std::uint64_t extra = 1;
        for (std::size_t i = 3; i < s.shape.size(); ++i) extra *= s.shape[i];
        if (s.shape.size() < 3 || s.shape[0] != S || s.shape[1] != R || s.shape[2] != static_cast<std::uint64_t>(d.ticks) ||
            extra > 64)
            throw InputError(name + ": dataset `/runs" + def.path + "` has shape " + shape_text(s.shape) +
                             ", expected [strategy x replicate x tick ...] = [" + std::to_string(S) + " x " +
                             std::to_string(R) + " x " + std::to_string(d.ticks) + " ...]");
        s.units = def.units;
        s.description = def.description;
        s.dims = {"strategy", "replicate"};
        for (const auto& dim : series_dims(def.axes)) s.dims.push_back(dim);
        s.data = in.read_double("/runs" + def.path);
        d.series[def.path] = std::move(s);
    }
    return d;
}

}  // namespace ambassim
