#!/usr/bin/python3
"""End-to-end test of `ambassim export` (the tidy table of a file).

For a run, a comparison and a grid sweep: the table has one row per point x
strategy x replicate (x tick with --per-tick), the documented leading
columns, and every value equals the HDF5 content read with h5py (exactly:
numbers are written in their shortest round-trip form, NaN as NA). Also: TSV,
`-o -`, the default output name, refusal of an existing output without
--force (exit 1, message, file untouched), --force, no temporary files left,
and a file that is not ambassim's (exit 2).

Needs AMBASSIM and AMBASSIM_SOURCE_DIR; prints `N passed, M failed` last.
"""
import csv
import io
import math
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

AMBASSIM = os.environ["AMBASSIM"]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, finish  # noqa: E402  (tests/checks.py)


def number(text):
    return math.nan if text == "NA" else float(text)


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == b


def table(path, sep=","):
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter=sep))
    return rows[0], rows[1:]


with tempfile.TemporaryDirectory() as work:
    def run(*args, ok=True):
        r = subprocess.run([AMBASSIM, *args], cwd=work, capture_output=True, text=True)
        if ok and r.returncode != 0:
            sys.exit(f"FATAL: ambassim {' '.join(args)}: {r.stderr}")
        return r

    open(os.path.join(work, "base.toml"), "w").write(
        "[simulation]\nticks = 15\nwarmup_days = 5\n[organisation]\nemployees = 30\nunits = 3\n"
        "[customers]\ncustomers = 300\n")
    open(os.path.join(work, "sweep.toml"), "w").write(
        '[sweep]\nbase = "base.toml"\ndesign = "grid"\nlevels = 3\n'
        'strategies = ["engagement_first", "ambassadorship_first"]\nreplicates = 2\n'
        '[[sweep.parameters]]\nkey = "customers.churn_per_year"\nmin = 0.1\nmax = 0.4\n'
        '[[sweep.parameters]]\nkey = "organisation.units"\nvalues = [2, 3]\n')
    run("run", "base.toml", "-o", "run.h5", "-q")
    run("compare", "base.toml", "-o", "cmp.h5", "--replicates", "3", "--strategies", "none,balanced", "-q")
    run("sweep", "sweep.toml", "-o", "sw", "-q")
    cmp_path, sweep_path = os.path.join(work, "cmp.h5"), os.path.join(work, "sw", "sweep.h5")

    # --- sweep: one row per point x strategy x replicate, outcome metrics as columns ---
    r = run("export", "sw/sweep.h5", "-o", "sweep.csv")
    check("export says what it wrote", r.stderr.strip() == "wrote sweep.csv", r.stderr)
    header, rows = table(os.path.join(work, "sweep.csv"))
    with h5py.File(sweep_path) as f:
        P, S, R = f["/outcomes/nps/horizon"].shape
        factors = list(f["/design/factors"].asstr()[()])
        strategies = list(f["/strategies"].asstr()[()])
        check("sweep: leading columns", header[:5] == ["point", *factors, "strategy", "replicate"], header[:5])
        check("sweep: P x S x R rows", len(rows) == P * S * R == 6 * 2 * 2, len(rows))
        metrics = []
        f["/outcomes"].visititems(lambda n, o: metrics.append(n) if isinstance(o, h5py.Dataset)
                                  and o.attrs["dimensions"] == "point,strategy,replicate" else None)
        check("sweep: a column per outcome metric", sorted(header[5:]) == sorted(m.replace("/", ".") for m in metrics),
              set(header[5:]) ^ {m.replace("/", ".") for m in metrics})
        X = f["/design/matrix"][()]
        bad = 0
        for i, row in enumerate(rows):
            p, s, rep = i // (S * R), i // R % S, i % R
            cells = dict(zip(header, row))
            bad += int(cells["point"]) != p or cells["strategy"] != strategies[s] or int(cells["replicate"]) != rep
            bad += any(float(cells[k]) != X[p, j] for j, k in enumerate(factors))
            bad += sum(not same(number(cells[m.replace("/", ".")]), f["/outcomes/" + m][p, s, rep]) for m in metrics)
        check("sweep: every value equals the file's", bad == 0, bad)

    # --- sweep per tick, TSV ---
    run("export", "sw/sweep.h5", "--per-tick", "--tsv")
    header, rows = table(os.path.join(work, "sw", "sweep.per_tick.tsv"), "\t")
    with h5py.File(sweep_path) as f:
        T = f["/time/tick"].shape[0]
        check("per tick: leading columns", header[:7] == ["point", *factors, "strategy", "replicate", "tick", "day"],
              header[:7])
        check("per tick: P x S x R x T rows", len(rows) == P * S * R * T, len(rows))
        series = [c for c in header[7:]]
        check("per tick: the selected trajectories", "customers.active" in series and "customers.nps" in series, series)
        bad = 0
        for i in range(0, len(rows), 37):  # a spread sample of rows
            p, s, rep, t = i // (S * R * T), i // (R * T) % S, i // T % R, i % T
            cells = dict(zip(header, rows[i]))
            bad += int(cells["tick"]) != f["/time/tick"][t] or float(cells["day"]) != f["/time/day"][t]
            bad += sum(not same(number(cells[c]), f["/runs/" + c.replace(".", "/")][p, s, rep, t]) for c in series)
        check("per tick: sampled values equal the file's", bad == 0, bad)

    # --- comparison: strategy x replicate; per tick with tail axes as labelled columns ---
    out = run("export", "cmp.h5", "-o", "-").stdout
    rows = list(csv.reader(io.StringIO(out)))
    header, rows = rows[0], rows[1:]
    with h5py.File(cmp_path) as f:
        check("compare: leading columns", header[:2] == ["strategy", "replicate"], header[:2])
        check("compare: S x R rows", len(rows) == 2 * 3, len(rows))
        v = f["/summary/outcomes/nps/horizon/values"][()]
        check("compare: nps.horizon column", [number(r[header.index("nps.horizon")]) for r in rows] == list(v.ravel()))
    run("export", "cmp.h5", "--per-tick", "-o", "cmp_ticks.csv")
    header, rows = table(os.path.join(work, "cmp_ticks.csv"))
    with h5py.File(cmp_path) as f:
        check("compare per tick: S x R x T rows", len(rows) == 2 * 3 * 15, len(rows))
        check("compare per tick: role columns labelled",
              "employees.mean_engagement.front_line" in header and "employees.mean_engagement.manager" in header)
        check("compare per tick: quantile columns labelled", "customers.satisfaction_quantiles.0.5" in header)
        k = 2 * 15 + 7  # strategy 0, replicate 2, tick 8
        cells = dict(zip(header, rows[k]))
        check("compare per tick: row order", (cells["strategy"], cells["replicate"], cells["tick"]) == ("none", "2", "8"))
        check("compare per tick: a role value",
              same(number(cells["employees.mean_engagement.manager"]), f["/runs/employees/mean_engagement"][0, 2, 7, 2]))

    # --- run file: always per tick ---
    run("export", "run.h5")
    header, rows = table(os.path.join(work, "run.csv"))
    with h5py.File(os.path.join(work, "run.h5")) as f:
        check("run: leading columns", header[:4] == ["strategy", "replicate", "tick", "day"], header[:4])
        check("run: one row per tick", len(rows) == 15, len(rows))
        check("run: strategy and replicate", rows[0][:2] == [f.attrs["strategy"], str(f.attrs["replicate"])])
        check("run: active customers", [number(r[header.index("customers.active")]) for r in rows] ==
              list(f["/customers/active"][()]))
        check("run: unit columns", "units.active.0" in header and "units.active.2" in header)

    # --- refusals and atomicity ---
    before = open(os.path.join(work, "sweep.csv"), "rb").read()
    r = run("export", "sw/sweep.h5", "-o", "sweep.csv", ok=False)
    check("existing output: exit 1", r.returncode == 1, r.returncode)
    check("existing output: message", r.stderr.strip() ==
          "ambassim: error: output file `sweep.csv` already exists; use --force to overwrite it", r.stderr)
    check("existing output: untouched", open(os.path.join(work, "sweep.csv"), "rb").read() == before)
    r = run("export", "sw/sweep.h5", "--per-tick", "-o", "sweep.csv", "--force")
    check("--force replaces it", r.returncode == 0 and table(os.path.join(work, "sweep.csv"))[0][5] == "tick")
    r = run("export", "base.toml", "-o", "x.csv", ok=False)
    check("not an HDF5 file: fails", r.returncode != 0 and "base.toml" in r.stderr, r.stderr)
    check("not an HDF5 file: no output", not os.path.exists(os.path.join(work, "x.csv")))
    r = run("export", "cmp.h5", "--csv", "--tsv", ok=False)
    check("--csv with --tsv: exit 2", r.returncode == 2, r.returncode)
    left = [n for _, _, files in os.walk(work) for n in files if ".tmp-" in n]
    check("no temporary files left", not left, left)

finish()
