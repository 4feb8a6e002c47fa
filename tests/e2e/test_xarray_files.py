#!/usr/bin/python3
"""Every group of a run, comparison, sweep and sweep point file opens in xarray.

Writes a small run (custom phases, unit series, snapshots), a comparison and
a grid sweep, then opens every group of each file with
`xr.open_dataset(f, group=g, engine="h5netcdf")` (Debian's python3-xarray and
python3-h5netcdf) and checks: no phony dimensions, every dimension has a
coordinate, each variable's dimensions are its `dimensions` attribute, and
every coordinate holds the values the axes tables of docs/hdf5-format.md,
docs/compare-format.md and docs/sweep-format.md document (a dataset's values
or the index 0..n-1). Plus a few named expectations (roles, strategies,
units strings units libraries parse).

Needs AMBASSIM and AMBASSIM_SOURCE_DIR; prints `N passed, M failed` last.
"""
import os
import re
import subprocess
import sys
import tempfile
import warnings

import h5py
import numpy as np
import xarray as xr

AMBASSIM = os.environ["AMBASSIM"]
DOCS = os.path.join(os.environ["AMBASSIM_SOURCE_DIR"], "docs")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, finish  # noqa: E402  (tests/checks.py)


def axes_table(doc):
    """label -> coordinate source ("index" or a dataset path) from a doc's axes table."""
    text = open(os.path.join(DOCS, doc), encoding="utf-8").read()
    out = {}
    for line in text.splitlines():
        m = re.match(r"\| (`\w+`(?:, `\w+`)*) \| [^|]+ \| (index|`/[^`]+`) \|", line)
        if m:
            for label in re.findall(r"`(\w+)`", m.group(1)):
                out[label] = m.group(2).strip("`")
    return out


RUN_AXES = axes_table("hdf5-format.md")
COMPARE_AXES = {**RUN_AXES, **axes_table("compare-format.md")}
SWEEP_AXES = axes_table("sweep-format.md")
check("axes tables parsed", len(RUN_AXES) >= 10 and "strategy_a" in COMPARE_AXES and "point" in SWEEP_AXES,
      f"{RUN_AXES} {COMPARE_AXES} {SWEEP_AXES}")


def groups_of(path):
    with h5py.File(path) as f:
        out = ["/"]
        f.visititems(lambda n, o: out.append("/" + n) if isinstance(o, h5py.Group) else None)
    return out


def check_file(path, axes, kind):
    """Opens every group; returns {group: Dataset} (loaded) for named checks."""
    opened = {}
    with h5py.File(path) as f:
        for g in groups_of(path):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error")  # no silent fallback
                    ds = xr.open_dataset(path, group=g, engine="h5netcdf").load()
            except Exception as e:  # noqa: BLE001 - reported as a failure
                check(f"{kind} {g} opens", False, repr(e))
                continue
            opened[g] = ds
            phony = [d for d in ds.dims if str(d).startswith("phony_dim")]
            check(f"{kind} {g}: no phony dimensions", not phony, phony)
            missing = [d for d in ds.dims if d not in ds.coords]
            check(f"{kind} {g}: every dimension has a coordinate", not missing, missing)
            for name, var in ds.variables.items():
                labels = var.attrs.get("dimensions", "")
                check(f"{kind} {g}/{name}: dims are its dimensions attribute",
                      tuple(labels.split(",")) == var.dims, f"{var.dims} vs {labels!r}")
            for d in ds.dims:
                source = axes.get(d)
                check(f"{kind} {g}: axis {d} is documented", source is not None)
                if source is None:
                    continue
                want = np.arange(ds.sizes[d]) if source == "index" else f[source][()]
                if want.dtype.kind == "O":
                    want = np.array([w.decode() if isinstance(w, bytes) else w for w in want], dtype=object)
                check(f"{kind} {g}: coordinate {d} holds {source}", np.array_equal(ds[d].values, want),
                      f"{ds[d].values} vs {want}")
    check(f"{kind}: groups opened", len(opened) >= 3, len(opened))
    return opened


with tempfile.TemporaryDirectory() as work:
    def run(*args):
        subprocess.run([AMBASSIM, *args], cwd=work, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    open(os.path.join(work, "base.toml"), "w").write(
        "[simulation]\nticks = 20\nwarmup_days = 5\n[organisation]\nemployees = 40\nunits = 3\n"
        "[customers]\ncustomers = 300\n[output]\nsnapshot_every = 5\n"
        '[strategy]\nname = "custom"\n[[strategy.phases]]\nstart_day = 0\nengagement = 0.5\n'
        "[[strategy.phases]]\nstart_day = 10\nmission = 0.4\n")
    open(os.path.join(work, "sweep.toml"), "w").write(
        '[sweep]\nbase = "base.toml"\ndesign = "grid"\nlevels = 2\nseries = "all"\n'
        'strategies = ["engagement_first", "ambassadorship_first"]\nreplicates = 2\n'
        '[[sweep.parameters]]\nkey = "customers.churn_per_year"\nmin = 0.1\nmax = 0.4\n')
    run("run", "base.toml", "-o", "run.h5")
    run("compare", "base.toml", "-o", "cmp.h5", "--replicates", "3", "--strategies", "none,balanced,custom")
    run("sweep", "sweep.toml", "-o", "sw")

    r = check_file(os.path.join(work, "run.h5"), RUN_AXES, "run")
    c = check_file(os.path.join(work, "cmp.h5"), COMPARE_AXES, "compare")
    s = check_file(os.path.join(work, "sw", "sweep.h5"), SWEEP_AXES, "sweep")
    p = check_file(os.path.join(work, "sw", "points", "p000001.h5"), COMPARE_AXES, "point")

    e = r.get("/employees")
    check("run /employees dims", e is not None and dict(e.sizes) == {"tick": 20, "role": 3, "quantile": 5},
          e.sizes if e is not None else None)
    check("run roles", list(e["role"].values) == ["front_line", "back_office", "manager"])
    check("run ticks", list(e["tick"].values) == list(range(1, 21)))
    check("run quantile levels", np.allclose(e["quantile"].values, [0.1, 0.25, 0.5, 0.75, 0.9]))
    check("run: select by label", float(e["mean_engagement"].sel(role="manager", tick=20)) ==
          float(h5py.File(os.path.join(work, "run.h5"))["/employees/mean_engagement"][19, 2]))
    check("run /parameters phases", dict(r["/parameters"].sizes) == {"phase": 2, "field": 12})
    check("run snapshots", list(r["/snapshots"]["snapshot"].values) == [5, 10, 15, 20])
    check("run units: day", r["/time"]["day"].attrs["units"] == "day" and r["/time"]["day"].attrs["units_label"] == "days")
    check("run units: counts are 1 with a label", r["/customers"]["active"].attrs["units"] == "1" and
          r["/customers"]["active"].attrs["units_label"] == "customers")
    check("run units: day is not decoded to a timedelta", r["/time"]["day"].dtype == np.float64)

    h = c.get("/summary/outcomes/nps/horizon")
    check("compare outcome dims", h is not None and set(h.dims) == {"strategy", "replicate", "strategy_a", "strategy_b"})
    check("compare strategies", list(h["strategy"].values) == ["none", "balanced", "custom"])
    check("compare replicates", list(h["replicate"].values) == [0, 1, 2])
    t = c.get("/summary/trajectories/nps")
    check("compare trajectory dims", t is not None and t["mean"].dims == ("strategy", "tick"))
    check("compare runs quantile coordinate", np.allclose(c["/runs/employees"]["quantile"].values, [0.1, 0.25, 0.5, 0.75, 0.9]))
    check("compare percent", c["/summary/outcomes/promoter_share/horizon"]["mean"].attrs["units"] == "percent")

    o = s.get("/outcomes/nps")
    check("sweep outcome dims", o is not None and o["horizon"].dims == ("point", "strategy", "replicate"))
    check("sweep points", list(o["point"].values) == [0, 1])
    d = s.get("/design")
    check("sweep factors", list(d["factor"].values) == ["customers.churn_per_year"])
    check("sweep design by label", np.allclose(d["matrix"].sel(factor="customers.churn_per_year").values, [0.1, 0.4]))
    check("sweep per-role series", s["/runs/employees"]["mean_engagement"].dims ==
          ("point", "strategy", "replicate", "tick", "role"))
    check("point factors", list(p["/sweep"]["factor"].values) == ["customers.churn_per_year"])

finish()
