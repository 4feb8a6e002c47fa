// Reads sweep.h5 through H5Input and derives the analysis targets (see
// sweep_data.hpp). Every check names the file, so a user handed the wrong
// file (a comparison, a point file) learns that at once.
#include "analysis/sweep/sweep_data.hpp"

#include "sim/output/hdf5_file.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/sweep_spec.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>

namespace ambassim {
namespace {

// A group's coordinate dataset (the dimension scale of axis `name`, see
// docs/sweep-format.md): 1-d and labelled by its own name; not a metric.
bool is_coordinate(const H5Input& in, const std::string& path, const std::string& name) {
    return in.has_attribute(path, "dimensions") && in.attribute_string(path, "dimensions") == name;
}

std::string q(const std::string& s) { return "`" + s + "`"; }

std::string shape(const std::vector<std::uint64_t>& dims) {
    std::string s = "[";
    for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
    return s + "]";
}

std::size_t positive_count(const H5Input& in, const std::string& file, const std::string& name) {
    if (!in.has_attribute("/", name)) throw InputError(q(file) + " has no root attribute " + q(name));
    const std::int64_t v = in.attribute_int("/", name);
    if (v < 1) throw InputError(q(file) + ": root attribute " + q(name) + " is " + std::to_string(v) + ", expected >= 1");
    return static_cast<std::size_t>(v);
}

std::vector<Factor> read_factors(const H5Input& in, const std::string& file, const DesignMatrix& matrix) {
    const auto names = in.read_strings("/design/factors");
    const auto lower = in.read_double("/design/lower"), upper = in.read_double("/design/upper");
    const auto scale = in.read_strings("/design/scale");
    if (names.empty()) throw InputError(q(file) + ": /design/factors is empty");
    if (lower.size() != names.size() || upper.size() != names.size() || scale.size() != names.size())
        throw InputError(q(file) + ": /design/factors, lower, upper and scale differ in length");
    std::vector<Factor> out;
    for (std::size_t j = 0; j < names.size(); ++j) {
        Factor f{names[j], lower[j], upper[j], Scale::linear, {}, {}};
        if (scale[j] == "log") {
            f.scale = Scale::log;
        } else if (scale[j] == "values") {
            // Explicit grid levels are not stored separately: they are the
            // distinct values of the factor's column.
            std::set<double> levels;
            for (std::size_t p = 0; p < matrix.points; ++p) levels.insert(matrix(p, j));
            f.values.assign(levels.begin(), levels.end());
        } else if (scale[j] == "categorical") {
            const std::string levels = "/design/levels/" + names[j];
            if (!in.exists(levels)) throw InputError(q(file) + ": categorical factor " + q(names[j]) + " has no " + q(levels));
            f.labels = in.read_strings(levels);
            for (std::size_t i = 0; i < f.labels.size(); ++i) f.values.push_back(static_cast<double>(i));
            for (std::size_t p = 0; p < matrix.points; ++p)
                if (!(matrix(p, j) >= 0 && matrix(p, j) < static_cast<double>(f.labels.size())) || std::trunc(matrix(p, j)) != matrix(p, j))
                    throw InputError(q(file) + ": categorical factor " + q(names[j]) + " has a level index " +
                                     std::to_string(matrix(p, j)) + " outside its " + std::to_string(f.labels.size()) + " levels");
        } else if (scale[j] != "linear") {
            throw InputError(q(file) + ": factor " + q(names[j]) + " has unknown scale " + q(scale[j]));
        }
        out.push_back(std::move(f));
    }
    return out;
}

void check_design_size(const H5Input& in, SweepData& d) {
    const std::string file = d.path.string();
    const std::size_t k = d.factors.size();
    if (d.design == "saltelli") {
        d.saltelli_base_samples = positive_count(in, file, "saltelli_base_samples");
        if (d.points != d.saltelli_base_samples * (k + 2))
            throw InputError(q(file) + ": a Saltelli design with N = " + std::to_string(d.saltelli_base_samples) +
                             " and " + std::to_string(k) + " factors has N (k + 2) = " +
                             std::to_string(d.saltelli_base_samples * (k + 2)) + " points, the file has " +
                             std::to_string(d.points));
    } else if (d.design == "morris") {
        d.morris_trajectories = positive_count(in, file, "morris_trajectories");
        d.morris_levels = in.has_attribute("/", "morris_levels") ? positive_count(in, file, "morris_levels") : 0;
        if (d.points != d.morris_trajectories * (k + 1))
            throw InputError(q(file) + ": a Morris design with r = " + std::to_string(d.morris_trajectories) +
                             " trajectories and " + std::to_string(k) + " factors has r (k + 1) = " +
                             std::to_string(d.morris_trajectories * (k + 1)) + " points, the file has " +
                             std::to_string(d.points));
    } else if (d.design != "grid" && d.design != "latin_hypercube") {
        throw InputError(q(file) + ": unknown design " + q(d.design) +
                         " (expected grid, latin_hypercube, saltelli or morris)");
    }
}

}  // namespace

std::vector<double> SweepData::replicate_values(const SweepMetric& m, std::size_t point, std::size_t strategy) const {
    const auto begin = m.values.begin() + static_cast<std::ptrdiff_t>((point * strategies.size() + strategy) * replicates);
    return {begin, begin + static_cast<std::ptrdiff_t>(replicates)};
}

SweepData read_sweep(const std::filesystem::path& path) {
    const std::string file = path.string();
    std::unique_ptr<H5Input> opened;
    try {
        opened = std::make_unique<H5Input>(path);
    } catch (const OutputError& e) {  // missing or not HDF5: the user's input is wrong
        throw InputError(e.what());
    }
    const H5Input& in = *opened;
    if (!in.has_attribute("/", "format")) throw InputError(q(file) + " is not a sweep file (no format attribute)");
    std::string format;
    try {
        format = in.attribute_string("/", "format");
    } catch (const OutputError&) {  // a number, say: still the user's wrong file, not a failure
        throw InputError(q(file) + " is not a sweep file (format attribute is not a string)");
    }
    if (format != "ambassim-sweep")
        throw InputError(q(file) + " is not a sweep file (format attribute is " + q(format) + ")");

    // A sweep.h5 is only written once every point is complete; a file saying
    // otherwise was not written by `merge` and would bias every index.
    if (in.has_attribute("/", "complete") && in.attribute_int("/", "complete") != 1)
        throw InputError(q(file) + " is incomplete (root attribute `complete` is not 1)");
    SweepData d;
    d.path = path;
    if (!in.has_attribute("/", "design")) throw InputError(q(file) + " has no root attribute `design`");
    d.design = in.attribute_string("/", "design");
    d.points = positive_count(in, file, "points");
    d.replicates = positive_count(in, file, "replicates");
    for (const char* name : {"/design/factors", "/design/lower", "/design/upper", "/design/scale", "/design/matrix",
                             "/strategies", "/outcomes"})
        if (!in.exists(name)) throw InputError(q(file) + " has no " + q(name));

    const auto mdims = in.dims("/design/matrix");
    if (mdims.size() != 2 || mdims[0] != d.points)
        throw InputError(q(file) + ": /design/matrix has shape " + shape(mdims) + ", expected [" +
                         std::to_string(d.points) + ", factors]");
    d.matrix = DesignMatrix(mdims[0], mdims[1]);
    d.matrix.values = in.read_double("/design/matrix");
    d.factors = read_factors(in, file, d.matrix);
    if (d.factors.size() != d.matrix.factors)
        throw InputError(q(file) + ": /design/matrix has " + std::to_string(d.matrix.factors) + " columns for " +
                         std::to_string(d.factors.size()) + " factors");
    check_design_size(in, d);
    d.complements.assign(d.factors.size(), "");
    if (in.has_attribute("/", "sweep_text")) {
        // Only for the zoom-in block of --discover: a sweep text that no
        // longer parses (an older version's) just leaves the complements out.
        try {
            const SweepSpec spec = parse_sweep_spec(in.attribute_string("/", "sweep_text"), file, {});
            for (std::size_t j = 0; j < d.factors.size() && j < spec.factors.size(); ++j)
                if (spec.factors[j].factor.name == d.factors[j].name) d.complements[j] = spec.factors[j].complement;
        } catch (const InputError&) {
        }
    }

    d.strategies = in.read_strings("/strategies");
    if (d.strategies.empty()) throw InputError(q(file) + ": /strategies is empty");
    const std::vector<std::uint64_t> expected{d.points, d.strategies.size(), d.replicates};
    for (const auto& outcome : in.list("/outcomes")) {
        const std::string group = "/outcomes/" + outcome;
        if (!in.is_group(group)) continue;
        for (const auto& metric : in.list(group)) {
            const std::string ds = group + "/" + metric;
            if (in.is_group(ds) || is_coordinate(in, ds, metric)) continue;
            if (in.dims(ds) != expected)
                throw InputError(q(file) + ": " + q(ds) + " has shape " + shape(in.dims(ds)) + ", expected " +
                                 shape(expected) + " (point, strategy, replicate)");
            SweepMetric m{outcome, metric, true, in.read_double(ds)};
            if (in.has_attribute(ds, "higher_is_better")) m.higher_is_better = in.attribute_int(ds, "higher_is_better") != 0;
            d.metrics.push_back(std::move(m));
        }
    }
    if (d.metrics.empty()) throw InputError(q(file) + " has no outcome datasets under /outcomes");
    return d;
}

std::vector<SweepTarget> sweep_targets(const SweepData& d) {
    const std::size_t S = d.strategies.size(), R = d.replicates;
    std::vector<SweepTarget> out;
    for (std::size_t m = 0; m < d.metrics.size(); ++m) {
        const SweepMetric& metric = d.metrics[m];
        for (std::size_t a = 0; a < S; ++a) {
            SweepTarget t{m, false, a, a, std::vector<double>(d.points)};
            for (std::size_t p = 0; p < d.points; ++p) {
                double sum = 0;
                for (std::size_t r = 0; r < R; ++r) sum += d.value(metric, p, a, r);
                t.values[p] = sum / static_cast<double>(R);
            }
            out.push_back(std::move(t));
        }
        for (std::size_t a = 0; a < S; ++a)
            for (std::size_t b = a + 1; b < S; ++b) {
                SweepTarget t{m, true, a, b, std::vector<double>(d.points)};
                for (std::size_t p = 0; p < d.points; ++p) {
                    double sum = 0;
                    for (std::size_t r = 0; r < R; ++r) sum += d.value(metric, p, a, r) - d.value(metric, p, b, r);
                    t.values[p] = sum / static_cast<double>(R);
                }
                out.push_back(std::move(t));
            }
    }
    return out;
}

std::string target_label(const SweepData& d, const SweepTarget& t) {
    const SweepMetric& m = d.metrics[t.metric];
    std::string s = m.outcome + "/" + m.metric + " " + d.strategies[t.a];
    if (t.difference) s += " - " + d.strategies[t.b];
    return s;
}

}  // namespace ambassim
