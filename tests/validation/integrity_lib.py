"""Shared by the model-integrity tests (issue #12): running ambassim, reading
comparison files, and the closing `N passed, M failed` line ctest reads."""
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

AMBASSIM = os.environ["AMBASSIM"]
SOURCE_DIR = os.environ["AMBASSIM_SOURCE_DIR"]
WORK = tempfile.TemporaryDirectory(prefix="ambassim-integrity-")
_results = []


def path(name):
    return os.path.join(WORK.name, name)


def scenario(name):
    return os.path.join(SOURCE_DIR, "scenarios", name)


def ambassim(*args):
    """Runs ambassim quietly; raises with its stderr if it fails."""
    r = subprocess.run([AMBASSIM, *args, "-q"], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"ambassim {' '.join(args)} failed ({r.returncode}): {r.stderr.strip()}")


def compare(scenario_file, out, *sets, strategies=None, replicates=None, seed=None):
    args = ["compare", scenario_file, "-o", path(out), "--force"]
    if strategies:
        args += ["--strategies", ",".join(strategies)]
    if replicates:
        args += ["--replicates", str(replicates)]
    if seed is not None:
        args += ["--seed", str(seed)]
    for s in sets:
        args += ["--set", s]
    ambassim(*args)
    return h5py.File(path(out), "r")


def paired(f, outcome, metric, a, b):
    """Mean paired difference a - b and its 95% interval from a comparison file."""
    S = list(f["strategies"].asstr()[...])
    i, j = S.index(a), S.index(b)
    g = f[f"summary/outcomes/{outcome}/{metric}"]
    return (float(g["difference_mean"][i, j]), float(g["difference_ci_low"][i, j]),
            float(g["difference_ci_high"][i, j]))


def check(name, ok, detail=""):
    _results.append(bool(ok))
    print(("ok: " if ok else "FAILED: ") + name + (f" ({detail})" if detail else ""), file=sys.stderr if not ok else sys.stdout)


def finish():
    passed = sum(_results)
    failed = len(_results) - passed
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def yearly(values, day, agg=np.mean):
    """Aggregates a per-tick series over whole years of simulated days."""
    years = int(day[-1] // 365)
    return np.array([agg(values[(day > 365 * y) & (day <= 365 * (y + 1))]) for y in range(years)])
