#!/usr/bin/python3
"""End-to-end test of sweep.h5 against docs/sweep-format.md.

Runs a small Saltelli sweep (2 factors, N = 4 base samples: 16 points x 2
strategies x 2 replicates) and checks: every dataset in the file matches a
row of the doc's sweep.h5 table (templates such as /outcomes/<outcome>/<metric>
expand) with its documented dimension labels and dtype, every documented
fixed dataset and root attribute exists, every coordinate dataset (HDF5
dimension scale) is an axis of the doc's axes table holding its documented
values, the design matrix has the Saltelli
layout (A_B^(i) equals A except column i, which equals B's), and the merged
outcomes and trajectories equal those of the point files, point by point.

Needs AMBASSIM and AMBASSIM_SOURCE_DIR; prints `N passed, M failed` last.
"""
import os
import re
import subprocess
import sys
import tempfile

import h5py
import numpy as np

AMBASSIM = os.environ["AMBASSIM"]
DOC = os.path.join(os.environ["AMBASSIM_SOURCE_DIR"], "docs", "sweep-format.md")
passed = failed = 0


def check(name, ok):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAILED:", name, file=sys.stderr)


def documented():
    """(path regex, dimension labels, dtype) per row of the sweep.h5 dataset table."""
    text = open(DOC, encoding="utf-8").read()
    section = text[text.index("## `sweep.h5`"):]
    rows = []
    for line in section.splitlines():
        m = re.match(r"\| `(/[^|]*)` \| \[([^\]]*)\] \| (\w[\w, ]*) \|", line)
        if not m:
            continue
        dims = [d.strip() for d in m.group(2).split(",")]
        dtypes = [d.strip() for d in m.group(3).split(",")]
        for i, path in enumerate(re.findall(r"`(/[^`]+)`", "`" + m.group(1) + "`")):
            pattern = "^" + re.sub(r"<[^>]+>", "[^/]+", path) + "$"
            rows.append((path, re.compile(pattern), dims, dtypes[min(i, len(dtypes) - 1)]))
    return rows


def coordinate_docs():
    """label -> coordinate source ("index" or a dataset path) from the axes table."""
    text = open(DOC, encoding="utf-8").read()
    out = {}
    for line in text[text.index("## `sweep.h5`"):].splitlines():
        m = re.match(r"\| (`\w+`(?:, `\w+`)*) \| [^|]+ \| (index|`/[^`]+`) \|", line)
        if m:
            for label in re.findall(r"`(\w+)`", m.group(1)):
                out[label] = m.group(2).strip("`")
    return out


def attributes():
    text = open(DOC, encoding="utf-8").read()
    section = text[text.index("Root attributes:"):text.index("Datasets (all with")]
    return [a for line in section.splitlines() for a in re.findall(r"^\| `(\w+)`(?:, `(\w+)`)?", line) for a in a if a]


with tempfile.TemporaryDirectory() as work:
    open(os.path.join(work, "base.toml"), "w").write(
        "[simulation]\nticks = 30\nwarmup_days = 10\n[organisation]\nemployees = 80\nunits = 4\n"
        "[customers]\ncustomers = 500\n")
    open(os.path.join(work, "s.toml"), "w").write(
        '[sweep]\nbase = "base.toml"\ndesign = "saltelli"\nsamples = 4\n'
        'strategies = ["engagement_first", "ambassadorship_first"]\nreplicates = 2\n'
        '[[sweep.parameters]]\nkey = "customers.churn_per_year"\nmin = 0.1\nmax = 0.4\n'
        '[[sweep.parameters]]\nkey = "organisation.units"\nmin = 2\nmax = 6\n')
    subprocess.run([AMBASSIM, "sweep", "s.toml", "-o", "out", "-q"], cwd=work, check=True, stdout=subprocess.DEVNULL)
    rows = documented()
    check("the doc's table was parsed", len(rows) >= 10)
    with h5py.File(os.path.join(work, "out", "sweep.h5")) as f:
        names = []
        f.visititems(lambda n, o: names.append("/" + n) if isinstance(o, h5py.Dataset) else None)
        axes = coordinate_docs()
        check("the doc's axes table was parsed", {"point", "strategy", "replicate", "tick"} <= set(axes))
        for name in names:
            d = f[name]
            if name.endswith("/day") and d.attrs.get("dimensions") == "tick":  # the group's days: /time/day
                check(f"{name} holds /time/day", np.array_equal(d[()], f["/time/day"][()]))
                continue
            if h5py.h5ds.is_scale(d.id):  # a group's coordinate of one axis: as in the axes table
                label = name.rsplit("/", 1)[1]
                check(f"{name} is a documented axis", label in axes)
                if label not in axes:
                    continue
                source = axes[label]
                want = np.arange(d.shape[0]) if source == "index" else f[source][()]
                check(f"{name} holds the coordinates of {source}", np.array_equal(d[()], want))
                continue
            row = next((r for r in rows if r[1].match(name)), None)
            check(f"{name} is documented", row is not None)
            if row is None:
                continue
            labels = d.attrs["dimensions"].split(",")
            dims = row[2]
            if dims[-1] == "…":  # trailing dimensions of the trajectory
                check(f"{name} leading dimensions", labels[: len(dims) - 1] == dims[:-1])
            else:
                check(f"{name} dimensions {labels} == {dims}", labels == dims)
            check(f"{name} has units and description", "units" in d.attrs and "description" in d.attrs)
            kind = {"string": "O", "float64": "f", "int64": "i"}[row[3]]
            check(f"{name} dtype {d.dtype} is {row[3]}", d.dtype.kind == kind and (kind == "O" or d.dtype.itemsize == 8))
        for path, _, _, _ in rows:
            if "<" not in path:
                check(f"documented {path} exists", path in f)
        for attr in attributes():
            if attr.startswith("morris"):
                continue
            check(f"root attribute {attr}", attr in f.attrs)
        check("format", f.attrs["format"] == "ambassim-sweep")
        check("16 points", f.attrs["points"] == 16 and f["/design/matrix"].shape == (16, 2))

        X = f["/design/matrix"][()]
        n, k = 4, 2
        A, B = X[:n], X[n:2 * n]
        for i in range(k):
            AB = X[(2 + i) * n:(3 + i) * n]
            check(f"A_B^({i}) takes column {i} from B", np.array_equal(AB[:, i], B[:, i]))
            other = [j for j in range(k) if j != i]
            check(f"A_B^({i}) keeps A's other columns", np.array_equal(AB[:, other], A[:, other]))
        check("integer factor rounded", np.array_equal(X[:, 1], np.round(X[:, 1])))

        files = f["/points/files"].asstr()[()]
        for p in (0, 7, 15):
            with h5py.File(os.path.join(work, "out", files[p])) as g:
                check(f"point {p} file knows its point", g.attrs["sweep_point"] == p)
                check(f"point {p} values", np.array_equal(g["/sweep/values"][()], X[p]))
                check(f"point {p} NPS outcome merged",
                      np.array_equal(g["/summary/outcomes/nps/horizon/values"][()], f["/outcomes/nps/horizon"][p]))
                check(f"point {p} trajectory merged",
                      np.array_equal(g["/runs/customers/active"][()], f["/runs/customers/active"][p]))

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
