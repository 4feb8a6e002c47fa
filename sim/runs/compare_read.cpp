// Reading a comparison file's runs back into a ComparisonData (see
// compare.hpp): what `summary` summarises again, with the same statistics as
// the command that wrote it.
#include "sim/runs/compare.hpp"

#include "sim/output/hdf5_file.hpp"
#include "sim/output/series_table.hpp"
#include "sim/util/errors.hpp"

namespace ambassim {

ComparisonData read_comparison_data(const std::filesystem::path& file) {
    const H5Input in(file);
    const std::string name = "`" + file.string() + "`";
    if (!in.has_attribute("/", "format") || in.attribute_string("/", "format") != "ambassim-compare")
        throw InputError(name + " is not a comparison file written by `ambassim compare`");
    ComparisonData d;
    d.strategies = in.read_strings("/strategies");
    d.replicates = in.attribute_int("/", "replicates");
    const auto ticks = in.dims("/time/tick");
    d.ticks = ticks.empty() ? 0 : static_cast<std::int64_t>(ticks[0]);
    d.dt_days = in.attribute_double("/parameters", "simulation.dt_days");
    if (in.has_attribute("/", "currency")) d.currency = in.attribute_string("/", "currency");
    for (double t : in.read_double("/runs/ticks_run")) d.ticks_run.push_back(static_cast<std::int64_t>(t));
    d.complete = in.attribute_int("/", "complete") == 1;
    const std::uint64_t S = d.strategies.size(), R = static_cast<std::uint64_t>(d.replicates);
    for (const SeriesDef& def : series_table()) {
        if (def.path.starts_with("/time/") || !in.exists("/runs" + def.path)) continue;
        StackedSeries s;
        s.shape = in.dims("/runs" + def.path);
        if (s.shape.size() < 3 || s.shape[0] != S || s.shape[1] != R || s.shape[2] != static_cast<std::uint64_t>(d.ticks))
            throw InputError(name + ": dataset `/runs" + def.path + "` does not have the shape [strategy x replicate x tick ...]");
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
