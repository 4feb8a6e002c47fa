#!/usr/bin/python3
"""End-to-end test of the HDF5 run file written by `ambassim run`.

Runs a small custom-strategy scenario (300 employees, 3000 customers, 40
ticks, no warm-up, snapshots every 10 ticks) into a temporary folder and
checks the file against docs/hdf5-format.md: the dataset tables of the doc
are parsed, and every documented dataset must exist with the documented
shape, dtype, units and dimension labels, and every dataset of the file must
be documented (runs with [output] switches off check the `written` column).
Then: root attributes and /parameters (resolved values, keys known to
`ambassim params --toml`), accounting identities of the trajectories,
snapshots against the trajectories, h5dump, no leftover temporary file,
refusal to overwrite without --force, and equal datasets for --threads 1
and 2.

Needs AMBASSIM (the binary) and AMBASSIM_SOURCE_DIR (the source tree); run as
`/usr/bin/python3 tests/e2e/test_h5_output.py` (h5py and numpy from Debian).
Prints `N passed, M failed` last; exits 1 if any check failed.
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import traceback

import h5py
import numpy as np

AMBASSIM = os.environ.get("AMBASSIM")
SOURCE_DIR = os.environ.get("AMBASSIM_SOURCE_DIR")
if not AMBASSIM or not SOURCE_DIR:
    sys.exit("set AMBASSIM to the ambassim binary and AMBASSIM_SOURCE_DIR to the source tree")
DOC = os.path.join(SOURCE_DIR, "docs", "hdf5-format.md")

TICKS = 40
SNAPSHOT_EVERY = 10
SEED = 7
REPLICATE = 2
SCENARIO = """\
# e2e test scenario of tests/e2e/test_h5_output.py: small, custom strategy.
[simulation]
ticks = 40
dt_days = 1.0
warmup_days = 0

[organisation]
employees = 300
units = 6

[customers]
customers = 3000

[strategy]
name = "custom"

[[strategy.phases]]
start_day = 0
engagement = 0.6
training = 0.2

[[strategy.phases]]
start_day = 20
mission = 0.3
process = 0.2
recognition = 0.3
extra_front_line = 0.1
"""
# Rows of /parameters/strategy_phases: start_day, engagement, ambassadorship (family
# shares), career, management, cohesion, alignment, training, mission, process, recognition,
# then extra_front_line (the capacity lever: hires 10% more front-line staff from day 20).
PHASES = [[0, 0.6, 0, 0, 0, 0, 0, 0.2, 0, 0, 0, 0], [20, 0, 0, 0, 0, 0, 0, 0, 0.3, 0.2, 0.3, 0.1]]
HIRE_DAY, HIRE = 20, 0.1
# The per-program shares they give (the engagement family split equally).
SHARES = [[0, [0.15, 0.15, 0.15, 0.15, 0.2, 0, 0, 0]], [20, [0, 0, 0, 0, 0, 0.3, 0.2, 0.3]]]
OVERRIDES = [f"output.snapshot_every={SNAPSHOT_EVERY}"]

passed = 0
failed = 0


def check(name, fn, *args):
    """Runs one check (plain asserts inside); a failure is reported, not fatal."""
    global passed, failed
    try:
        fn(*args)
    except Exception as e:  # noqa: BLE001 - any error fails this check only
        failed += 1
        detail = str(e) if isinstance(e, AssertionError) else traceback.format_exc()
        print(f"FAIL: {name}: {detail}", file=sys.stderr)
    else:
        passed += 1


def run(args, cwd):
    return subprocess.run([AMBASSIM, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def run_ok(args, cwd):
    r = run(args, cwd)
    if r.returncode != 0:
        sys.exit(f"FATAL: ambassim {' '.join(args)} exited {r.returncode}\nstdout: {r.stdout}\nstderr: {r.stderr}")
    return r


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


# ---- the documentation --------------------------------------------------------

def parse_doc_tables(text):
    """Rows of every Markdown table whose header starts with the given columns.

    Returns {header tuple: [row dict]} for the dataset tables
    (path | shape | dtype | units | written | meaning) and the attribute
    tables (attribute | type | meaning)."""
    tables = {}
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if line.startswith("|") and i + 1 < len(lines) and re.match(r"^\|[-| :]+\|$", lines[i + 1].strip()):
            header = tuple(c.strip() for c in line.strip("|").split("|"))
            rows = []
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                rows.append(dict(zip(header, cells)))
                i += 1
            tables.setdefault(header, []).extend(rows)
        else:
            i += 1
    return tables


def unquote(cell):
    cell = cell.strip()
    if cell == "—":
        return ""
    m = re.fullmatch(r"`([^`]*)`", cell)
    return m.group(1) if m else cell


DATASET_HEADER = ("path", "shape", "dtype", "units_label", "written", "meaning")
UNITS_HEADER = ("units_label", "units")
AXES_HEADER = ("label", "length", "coordinate", "values")
ATTRIBUTE_HEADER = ("attribute", "type", "meaning")


def documented_datasets(tables):
    docs = {}
    for row in tables.get(DATASET_HEADER, []):
        path = unquote(row["path"])
        assert path.startswith("/"), f"dataset path {row['path']!r} in {DOC} does not start with /"
        assert path not in docs, f"{path} is documented twice in {DOC}"
        shape = row["shape"].strip()
        assert shape.startswith("[") and shape.endswith("]"), f"{path}: shape {shape!r} is not [label, ...]"
        docs[path] = {
            "dims": [d.strip() for d in shape[1:-1].split(",")],
            "dtype": row["dtype"],
            "units": unquote(row["units_label"]),
            "written": row["written"],
        }
    return docs


def units_docs(tables):
    """units_label -> units attribute, from the table of the `## Units` section."""
    out = {}
    for row in tables.get(UNITS_HEADER, []):
        target = re.match(r"`([^`]*)`", row["units"])
        labels = re.findall(r"`([^`]*)`", row["units_label"]) or [""]
        for label in labels:
            out[label] = target.group(1) if target else ""
    return out


def axes_docs(tables):
    """axis label -> its coordinate's source: a dataset path or "index"."""
    return {unquote(r["label"]): unquote(r["coordinate"]) for r in tables.get(AXES_HEADER, [])}


def root_attribute_docs(text):
    """The attribute table of the `## Root attributes` section."""
    section = text.split("## Root attributes", 1)[1].split("\n## ", 1)[0]
    rows = parse_doc_tables(section).get(ATTRIBUTE_HEADER, [])
    return {unquote(r["attribute"]): r["type"] for r in rows}


# ---- helpers on the file ----------------------------------------------------------

def attr_str(obj, name):
    v = obj.attrs[name]
    return v.decode() if isinstance(v, bytes) else v


def dtype_name(ds):
    if h5py.check_string_dtype(ds.dtype) is not None:
        return "string"
    return ds.dtype.name


def is_scale(ds):
    """A dimension scale: a group's coordinate dataset of one axis, or a
    group's `day` (the copy of /time/day on its tick axis: docs/hdf5-format.md)."""
    return h5py.h5ds.is_scale(ds.id) or is_day(ds)


def is_day(ds):
    return ds.name.endswith("/day") and ds.name != "/time/day" and attr_str(ds, "dimensions") == "tick"


def all_datasets(f):
    out = {}
    f.visititems(lambda name, obj: out.__setitem__("/" + name, obj) if isinstance(obj, h5py.Dataset) else None)
    return out


def expected_written(switches):
    """Values of the `written` column expected in a run with these [output] switches."""
    w = {"always"}
    if switches["quantiles"]:
        w.add("quantiles")
    if switches["unit_series"]:
        w.add("unit_series")
    if switches["snapshot_every"] > 0 and switches["snapshot_every"] <= TICKS:
        if switches["snapshot_employees"]:
            w.add("snapshot_employees")
        if switches["snapshot_customers"]:
            w.add("snapshot_customers")
        if switches["snapshot_employees"] or switches["snapshot_customers"]:
            w.add("snapshots")
    return w


def axis_lengths(f):
    P = f["/parameters"].attrs
    n_snap = TICKS // SNAPSHOT_EVERY
    return {
        "tick": int(f.attrs["ticks_run"]),
        "role": 3,
        "program": 8,
        "family": 2,
        "quantile": 5,
        "unit": int(P["organisation.units"]),
        "snapshot": n_snap,
        "employee": int(P["organisation.employees"]),
        "person": int(P["customers.people"]),
        "phase": len(PHASES),
        "field": 12,
    }


def employee_layout(P):
    """Role (0 front_line, 1 back_office, 2 manager) and unit of every employee slot (docs/hdf5-format.md)."""
    E, U = int(P["organisation.employees"]), int(P["organisation.units"])
    role, unit = np.empty(E, np.int64), np.empty(E, np.int64)
    for u in range(U):
        b, e = E * u // U, E * (u + 1) // U
        n = e - b
        m = min(max(1, int(np.floor(n * P["organisation.manager_share"] + 0.5))), n - 1)
        fl = min(max(1, int(np.floor(n * P["organisation.front_line_share"] + 0.5))), n - m)
        role[b:b + m], role[b + m:b + m + fl], role[b + m + fl:e] = 2, 0, 1
        unit[b:e] = u
    return role, unit


def histogram_quantiles(values, levels):
    """Quantiles of a 100-bin histogram on [0,1], linear inside a bin (as sim/recorder.cpp)."""
    bins = np.clip((values.astype(np.float32) * np.float32(100)).astype(np.int64), 0, 99)
    h = np.bincount(bins, minlength=100).astype(float)
    n = h.sum()
    out = []
    for q in levels:
        target, cum, res = q * n, 0.0, 1.0
        for b in range(100):
            if h[b] > 0 and cum + h[b] >= target:
                res = (b + min(max((target - cum) / h[b], 0.0), 1.0)) / 100
                break
            cum += h[b]
        out.append(res)
    return np.array(out)


def same_values(a, b):
    if a.dtype.kind in "fc" and b.dtype.kind in "fc":
        return a.shape == b.shape and np.array_equal(a, b, equal_nan=True)
    return a.shape == b.shape and np.array_equal(a, b)


# ---- the checks ---------------------------------------------------------------

def main():
    for tool, what in ((AMBASSIM, "AMBASSIM"), ("h5dump", "h5dump")):
        if not (os.path.isfile(tool) or shutil.which(tool)):
            sys.exit(f"FATAL: {what} ({tool}) not found")
    with open(DOC, encoding="utf-8") as fh:
        doc_text = fh.read()
    tables = parse_doc_tables(doc_text)
    docs = documented_datasets(tables)
    root_docs = root_attribute_docs(doc_text)
    if len(docs) < 50 or len(root_docs) < 10:
        sys.exit(f"FATAL: parsed only {len(docs)} datasets and {len(root_docs)} root attributes from {DOC}")

    tmp = tempfile.mkdtemp(prefix="ambassim-h5-")
    try:
        run_checks(tmp, doc_text, docs, root_docs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def run_checks(tmp, doc_text, docs, root_docs):
    scenario = os.path.join(tmp, "small.toml")
    with open(scenario, "w", encoding="utf-8") as fh:
        fh.write(SCENARIO)
    out_dir = os.path.join(tmp, "out")
    os.mkdir(out_dir)
    main_h5 = os.path.join(out_dir, "run.h5")
    base = ["run", scenario, "--seed", str(SEED), "--replicate", str(REPLICATE), "-q"]
    for o in OVERRIDES:
        base += ["--set", o]
    r = run_ok(base + ["-o", main_h5, "--threads", "1"], cwd=tmp)

    def wrote_line():  # -q silences only the progress (issue #13): the summary stays, the file is named last
        lines = r.stdout.strip().split("\n")
        assert lines[-1] == f"wrote {main_h5}", f"-q run printed {r.stdout!r}, expected 'wrote {main_h5}' last"
        assert any(line.startswith("customers ") for line in lines), r.stdout
        assert not r.stderr, r.stderr
    check("run -q prints the summary and the wrote line, no progress", wrote_line)

    def no_temp_files():
        left = [n for n in os.listdir(out_dir) if ".tmp-" in n]
        assert not left, f"temporary files left in the output folder: {left}"
        assert os.listdir(out_dir) == ["run.h5"], f"output folder holds {os.listdir(out_dir)}, expected only run.h5"
    check("no *.tmp-* file left", no_temp_files)

    with h5py.File(main_h5, "r") as f:
        file_checks(f, docs, root_docs, scenario)

    check_h5dump(main_h5)
    check_no_overwrite(base, main_h5, tmp)
    check_threads(base, main_h5, out_dir, tmp)
    check_switches(base, docs, out_dir, tmp)


def file_checks(f, docs, root_docs, scenario):
    with open(DOC, encoding="utf-8") as fh:
        tables = parse_doc_tables(fh.read())
    units, axes = units_docs(tables), axes_docs(tables)
    datasets = all_datasets(f)
    lengths = axis_lengths(f)
    T = TICKS

    # -- every documented dataset exists as documented, and nothing else exists --
    def all_written():
        w = {d["written"] for d in docs.values()}
        unknown = w - expected_written(dict(quantiles=1, unit_series=1, snapshot_every=1,
                                            snapshot_employees=1, snapshot_customers=1))
        assert not unknown, f"unknown values in the `written` column of the doc: {unknown}"
    check("doc: written column values known", all_written)

    for path, d in sorted(docs.items()):
        def one(path=path, d=d):
            assert path in datasets, f"documented dataset {path} is missing from the file"
            ds = datasets[path]
            unknown = [x for x in d["dims"] if x not in lengths]
            assert not unknown, f"{path}: doc uses unknown axis labels {unknown}"
            want = tuple(lengths[x] for x in d["dims"])
            assert ds.shape == want, f"{path}: shape {ds.shape}, doc says {d['dims']} = {want}"
            assert dtype_name(ds) == d["dtype"], f"{path}: dtype {dtype_name(ds)}, doc says {d['dtype']}"
            for a in ("units", "units_label", "description", "dimensions"):
                assert a in ds.attrs, f"{path}: no `{a}` attribute"
            label = "dimensionless" if d["units"] == "1" else d["units"]
            assert attr_str(ds, "units_label") == label, \
                f"{path}: units_label {attr_str(ds, 'units_label')!r}, doc says {label!r}"
            assert label in units, f"{path}: units_label {label!r} is not in the doc's units table"
            assert attr_str(ds, "units") == units[label], \
                f"{path}: units {attr_str(ds, 'units')!r}, the doc's units table says {units[label]!r}"
            for axis, dim in enumerate(d["dims"]):
                scales = [s.name for s in ds.dims[axis].values()] if path.rsplit("/", 1)[1] != dim else [path]
                group = path.rsplit("/", 1)[0] or "/"
                assert scales == [f"{group}/{dim}".replace("//", "/")], \
                    f"{path}: axis {axis} has the dimension scales {scales}, expected {group}/{dim}"
            assert attr_str(ds, "description").strip(), f"{path}: empty description"
            assert attr_str(ds, "dimensions") == ",".join(d["dims"]), \
                f"{path}: dimensions {attr_str(ds, 'dimensions')!r}, doc says {','.join(d['dims'])!r}"
        check(f"dataset {path} as documented", one)

    def days_as_documented():
        days = [p for p, ds in datasets.items() if is_day(ds)]
        for p in days:
            assert np.array_equal(datasets[p][()], f["/time/day"][()]), f"{p}: values differ from /time/day"
        for p, ds in datasets.items():  # every tick axis outside /time names its group's day
            if "tick" in attr_str(ds, "dimensions").split(",") and not p.startswith("/time/") and not is_scale(ds):
                group = p.rsplit("/", 1)[0]
                assert attr_str(ds, "coordinates") == "day" and f"{group}/day" in datasets, \
                    f"{p}: no `coordinates = day` naming {group}/day"
    check("each group's day coordinate is /time/day, named by its tick datasets", days_as_documented)

    def coordinates_as_documented():
        scales = [p for p, ds in datasets.items() if h5py.h5ds.is_scale(ds.id)]
        assert scales, "no dimension scales in the file"
        for p in scales:
            ds, label = datasets[p], p.rsplit("/", 1)[1]
            assert label in axes, f"{p}: a coordinate of {label!r}, not an axis of the doc"
            assert attr_str(ds, "dimensions") == label, f"{p}: dimensions {attr_str(ds, 'dimensions')!r}"
            source = axes[label]
            want = np.arange(ds.shape[0]) if source == "index" else f[source][()]
            assert np.array_equal(ds[()], want), f"{p}: values differ from {source}"
    check("every coordinate is an axis of the doc with its documented values", coordinates_as_documented)

    def none_undocumented():
        extra = sorted(p for p in set(datasets) - set(docs) if not is_scale(datasets[p]))
        assert not extra, f"datasets in the file but not in docs/hdf5-format.md: {extra}"
    check("every dataset of the file documented", none_undocumented)

    # -- root attributes --
    def root_documented():
        have, documented = set(f.attrs), set(root_docs)
        assert have == documented, \
            f"root attributes undocumented: {sorted(have - documented)}; documented but missing: {sorted(documented - have)}"
        for name, typ in root_docs.items():
            v = f.attrs[name]
            got = "string" if isinstance(v, (str, bytes)) else np.asarray(v).dtype.name
            assert got == typ, f"root attribute {name}: type {got}, doc says {typ}"
    check("root attributes as documented", root_documented)

    def root_values():
        with open(scenario, encoding="utf-8") as fh:
            text = fh.read()
        assert attr_str(f, "format") == "ambassim-run", f"format = {attr_str(f, 'format')!r}"
        assert f.attrs["format_version"] == 1, f"format_version = {f.attrs['format_version']}"
        assert f.attrs["seed"] == SEED, f"seed = {f.attrs['seed']}, expected {SEED}"
        assert f.attrs["replicate"] == REPLICATE, f"replicate = {f.attrs['replicate']}, expected {REPLICATE}"
        assert attr_str(f, "scenario_text") == text, "scenario_text differs from the scenario file's text"
        assert attr_str(f, "scenario_path") == scenario, f"scenario_path = {attr_str(f, 'scenario_path')!r}"
        assert attr_str(f, "overrides") == "\n".join(OVERRIDES), f"overrides = {attr_str(f, 'overrides')!r}"
        assert attr_str(f, "strategy") == "custom", f"strategy = {attr_str(f, 'strategy')!r}"
        assert attr_str(f, "git_commit").strip(), "git_commit is empty"
        version = subprocess.run([AMBASSIM, "--version"], capture_output=True, text=True).stdout
        assert attr_str(f, "ambassim_version") and attr_str(f, "ambassim_version") in version, \
            f"ambassim_version {attr_str(f, 'ambassim_version')!r} not in `ambassim --version` output {version!r}"
        assert attr_str(f, "git_commit") in version, \
            f"git_commit {attr_str(f, 'git_commit')!r} not in `ambassim --version` output {version!r}"
        assert f.attrs["complete"] == 1, f"complete = {f.attrs['complete']}"
        assert f.attrs["ticks_run"] == TICKS, f"ticks_run = {f.attrs['ticks_run']}, expected {TICKS}"
    check("root attribute values", root_values)

    # -- /parameters --
    toml_text = subprocess.run([AMBASSIM, "params", "--toml"], capture_output=True, text=True, check=True).stdout
    reference = tomllib.loads(toml_text)
    scenario_values = tomllib.loads(SCENARIO)
    model_sections = [s for s in reference if s not in ("run", "output", "compare", "economics")]
    P = f["/parameters"].attrs

    def parameter_keys():
        keys = set(P)
        listed = {f"{s}.{k}" for s, table in reference.items() for k in table}
        unknown = sorted(keys - listed - {"customers.prospects_resolved", "customers.former_resolved", "customers.people",
                                      "customers.market_short"})
        assert not unknown, f"/parameters attributes not in `ambassim params --toml`: {unknown}"
        model_keys = {f"{s}.{k}" for s in model_sections for k in reference[s]}
        missing = sorted(model_keys - keys)
        assert not missing, f"model keys of `ambassim params --toml` missing from /parameters: {missing}"
        assert "customers.prospects_resolved" in keys, "/parameters lacks customers.prospects_resolved"
    check("/parameters keys known to params --toml", parameter_keys)

    def parameter_values():
        for s in model_sections:
            for k, default in reference[s].items():
                want = scenario_values.get(s, {}).get(k, default)
                if s == "strategy" and k == "phases":
                    continue
                got = P[f"{s}.{k}"]
                got = got.decode() if isinstance(got, bytes) else got
                if isinstance(want, str):
                    assert got == want, f"/parameters {s}.{k} = {got!r}, expected {want!r}"
                else:
                    assert float(got) == float(want), f"/parameters {s}.{k} = {got!r}, expected {want!r}"
                    kind = np.asarray(got).dtype.kind
                    want_kind = "i" if isinstance(default, int) and not isinstance(default, bool) else "f"
                    assert kind == want_kind, \
                        f"/parameters {s}.{k} has dtype kind {kind!r}, its default {default!r} is {want_kind!r}"
        assert P["simulation.ticks"] == TICKS and P["organisation.employees"] == 300, "scenario values not applied"
        assert P["customers.prospects_resolved"] > 0, "customers.prospects_resolved <= 0 with prospects = -1"
        phases = f["/parameters/strategy_phases"][()]
        assert np.array_equal(phases, np.array(PHASES, float)), f"strategy_phases {phases.tolist()} != {PHASES}"
    check("/parameters resolved values", parameter_values)

    # -- trajectories: time, labels --
    def time_axis():
        assert np.array_equal(f["/time/tick"][()], np.arange(1, T + 1)), "/time/tick is not 1..ticks"
        dt = P["simulation.dt_days"]
        assert np.allclose(f["/time/day"][()], np.arange(1, T + 1) * dt, rtol=0, atol=1e-9), "/time/day != tick*dt"
        assert np.allclose(f["/time/quantile_levels"][()], [0.10, 0.25, 0.50, 0.75, 0.90]), "quantile levels"
        roles = list(f["/employees/role_names"].asstr()[()])
        assert roles == ["front_line", "back_office", "manager"], f"role_names {roles}"
        programs = list(f["/programs/program_names"].asstr()[()])
        assert programs == ["career", "management", "cohesion", "alignment", "training", "mission", "process",
                            "recognition"], f"program_names {programs}"
        families = list(f["/programs/family_names"].asstr()[()])
        assert families == ["engagement", "ambassadorship"], f"family_names {families}"
    check("time axis and labels", time_axis)

    c = {name: f["/customers/" + name][()] for name in f["/customers"] if f["/customers/" + name].ndim == 1}

    def customer_flow():
        a = c["active"]
        rhs = a[:-1] + c["acquired_marketing"][1:] + c["acquired_referral"][1:] - c["churned"][1:]
        bad = np.nonzero(a[1:] != rhs)[0]
        assert bad.size == 0, f"active[t] != active[t-1] + acquired - churned at t = {(bad + 1).tolist()}"
    check("active[t] = active[t-1] + acquired - churned", customer_flow)

    def market_constant():
        total = c["active"] + c["prospects"] + c["churned_pool"]
        assert np.all(total == total[0]), f"active+prospects+churned_pool not constant: {np.unique(total)}"
        want = P["customers.customers"] + P["customers.prospects_resolved"] + P["customers.former_resolved"]
        assert total[0] == want, f"market size {total[0]} != customers + prospects_resolved + former_resolved = {want}"
        start = c["active"][0] + c["churned"][0] - c["acquired_marketing"][0] - c["acquired_referral"][0]
        assert start == P["customers.customers"], f"active before tick 1 = {start}, expected customers.customers"
    check("market size constant", market_constant)

    def nps_classes():
        s = c["promoters"] + c["passives"] + c["detractors"]
        assert np.array_equal(s, c["active"]), "promoters + passives + detractors != active"
        want = 100 * (c["promoters"] - c["detractors"]) / c["active"]
        assert np.allclose(c["nps"], want, rtol=1e-12, atol=1e-12), "nps != 100*(promoters-detractors)/active"
    check("NPS classes and score", nps_classes)

    def service():
        assert np.array_equal(c["served"] + c["unserved"], c["needs"]), "served + unserved != needs"
        assert np.all(c["needs"] > 0), "no needs in some tick of a 3000-customer market"
    check("served + unserved == needs", service)

    def revenue_and_retention():
        assert np.allclose(c["cumulative_revenue"], np.cumsum(c["revenue"]), rtol=1e-12), "cumulative_revenue"
        start = c["active"] + c["churned"] - c["acquired_marketing"] - c["acquired_referral"]
        dt = P["simulation.dt_days"]
        want = (1 - c["churned"] / start) ** (365 / dt)
        assert np.allclose(c["retention_per_year"], want, rtol=1e-9), "retention_per_year formula"
        for name in ("mean_satisfaction", "mean_bond", "mean_loyalty", "mean_functional_quality",
                     "mean_emotional_quality"):
            v = c[name]
            assert np.all((v >= 0) & (v <= 1)), f"/customers/{name} outside [0,1] (or NaN)"
        assert np.all((c["mean_ltr"] >= 0) & (c["mean_ltr"] <= 10)), "/customers/mean_ltr outside [0,10]"
    check("revenue, retention and means", revenue_and_retention)

    def quantiles():
        names = [p for p in docs if p.endswith("_quantiles")]
        assert len(names) == 7, f"expected 7 quantile datasets, the doc has {names}"
        for p in names:
            q = f[p][()]
            assert np.all(np.isfinite(q)), f"{p} has NaN although every population is non-empty"
            assert np.all((q >= 0) & (q <= 1)), f"{p} outside [0,1]"
            assert np.all(np.diff(q, axis=-1) >= 0), f"{p} decreases along the quantile axis"
    check("quantiles in [0,1] and non-decreasing", quantiles)

    def employees():
        head = f["/employees/headcount"][()]
        assert np.all(head == head[0]), "headcount per role changes over time"
        assert head[0].sum() == P["organisation.employees"], f"headcount {head[0]} does not sum to employees"
        role, _ = employee_layout(P)
        assert np.array_equal(head[0], np.bincount(role, minlength=3)), \
            f"headcount {head[0]} != documented slot layout {np.bincount(role, minlength=3)}"
        q = f["/employees/quits"][()]
        assert np.all(q >= 0) and np.all(q == np.round(q)), "quits not non-negative integers"
        for v in ("engagement", "customer_focus", "ambassadorship", "experience"):
            m = f["/employees/mean_" + v][()]
            assert np.all((m >= 0) & (m <= 1)), f"/employees/mean_{v} outside [0,1]"
    check("employees: constant headcount per role", employees)

    def programs():
        share, spend = f["/programs/share"][()], f["/programs/spend"][()]
        days = (np.arange(1, T + 1) - 1) * P["simulation.dt_days"]
        for k, day in enumerate(days):
            phase = [p for p in SHARES if p[0] <= day][-1][1]
            assert np.allclose(share[k], phase), f"share at tick {k + 1} (day {day}) {share[k]} != {phase}"
        per_tick = P["programs.budget_per_employee_per_year"] * P["organisation.employees"] * P["simulation.dt_days"] / 365
        assert np.allclose(spend, share * per_tick, rtol=1e-12), "spend != share * budget * employees * dt_years"
        # The extra staff ramp up from day 20 with the new-hire time constant (mean over each
        # tick, closed form) and their cost joins the programme spend.
        x = f["/employees/extra_front_line"][()]
        tau, dt = P["employees.new_hire_ramp_days"], P["simulation.dt_days"]
        t_end = np.maximum(0, days + dt - HIRE_DAY)
        want = np.where(days < HIRE_DAY, 0, HIRE * (1 - tau / dt * (np.exp(-(t_end - dt) / tau) - np.exp(-t_end / tau))))
        assert np.allclose(x, want, rtol=1e-9, atol=1e-15), f"/employees/extra_front_line {x} != {want}"
        front_line = f["/employees/headcount"][0, 0]
        staff = P["organisation.front_line_cost_per_year"] * x * front_line * dt / 365
        assert np.allclose(f["/programs/cumulative_spend"][()], np.cumsum(spend.sum(axis=1) + staff), rtol=1e-12), \
            "cumulative_spend != running sum of spend + extra staff cost"
        fam = f["/programs/cumulative_family_spend"][()]
        assert np.allclose(fam[:, 0], np.cumsum(spend[:, :4].sum(axis=1)), rtol=1e-12), "engagement family spend"
        assert np.allclose(fam[:, 1], np.cumsum(spend[:, 4:].sum(axis=1)), rtol=1e-12), "ambassadorship family spend"
        pressure = f["/programs/pressure"][()]
        assert np.all((pressure >= 0) & (pressure <= 1)), "pressure outside [0,1]"
    check("programs: shares follow the phases, spend", programs)

    def units():
        ua = f["/units/active"][()]
        assert np.array_equal(ua.sum(axis=1), c["active"]), "sum of /units/active != /customers/active"
        uq = f["/units/quits"][()]
        assert np.array_equal(uq.sum(axis=1), f["/employees/quits"][()].sum(axis=1)), \
            "sum of /units/quits != sum of /employees/quits"
    check("units sum to the totals", units)

    # -- snapshots --
    def snapshot_rows():
        ticks = f["/snapshots/tick"][()]
        assert ticks.tolist() == [10, 20, 30, 40], f"/snapshots/tick = {ticks.tolist()}, expected [10, 20, 30, 40]"
        for p in datasets:
            if p.startswith("/snapshots/") and p != "/snapshots/tick" and datasets[p].ndim == 2:
                assert datasets[p].shape[0] == len(ticks), \
                    f"{p} has {datasets[p].shape[0]} rows, /snapshots/tick has {len(ticks)}"
                assert datasets[p].maxshape[0] is None, f"{p} is not extendible along the snapshot axis"
    check("snapshot rows == snapshot ticks [10,20,30,40]", snapshot_rows)

    def snapshot_customers():
        N, U = lengths["person"], lengths["unit"]
        levels = f["/time/quantile_levels"][()]
        for i, t in enumerate(f["/snapshots/tick"][()]):
            row = t - 1
            status = f["/snapshots/customers/status"][i]
            assert set(np.unique(status)) <= {0, 1, 2, 3}, f"status codes {np.unique(status)}"
            for code, name in ((0, "prospects"), (1, "active"), (2, "churned_pool")):
                assert (status == code).sum() == c[name][row], f"snapshot {t}: status=={code} count != {name}"
            per_unit = [(status[N * u // U:N * (u + 1) // U] == 1).sum() for u in range(U)]
            assert np.array_equal(per_unit, f["/units/active"][row]), f"snapshot {t}: person layout vs /units/active"
            act = status == 1
            ltr = f["/snapshots/customers/ltr"][i]
            assert ltr.max() <= 10, "ltr above 10"
            assert (ltr[act] >= 9).sum() == c["promoters"][row], f"snapshot {t}: ltr 9-10 count != promoters"
            assert (ltr[act] <= 6).sum() == c["detractors"][row], f"snapshot {t}: ltr 0-6 count != detractors"
            assert np.isclose(ltr[act].mean(), c["mean_ltr"][row], rtol=1e-12), f"snapshot {t}: mean ltr"
            for v in ("satisfaction", "bond"):
                x = f["/snapshots/customers/" + v][i]
                assert np.all((x >= 0) & (x <= 1)), f"snapshot {t}: {v} outside [0,1]"
                assert np.isclose(x[act].astype(float).mean(), c["mean_" + v][row], rtol=1e-9), \
                    f"snapshot {t}: mean {v} of active persons != /customers/mean_{v}"
                q = histogram_quantiles(x[act], levels)
                assert np.allclose(q, f[f"/customers/{v}_quantiles"][row], rtol=0, atol=1e-12), \
                    f"snapshot {t}: {v} quantiles from the snapshot != /customers/{v}_quantiles"
    check("customer snapshots agree with the trajectories", snapshot_customers)

    def snapshot_employees():
        role, unit = employee_layout(P)
        U = lengths["unit"]
        dt = P["simulation.dt_days"]
        for i, t in enumerate(f["/snapshots/tick"][()]):
            row = t - 1
            hire = f["/snapshots/employees/hire_tick"][i]
            assert hire.max() <= t, f"snapshot {t}: hire_tick after the snapshot"
            tenure = np.array([((t - hire[role == r]) * dt).mean() for r in range(3)])
            assert np.allclose(tenure, f["/employees/mean_tenure_days"][row], rtol=1e-12), \
                f"snapshot {t}: tenure from hire_tick != /employees/mean_tenure_days"
            for v in ("engagement", "customer_focus", "ambassadorship", "experience"):
                x = f["/snapshots/employees/" + v][i].astype(float)
                assert np.all((x >= 0) & (x <= 1)), f"snapshot {t}: {v} outside [0,1]"
                by_role = np.array([x[role == r].mean() for r in range(3)])
                assert np.allclose(by_role, f["/employees/mean_" + v][row], rtol=1e-9), \
                    f"snapshot {t}: {v} by role != /employees/mean_{v}"
                by_unit = np.array([x[unit == u].mean() for u in range(U)])
                assert np.allclose(by_unit, f["/units/mean_" + v][row], rtol=1e-9), \
                    f"snapshot {t}: {v} by unit != /units/mean_{v}"
    check("employee snapshots agree with the trajectories", snapshot_employees)


def check_h5dump(path):
    def header():
        r = subprocess.run(["h5dump", "-H", path], capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, f"h5dump -H exited {r.returncode}: {r.stderr}"
        m = re.search(r'GROUP "customers" \{.*?DATASET "active" \{', r.stdout, re.S)
        assert m, "h5dump -H output lacks GROUP customers / DATASET active"
        r = subprocess.run(["h5dump", "-H", "-d", "/customers/active", path], capture_output=True, text=True)
        assert r.returncode == 0, f"h5dump -H -d /customers/active exited {r.returncode}: {r.stderr}"
        assert 'DATASET "/customers/active"' in r.stdout, "h5dump -H -d does not mention /customers/active"
    check("h5dump -H", header)


def check_no_overwrite(base, main_h5, tmp):
    def refuse():
        before = sha256(main_h5)
        r = run(base + ["-o", main_h5], cwd=tmp)
        assert r.returncode in (1, 2), f"second run without --force exited {r.returncode}, expected 1 or 2"
        assert "already exists" in r.stderr, f"stderr lacks 'already exists': {r.stderr!r}"
        assert sha256(main_h5) == before, "the existing file changed although --force was not given"
        left = [n for n in os.listdir(os.path.dirname(main_h5)) if ".tmp-" in n]
        assert not left, f"temporary files left after the refused run: {left}"
    check("no overwrite without --force", refuse)


def check_threads(base, main_h5, out_dir, tmp):
    other = os.path.join(tmp, "run.h5")
    run_ok(base + ["-o", other, "--threads", "2"], cwd=tmp)

    def equal_datasets():
        with h5py.File(main_h5, "r") as a, h5py.File(other, "r") as b:
            da, db = all_datasets(a), all_datasets(b)
            assert set(da) == set(db), f"datasets differ: {sorted(set(da) ^ set(db))}"
            diff = [p for p in sorted(da) if not same_values(da[p][()], db[p][()])]
            assert not diff, f"--threads 1 and --threads 2 differ in {diff}"
    check("--threads 1 and 2 give identical datasets", equal_datasets)
    identical = sha256(main_h5) == sha256(other)
    print(f"info: --threads 1 and --threads 2 files are {'' if identical else 'NOT '}byte-identical")


def check_switches(base, docs, out_dir, tmp):
    variants = [
        # quantiles and unit series off, employee snapshots only
        (["output.quantiles=false", "output.unit_series=false", "output.snapshot_customers=false"],
         dict(quantiles=0, unit_series=0, snapshot_every=SNAPSHOT_EVERY, snapshot_employees=1, snapshot_customers=0)),
        # no snapshots at all (snapshot_every = 0), the rest on
        (["output.snapshot_every=0"],
         dict(quantiles=1, unit_series=1, snapshot_every=0, snapshot_employees=1, snapshot_customers=1)),
    ]
    for n, (sets, switches) in enumerate(variants):
        path = os.path.join(out_dir, f"switches{n}.h5")
        args = list(base)
        for s in sets:
            args += ["--set", s]
        run_ok(args + ["-o", path], cwd=tmp)

        def datasets_match(path=path, switches=switches, sets=sets):
            want_written = expected_written(switches)
            want = {p for p, d in docs.items() if d["written"] in want_written}
            with h5py.File(path, "r") as f:
                have = {p for p, ds in all_datasets(f).items() if not is_scale(ds) or p in docs}
                groups = set(f)
            assert have == want, (f"with {sets}: unexpected {sorted(have - want)}, missing {sorted(want - have)}")
            assert ("units" in groups) == bool(switches["unit_series"]), f"with {sets}: /units group presence"
        check(f"written column with {' '.join(sets)}", datasets_match)


if __name__ == "__main__":
    sys.exit(main())
