// `import ambassim`: the simulator in Python (pybind11), on the public C++ API
// (sim/api.hpp). Scenarios load with overrides given as a dict (typed
// assignments, no text re-parsed), comparisons and sweeps run in process with
// the GIL released and return xarray Datasets named, shaped and labelled as
// the groups of the files the CLI writes (docs/compare-format.md,
// docs/sweep-format.md), so analysis code works on either. Errors become
// ambassim.InputError / ambassim.OutputError (docs/python.md).
#include "sim/api.hpp"

#include "models/agents.hpp"
#include "models/programs.hpp"
#include "sim/output/recorder.hpp"
#include "sim/output/unit_names.hpp"
#include "sim/runs/sweep_exec.hpp"
#include "sim/runs/sweep_plan.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/util/text_input.hpp"
#include "sim/scenario/sweep_spec.hpp"

#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/eval.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <thread>

namespace py = pybind11;
using namespace ambassim;

namespace {

// ---- errors ------------------------------------------------------------------

// Raised InputError's attributes: file, line, column and key when the message
// has them ("FILE:LINE:COL: key: message", "--set key=value: message").
py::object input_error_type, output_error_type;

void raise_input_error(const InputError& e) {
    // "FILE:LINE:COL: ... `key` ..." (the first quoted key: docs/robustness.md) or "--set key=value: ...".
    static const std::regex located(R"(^(.+?):(\d+):(\d+): [^`]*(`([A-Za-z_][\w.]*(\[\d+\][\w.]*)*)`)?)");
    static const std::regex assignment(R"(^--set ([\w.\[\]]+)=)");
    py::object error = input_error_type(e.what());
    py::object none = py::none();
    error.attr("file") = none, error.attr("line") = none, error.attr("column") = none, error.attr("key") = none;
    std::cmatch m;
    if (std::regex_search(e.what(), m, located)) {
        error.attr("file") = m[1].str();
        error.attr("line") = std::stoi(m[2].str());
        error.attr("column") = std::stoi(m[3].str());
        if (m[5].matched) error.attr("key") = m[5].str();
    } else if (std::regex_search(e.what(), m, assignment)) {
        error.attr("key") = m[1].str();
    }
    PyErr_SetObject(input_error_type.ptr(), error.ptr());
}

// ---- values ------------------------------------------------------------------

// Python's numbers (numpy's too: numbers.Integral / numbers.Real, numpy.bool_)
// as scenario values; a list of dicts is the phases of a custom strategy
// (the shape Scenario.get("strategy.phases") returns).
bool is_instance(const py::handle& v, const char* module, const char* type) {
    try {
        return py::isinstance(v, py::module_::import(module).attr(type));
    } catch (const py::error_already_set&) {
        return false;  // numpy missing: nothing is a numpy value
    }
}

[[noreturn]] void refuse(const std::string& key, const py::handle& v, const std::string& expected) {
    throw InputError("--set " + key + "=" + printable(py::str(v).cast<std::string>(), 80) + ": a " +
                     py::str(v.get_type().attr("__name__")).cast<std::string>() + " is not " + expected);
}

AllocationPhase to_phase(const std::string& key, const py::handle& item) {
    if (!py::isinstance<py::dict>(item)) refuse(key, item, "a phase (give a dict of phase fields)");
    AllocationPhase phase;
    std::vector<std::string> known;
    visit_phase(phase, [&](double&, const ParamMeta& m) { known.emplace_back(m.key); });
    for (const auto& [k, v] : py::reinterpret_borrow<py::dict>(item)) {
        const auto field = py::str(k).cast<std::string>();
        bool found = false;
        visit_phase(phase, [&](double& x, const ParamMeta& m) {
            if (field != m.key) return;
            found = true;
            if (py::isinstance<py::bool_>(v) || !is_instance(v, "numbers", "Real"))
                refuse(key + "." + field, v, "a number");
            x = v.cast<double>();
        });
        if (!found) {
            std::string list;
            for (const auto& n : known) list += (list.empty() ? "" : ", ") + n;
            throw InputError("--set " + key + "." + printable(field, 80) + ": unknown phase field `" +
                             printable(field, 80) + "` (fields: " + list + ")");
        }
    }
    return phase;
}

ParamValue to_value(const std::string& key, const py::handle& v) {
    if (py::isinstance<py::bool_>(v) || is_instance(v, "numpy", "bool_")) return v.cast<bool>();
    if (is_instance(v, "numbers", "Integral")) return py::int_(py::reinterpret_borrow<py::object>(v)).cast<std::int64_t>();
    if (is_instance(v, "numbers", "Real")) return py::float_(py::reinterpret_borrow<py::object>(v)).cast<double>();
    if (py::isinstance<py::str>(v)) return v.cast<std::string>();
    if (py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v)) {
        const auto items = py::reinterpret_borrow<py::sequence>(v);
        if (items.size() > 0 && py::isinstance<py::dict>(items[0])) {
            std::vector<AllocationPhase> phases;
            for (std::size_t i = 0; i < items.size(); ++i)
                phases.push_back(to_phase(key + "[" + std::to_string(i) + "]", items[i]));
            return phases;
        }
        std::vector<std::string> out;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (!py::isinstance<py::str>(items[i])) refuse(key + "[" + std::to_string(i) + "]", items[i], "a string");
            out.push_back(items[i].cast<std::string>());
        }
        return out;
    }
    refuse(key, v, "a scenario value (give a number, a string, a bool, a list of strings or a list of phase dicts)");
}

py::object from_value(const ParamValue& v) {
    return std::visit(
        [](const auto& x) -> py::object {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::vector<AllocationPhase>>) {
                py::list phases;
                for (auto p : x) {  // every field of the phase table (sim/scenario/scenario_keys.hpp)
                    py::dict phase;
                    visit_phase(p, [&](double& value, const ParamMeta& m) { phase[m.key] = value; });
                    phases.append(phase);
                }
                return phases;
            } else {
                return py::cast(x);
            }
        },
        v);
}

void apply(Scenario& s, const py::dict& overrides) {
    std::vector<Assignment> assignments;
    for (const auto& [k, v] : overrides) {
        if (!py::isinstance<py::str>(k)) refuse(py::str(k).cast<std::string>(), k, "a key (keys are strings)");
        const auto key = k.cast<std::string>();
        assignments.push_back(make_assignment(key, to_value(key, v)));
    }
    assign(s, assignments);
}

// ---- progress and the GIL ------------------------------------------------------

// Calls a Python progress callback from the simulation's threads (taking the
// GIL); an exception in it stops the simulation and is re-raised afterwards.
struct Progress {
    explicit Progress(py::object cb) : callback(std::move(cb)) {}
    py::object callback;
    std::atomic<bool> stop{false};
    std::exception_ptr error;
    std::mutex mutex;

    void operator()(std::int64_t done, std::int64_t total) {
        if (callback.is_none() || stop) return;
        std::lock_guard lock(mutex);
        py::gil_scoped_acquire gil;
        try {
            callback(done, total);
        } catch (...) {
            error = std::current_exception();
            stop = true;
        }
    }
    void rethrow() {
        if (error) std::rethrow_exception(error);
    }
};

// ---- xarray ---------------------------------------------------------------------

py::array_t<double> array(const std::vector<double>& data, const std::vector<std::uint64_t>& shape) {
    std::vector<py::ssize_t> dims(shape.begin(), shape.end());
    py::array_t<double> a(dims);
    std::copy(data.begin(), data.end(), a.mutable_data());
    return a;
}

py::dict attrs(const std::string& units, const std::string& description) {
    const UnitStrings u = unit_strings(units);
    py::dict d;
    d["units"] = u.units, d["units_label"] = u.label, d["description"] = description;
    return d;
}

py::list strings(const std::vector<std::string>& v) { return py::cast(v); }

// Coordinates of the axes a comparison's series use (as the files' coordinates).
py::object coordinate(const std::string& label, std::size_t n, const ComparisonData& d) {
    if (label == "strategy") return strings(d.strategies);
    if (label == "tick") {
        std::vector<std::int64_t> t(n);
        for (std::size_t i = 0; i < n; ++i) t[i] = static_cast<std::int64_t>(i + 1);
        return py::cast(t);
    }
    if (label == "role") return py::cast(std::vector<std::string>(kRoleNames.begin(), kRoleNames.end()));
    if (label == "program") return py::cast(std::vector<std::string>(kProgramNames.begin(), kProgramNames.end()));
    if (label == "quantile") return py::cast(std::vector<double>(kQuantiles.begin(), kQuantiles.end()));
    std::vector<std::int64_t> index(n);
    for (std::size_t i = 0; i < n; ++i) index[i] = static_cast<std::int64_t>(i);
    return py::cast(index);
}

// {"/runs/<group>": Dataset, "/summary/outcomes/<outcome>/<metric>": Dataset}.
py::dict comparison_datasets(const ComparisonData& d, const ComparisonSummary& s) {
    const py::module_ xr = py::module_::import("xarray");
    std::map<std::string, py::dict> groups;  // group -> data_vars
    std::map<std::string, py::dict> coords;
    for (const auto& [path, series] : d.series) {
        const std::string group = "/runs" + path.substr(0, path.rfind('/'));
        const std::string name = path.substr(path.rfind('/') + 1);
        groups[group][name.c_str()] =
            xr.attr("Variable")(py::cast(series.dims), array(series.data, series.shape),
                                attrs(series.units, series.description));
        for (std::size_t i = 0; i < series.dims.size(); ++i)
            coords[group][series.dims[i].c_str()] = coordinate(series.dims[i], series.shape[i], d);
    }
    py::dict out;
    for (auto& [group, vars] : groups) {
        py::dict& c = coords[group];
        if (c.contains("tick")) {  // the day of every tick beside it, as the file's <group>/day
            const auto T = static_cast<std::size_t>(d.ticks);
            std::vector<double> day(T);
            for (std::size_t t = 0; t < T; ++t) day[t] = static_cast<double>(t + 1) * d.dt_days;
            c["day"] = xr.attr("Variable")(py::make_tuple("tick"), array(day, {T}),
                                           attrs("days", "simulated days at the end of each tick"));
        }
        out[group.c_str()] = xr.attr("Dataset")(vars, c);
    }
    const auto& all = outcomes();
    const std::size_t S = d.strategies.size();
    const auto R = static_cast<std::size_t>(d.replicates);
    for (const auto& m : s.metrics) {
        const Outcome& o = all[m.outcome];
        std::vector<double> values, mean, sd, lo, hi;
        for (std::size_t k = 0; k < S; ++k) {
            values.insert(values.end(), m.values[k].begin(), m.values[k].end());
            const Estimate& e = m.per_strategy[k];
            mean.push_back(e.mean), sd.push_back(e.sd), lo.push_back(e.ci_low), hi.push_back(e.ci_high);
        }
        py::dict vars;
        const py::tuple strategy = py::make_tuple("strategy");
        vars["values"] = xr.attr("Variable")(py::make_tuple("strategy", "replicate"), array(values, {S, R}),
                                             attrs(o.units, "the metric of every run"));
        vars["mean"] = xr.attr("Variable")(strategy, array(mean, {S}), attrs(o.units, "mean over replicates"));
        vars["sd"] = xr.attr("Variable")(strategy, array(sd, {S}), attrs(o.units, "standard deviation over replicates"));
        vars["ci_low"] = xr.attr("Variable")(strategy, array(lo, {S}), attrs(o.units, "95% interval of the mean, lower end"));
        vars["ci_high"] = xr.attr("Variable")(strategy, array(hi, {S}), attrs(o.units, "95% interval of the mean, upper end"));
        py::dict c;
        c["strategy"] = strings(d.strategies);
        c["replicate"] = coordinate("replicate", R, d);
        out[("/summary/outcomes/" + o.name + "/" + m.metric).c_str()] = xr.attr("Dataset")(vars, c);
    }
    return out;
}

// ---- the calls ----------------------------------------------------------------------

Scenario load(const std::string& path, const py::dict& overrides) {
    Scenario s = load_scenario(path);
    apply(s, overrides);
    return s;
}

py::dict compare(const Scenario& scenario, const std::vector<std::string>& strategies, std::int64_t replicates,
                 std::int64_t threads, const py::object& progress) {
    Scenario s = scenario;
    if (threads >= 0) s.plan.threads = threads;
    const std::vector<std::string> chosen = comparison_strategies(s, strategies);
    const std::int64_t R = replicates > 0 ? replicates : s.compare.replicates;
    Progress p{progress};
    ComparisonData data;
    ComparisonSummary summary;
    {
        py::gil_scoped_release release;
        data = run_comparison(s, chosen, R, [&](std::int64_t done, std::int64_t total) { p(done, total); }, &p.stop);
        if (!p.error) summary = summarise_comparison(data);
    }
    p.rethrow();
    if (!progress.is_none()) {  // the end, which the polling may have missed
        const std::int64_t total = comparison_ticks(s, chosen.size(), R);
        progress(total, total);
    }
    return comparison_datasets(data, summary);
}

// A whole sweep in memory: {"/design": Dataset(matrix), "/outcomes/<o>": Dataset(metrics)}.
py::dict sweep(const std::string& path, std::int64_t threads, const py::object& progress) {
    const SweepPlan plan = make_sweep_plan(load_sweep_spec(path));
    const std::size_t P = plan.points(), S = plan.strategies.size();
    const auto R = static_cast<std::size_t>(plan.replicates);
    std::map<std::string, std::vector<double>> metrics;  // "<outcome>/<metric>" -> [P, S, R]
    std::mutex mutex;
    Progress p{progress};
    std::vector<std::size_t> points(P);
    for (std::size_t i = 0; i < P; ++i) points[i] = i;
    {
        py::gil_scoped_release release;
        run_points_reporting(
            plan, points, threads,
            [&](std::size_t point, const Scenario&, const ComparisonData& data) {
                const ComparisonSummary s = summarise_comparison(data);
                std::lock_guard lock(mutex);
                for (const auto& m : s.metrics) {
                    auto& v = metrics[outcomes()[m.outcome].name + "/" + m.metric];
                    v.resize(P * S * R);
                    for (std::size_t k = 0; k < S; ++k)
                        std::copy(m.values[k].begin(), m.values[k].end(),
                                  v.begin() + static_cast<std::ptrdiff_t>((point * S + k) * R));
                }
            },
            [&](std::int64_t done, std::int64_t total) { p(done, total); }, &p.stop);
    }
    p.rethrow();
    const py::module_ xr = py::module_::import("xarray");
    std::vector<std::string> factors;
    for (const auto& f : plan.factors) factors.push_back(f.name);
    py::dict out;
    py::dict design_vars, design_coords;
    design_vars["matrix"] = xr.attr("Variable")(py::make_tuple("point", "factor"),
                                                array(plan.design.values, {P, factors.size()}),
                                                attrs("", "factor values of every point as applied"));
    design_coords["point"] = coordinate("point", P, ComparisonData{});
    design_coords["factor"] = strings(factors);
    out["/design"] = xr.attr("Dataset")(design_vars, design_coords);
    std::map<std::string, py::dict> groups;
    for (const auto& o : outcomes())
        for (const auto& m : outcome_metrics(o)) {
            const auto found = metrics.find(o.name + "/" + m);
            if (found == metrics.end()) continue;
            py::dict a = attrs(o.units, "every run's " + m + " of " + o.label);
            a["higher_is_better"] = o.higher_is_better ? 1 : 0;
            groups[o.name][m.c_str()] = xr.attr("Variable")(py::make_tuple("point", "strategy", "replicate"),
                                                              array(found->second, {P, S, R}), a);
        }
    for (auto& [name, vars] : groups) {
        py::dict c;
        c["point"] = coordinate("point", P, ComparisonData{});
        c["strategy"] = strings(plan.strategies);
        c["replicate"] = coordinate("replicate", R, ComparisonData{});
        out[("/outcomes/" + name).c_str()] = xr.attr("Dataset")(vars, c);
    }
    return out;
}

// Every group of an HDF5 file that holds datasets, as xarray Datasets read
// into memory (the file's own names, coordinates and units: docs/hdf5-format.md).
py::dict open_groups(const std::string& path) {
    py::dict scope;
    scope["path"] = path;
    py::exec(R"(
import h5py, xarray
names = ["/"]
with h5py.File(path, "r") as f:
    f.visititems(lambda n, o: names.append("/" + n) if isinstance(o, h5py.Group) else None)
    names = [n for n in names if any(isinstance(f[n][k], h5py.Dataset) for k in f[n])]
groups = {}
for n in names:
    with xarray.open_dataset(path, group=n, engine="h5netcdf") as ds:
        groups[n] = ds.load()
)",
             scope);
    return scope["groups"];
}

// One run as `ambassim run`: into `output` when given (kept), else into a
// temporary file removed once read. Returns the run file's groups.
py::dict run(const Scenario& scenario, const std::optional<std::string>& output, bool force,
             const py::object& progress) {
    Scenario s = scenario;
    std::filesystem::path file;
    if (output) {
        file = *output;
    } else {
        // The process id in the name says whose a file is (a leftover, or one
        // of several processes sharing the temporary folder).
        const py::module_ tempfile = py::module_::import("tempfile"), os = py::module_::import("os");
        const std::string prefix = "ambassim-run-" + py::str(os.attr("getpid")()).cast<std::string>() + "-";
        const py::tuple made = tempfile.attr("mkstemp")(py::arg("prefix") = prefix, py::arg("suffix") = ".h5");
        os.attr("close")(made[0]);
        file = made[1].cast<std::string>();
        force = true;  // the empty file mkstemp made is ours
    }
    s.plan.output = file.string();
    s.plan.force = force;
    Progress p{progress};
    auto remove_temporary = [&] {
        if (!output) {
            std::error_code ignored;
            std::filesystem::remove(file, ignored);
        }
    };
    try {
        {
            py::gil_scoped_release release;
            run_scenario(s, [&](std::int64_t done, std::int64_t total) { p(done, total); }, &p.stop);
        }
        p.rethrow();
        py::dict groups = open_groups(file.string());
        remove_temporary();
        return groups;
    } catch (...) {
        remove_temporary();
        throw;
    }
}

}  // namespace

PYBIND11_MODULE(ambassim, m) {
    m.doc() = "ambassim: agent-based simulation of employee engagement and ambassadorship (docs/python.md)";
    m.attr("__version__") = version();

    input_error_type = py::reinterpret_borrow<py::object>(
        PyErr_NewExceptionWithDoc("ambassim.InputError",
                                  "Bad input: a scenario, sweep or value; attributes file, line, column, key (None when unknown)",
                                  PyExc_ValueError, nullptr));
    output_error_type = py::reinterpret_borrow<py::object>(
        PyErr_NewExceptionWithDoc("ambassim.OutputError", "A file could not be written or read", PyExc_OSError, nullptr));
    m.attr("InputError") = input_error_type;
    m.attr("OutputError") = output_error_type;
    py::register_exception_translator([](std::exception_ptr e) {
        try {
            if (e) std::rethrow_exception(e);
        } catch (const InputError& error) {
            raise_input_error(error);
        } catch (const OutputError& error) {
            PyErr_SetString(output_error_type.ptr(), error.what());
        }
    });

    py::class_<Scenario>(m, "Scenario", "A scenario: parameters, run plan and provenance")
        .def_property_readonly("path", [](const Scenario& s) { return s.path; })
        .def_property_readonly("overrides", [](const Scenario& s) { return s.overrides; },
                               "the assignments applied, as `key=value` texts (recorded in output files)")
        .def("get", [](const Scenario& s, const std::string& key) { return from_value(value_of(s, key)); },
             py::arg("key"), "the value of a scenario key, e.g. 'customers.churn_per_year'")
        .def("set", [](Scenario& s, const py::dict& overrides) { apply(s, overrides); }, py::arg("overrides"),
             "applies {key: value} (types and ranges checked, then the whole scenario validated)")
        .def("copy", [](const Scenario& s) { return s; })
        .def_property("seed", [](const Scenario& s) { return s.plan.seed; },
                      [](Scenario& s, std::uint64_t seed) { s.plan.seed = seed; });

    m.def("load_scenario", &load, py::arg("path"), py::arg("overrides") = py::dict(),
          "Loads a scenario file and applies {key: value} overrides");
    m.def("parse_scenario",
          [](const std::string& text, const py::dict& overrides, const std::string& name) {
              Scenario s = parse_scenario(text, name);
              apply(s, overrides);
              return s;
          },
          py::arg("text"), py::arg("overrides") = py::dict(), py::arg("name") = "<python>",
          "A scenario from TOML text");
    m.def("compare", &compare, py::arg("scenario"), py::arg("strategies") = std::vector<std::string>{},
          py::arg("replicates") = 0, py::arg("threads") = -1, py::arg("progress") = py::none(),
          "Runs the strategies' replicates in process (GIL released). Returns {group: xarray.Dataset} for the "
          "groups /runs/<group> and /summary/outcomes/<outcome>/<metric> of a comparison file. "
          "progress(ticks_done, ticks_total) is called about ten times a second; raising in it stops the run.");
    m.def("sweep", &sweep, py::arg("sweep_file"), py::arg("threads") = 0, py::arg("progress") = py::none(),
          "Runs every point of a sweep file in process (GIL released, nothing written). Returns "
          "{'/design': Dataset, '/outcomes/<outcome>': Dataset} as the groups of sweep.h5.");
    m.def("run", &run, py::arg("scenario"), py::arg("output") = py::none(), py::arg("force") = false,
          py::arg("progress") = py::none(),
          "Runs one scenario as `ambassim run` (GIL released). Returns {group: xarray.Dataset}, the groups of "
          "the run file read into memory; the file is kept at `output` when given (an existing one only with "
          "force=True), else written to a temporary file and removed.");
}
