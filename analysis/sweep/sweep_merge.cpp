// sweep.h5 from a sweep directory (see sweep_merge.hpp).
#include "analysis/sweep/sweep_merge.hpp"

#include "analysis/compare/outcomes.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/util/key_suggest.hpp"

#include <boost/algorithm/string/classification.hpp>
#include <boost/algorithm/string/split.hpp>

#include <algorithm>

#include <cmath>
#include <limits>
#include <map>

namespace ambassim {

namespace fs = std::filesystem;

namespace {

// The readable units word a point file's dataset was written with (the writer
// maps it to `units` and `units_label` again); files before `units_label` had only `units`.
std::string readable_units(const H5Input& in, const std::string& dataset) {
    return in.attribute_string(dataset, in.has_attribute(dataset, "units_label") ? "units_label" : "units");
}

// Every dataset under `group` of the first point file (recursively), as paths.
void list_datasets(const H5Input& in, const std::string& group, std::vector<std::string>& out) {
    for (const auto& name : in.list(group)) {
        const std::string path = group + "/" + name;
        if (in.is_group(path))
            list_datasets(in, path, out);
        else
            out.push_back(path);
    }
}

// The /runs trajectories to copy, as run-file paths ("/customers/nps").
std::vector<std::string> selected_series(const SweepSpec& spec, const H5Input& first, const fs::path& file) {
    std::vector<std::string> all;
    list_datasets(first, "/runs", all);
    std::vector<std::string> trajectories;  // [strategy, replicate, tick, ...] numeric datasets
    for (const auto& path : all) {
        const auto dims = first.dims(path);
        const std::string dimensions = first.has_attribute(path, "dimensions") ? first.attribute_string(path, "dimensions") : "";
        if (dims.size() >= 3 && dimensions.starts_with("strategy,replicate,tick")) trajectories.push_back(path.substr(5));
    }
    switch (spec.series_mode) {
        case SeriesMode::none: return {};
        case SeriesMode::all: return trajectories;
        case SeriesMode::scalar: {
            std::vector<std::string> out;
            for (const auto& p : trajectories)
                if (first.dims("/runs" + p).size() == 3) out.push_back(p);
            return out;
        }
        case SeriesMode::list:
            for (const auto& p : spec.series)
                if (std::find(trajectories.begin(), trajectories.end(), p) == trajectories.end()) {
                    const std::string near = nearest_name(p, trajectories);
                    throw InputError("sweep.series: `" + p + "` is not a trajectory of the point files (" + file.string() +
                                     ")" + (near.empty() ? "" : "; did you mean `" + near + "`?"));
                }
            return spec.series;
    }
    return {};
}

std::vector<std::string> split_labels(const std::string& text) {
    std::vector<std::string> out;
    if (!text.empty()) boost::split(out, text, boost::is_any_of(","));
    return out;
}

}  // namespace

std::vector<std::size_t> missing_points(const SweepPlan& plan, const SweepDirectory& dir) {
    std::vector<std::size_t> out;
    for (std::size_t p = 0; p < plan.points(); ++p)
        if (!dir.point_complete(p, plan)) out.push_back(p);
    return out;
}

fs::path merge_sweep(const SweepPlan& plan, const SweepDirectory& dir, bool force) {
    const std::size_t P = plan.points(), S = plan.strategies.size(), R = static_cast<std::size_t>(plan.replicates);
    if (const auto missing = missing_points(plan, dir); !missing.empty()) {
        constexpr std::size_t kListed = 10;
        std::string names;
        for (std::size_t i = 0; i < std::min(missing.size(), kListed); ++i)
            names += (i ? ", " : "") + SweepDirectory::point_name(missing[i]);
        if (missing.size() > kListed) names += " and " + std::to_string(missing.size() - kListed) + " more";
        throw InputError(std::to_string(missing.size()) + " of " + std::to_string(P) + " points are not complete (" +
                         names + "); run the sweep again to complete them");
    }

    H5Output out(dir.merged_file(), force);
    const H5Input first(dir.point_file(0));
    const std::string commit = first.attribute_string("/", "git_commit");
    const std::vector<std::string> series = selected_series(plan.spec, first, dir.point_file(0));
    const auto tick = first.read_double("/time/tick");
    const auto day = first.read_double("/time/day");
    const std::size_t T = tick.size();

    // Outcome metrics [point][strategy][replicate] and trajectories, point by point.
    struct Metric {
        std::string path;
        const Outcome* outcome;
        std::vector<double> data;
    };
    std::vector<Metric> metrics;
    for (const auto& o : outcomes())
        for (const auto& m : outcome_metrics(o)) metrics.push_back({"/outcomes/" + o.name + "/" + m, &o, {}});
    std::map<std::string, std::vector<double>> trajectories;
    std::vector<std::string> files;
    for (std::size_t p = 0; p < P; ++p) {
        const H5Input in(dir.point_file(p));
        const std::string c = in.attribute_string("/", "git_commit");
        if (c != commit)
            throw InputError("the point files were computed by different ambassim builds (" + commit + " in " +
                             SweepDirectory::point_name(0) + ", " + c + " in " + SweepDirectory::point_name(p) +
                             "); re-run the sweep with one build into a new directory");
        for (auto& m : metrics) {
            const auto v = in.read_double("/summary" + m.path + "/values");
            if (v.size() != S * R) throw InputError(SweepDirectory::point_name(p) + ": " + m.path + " has the wrong shape");
            m.data.insert(m.data.end(), v.begin(), v.end());
        }
        for (const auto& s : series) {
            if (const auto dims = in.dims("/runs" + s); dims != first.dims("/runs" + s))
                throw InputError(SweepDirectory::point_name(p) + ": /runs" + s + " has another shape than in " +
                                 SweepDirectory::point_name(0) + "; the point was not written by this sweep");
            const auto v = in.read_double("/runs" + s);
            trajectories[s].insert(trajectories[s].end(), v.begin(), v.end());
        }
        files.push_back(SweepDirectory::point_name(p));
    }

    const SweepSpec& spec = plan.spec;
    out.set_attribute("/", "format", std::string("ambassim-sweep"));
    out.set_attribute("/", "format_version", std::int64_t{1});
    out.set_attribute("/", "design", std::string(design_name(spec.design)));
    out.set_attribute("/", "points", static_cast<std::int64_t>(P));
    out.set_attribute("/", "replicates", plan.replicates);
    if (spec.design == DesignKind::saltelli) out.set_attribute("/", "saltelli_base_samples", spec.samples);
    if (spec.design == DesignKind::morris) {
        out.set_attribute("/", "morris_levels", spec.morris_levels());
        out.set_attribute("/", "morris_trajectories", spec.samples);
    }
    out.set_attribute("/", "design_seed", static_cast<std::int64_t>(spec.seed));
    out.set_attribute("/", "seed", static_cast<std::int64_t>(plan.base.plan.seed));
    out.set_attribute("/", "sweep_text", spec.text);
    out.set_attribute("/", "base_text", spec.base_text);
    out.set_attribute("/", "ambassim_version", first.attribute_string("/", "ambassim_version"));
    out.set_attribute("/", "git_commit", commit);

    const std::size_t K = plan.factors.size();
    std::vector<std::string> names, scales;
    std::vector<double> lower, upper;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (const auto& f : plan.factors) {
        names.push_back(f.name);
        const bool values = !f.values.empty();
        scales.push_back(f.categorical() ? "categorical" : values ? "values" : f.scale == Scale::log ? "log" : "linear");
        if (f.categorical())
            out.write_strings("/design/levels/" + f.name, f.labels,
                              {"", "level names of a categorical factor; its matrix column holds their indices", {"level"}});
        lower.push_back(values ? nan : f.lower);
        upper.push_back(values ? nan : f.upper);
    }
    out.write_strings("/design/factors", names, {"", "scenario keys varied by the design (the factor axis)", {"factor"}});
    out.write("/design/lower", lower, {K}, {"", "lower end of each factor's range (NaN for explicit values)", {"factor"}});
    out.write("/design/upper", upper, {K}, {"", "upper end of each factor's range (NaN for explicit values)", {"factor"}});
    out.write_strings("/design/scale", scales, {"", "scale of each factor: linear, log, values or categorical", {"factor"}});
    out.write("/design/matrix", plan.design.values, {P, K},
              {"", "factor values of every point as applied (integer keys rounded)", {"point", "factor"}});
    out.write_strings("/strategies", plan.strategies, {"", "strategies compared at every point (the strategy axis)", {"strategy"}});
    std::vector<std::int64_t> ticks(T);
    for (std::size_t t = 0; t < T; ++t) ticks[t] = static_cast<std::int64_t>(tick[t]);
    out.write("/time/tick", std::span<const std::int64_t>(ticks), {T}, {"tick", "tick number (1-based) of the tick axis", {"tick"}});
    out.write("/time/day", day, {T}, {"days", "simulated days at the end of each tick", {"tick"}});
    for (const auto& m : metrics) {
        const std::string source = "/summary" + m.path + "/values";
        out.write(m.path, m.data, {P, S, R},
                  {m.outcome->units, first.attribute_string(source, "description"), {"point", "strategy", "replicate"}});
        out.set_attribute(m.path, "higher_is_better", std::int64_t{m.outcome->higher_is_better ? 1 : 0});
        out.set_attribute(m.path, "label", m.outcome->label);  // as comparison files name it
    }
    for (const auto& s : series) {
        const std::string source = "/runs" + s;
        auto dims = first.dims(source);
        std::vector<std::uint64_t> shape{P};
        shape.insert(shape.end(), dims.begin(), dims.end());
        auto labels = split_labels(first.attribute_string(source, "dimensions"));
        labels.insert(labels.begin(), "point");
        out.write("/runs" + s, trajectories[s], shape,
                  {readable_units(first, source), first.attribute_string(source, "description"), labels});
    }
    out.write_strings("/points/files", files, {"", "point files, relative to the sweep directory", {"point"}});
    out.set_attribute("/", "complete", std::int64_t{1});
    out.commit();
    return dir.merged_file();
}

}  // namespace ambassim
