#!/usr/bin/python3
"""Tests of the `ambassim` Python module (sim/python) with Debian's python3.

A comparison through the module gives the same numbers (bit for bit), names,
coordinates and units as the CLI's comparison file; a sweep's outcome metrics
equal sweep.h5's; run() writes a run file equal to the CLI's; overrides are
typed and checked; errors are ambassim.InputError with file, line and key;
the progress callback sees increasing tick counts and stops the run when it
raises; the GIL is released while simulating (another Python thread runs).

Needs AMBASSIM (the CLI), AMBASSIM_SOURCE_DIR and AMBASSIM_PYTHON_DIR (the
folder holding the built module); prints `N passed, M failed` last.
"""
import os
import subprocess
import sys
import tempfile
import threading

import h5py
import numpy as np

sys.path.insert(0, os.environ["AMBASSIM_PYTHON_DIR"])
import ambassim  # noqa: E402

AMBASSIM = os.environ["AMBASSIM"]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
from checks import check, finish  # noqa: E402  (tests/checks.py)


def raises(f, kind):
    try:
        f()
    except kind as e:
        return e
    return None


SCENARIO = """\
[simulation]
ticks = 25
warmup_days = 5
[organisation]
employees = 40
units = 2
[customers]
customers = 400
"""

with tempfile.TemporaryDirectory() as work:
    path = os.path.join(work, "s.toml")
    open(path, "w").write(SCENARIO)

    check("version", ambassim.__version__.startswith("0."), ambassim.__version__)

    # --- scenarios and overrides ---
    sc = ambassim.load_scenario(path, {"customers.churn_per_year": 0.3, "organisation.units": 4})
    check("override applied (float)", sc.get("customers.churn_per_year") == 0.3)
    check("override applied (int)", sc.get("organisation.units") == 4)
    check("overrides recorded as texts", sc.overrides == ["customers.churn_per_year=0.3", "organisation.units=4"],
          sc.overrides)
    e = raises(lambda: ambassim.load_scenario(path, {"customers.churn_per_yaer": 0.3}), ambassim.InputError)
    check("unknown key: InputError", e is not None)
    check("unknown key: its key", e is not None and e.key == "customers.churn_per_yaer", getattr(e, "key", None))
    check("unknown key: suggestion", e is not None and "customers.churn_per_year" in str(e), str(e))
    check("InputError is a ValueError", issubclass(ambassim.InputError, ValueError))
    e = raises(lambda: sc.set({"organisation.units": 2.5}), ambassim.InputError)
    check("non-integral value for an integer key refused", e is not None and e.key == "organisation.units", e)
    check("a refused set leaves the scenario unchanged", sc.get("organisation.units") == 4)
    bad = os.path.join(work, "bad.toml")
    open(bad, "w").write("[customers]\ncustomers = 400\nchurn_per_year = -1\n")
    e = raises(lambda: ambassim.load_scenario(bad), ambassim.InputError)
    check("bad file: file, line and key", e is not None and (e.file, e.line, e.key) ==
          (bad, 3, "customers.churn_per_year"), (getattr(e, "file", None), getattr(e, "line", None),
                                                   getattr(e, "key", None), str(e)))
    e = raises(lambda: ambassim.load_scenario(os.path.join(work, "missing.toml")), Exception)
    check("missing file: an ambassim error", isinstance(e, (ambassim.InputError, ambassim.OutputError)), repr(e))

    # --- a comparison: the module's numbers are the CLI file's ---
    strategies = ["engagement_first", "ambassadorship_first"]
    seen = []
    res = ambassim.compare(ambassim.load_scenario(path), strategies=strategies, replicates=3, threads=2,
                           progress=lambda done, total: seen.append((done, total)))
    subprocess.run([AMBASSIM, "compare", path, "--strategies", ",".join(strategies), "--replicates", "3",
                    "-o", os.path.join(work, "cmp.h5"), "-q"], check=True, stdout=subprocess.DEVNULL)
    with h5py.File(os.path.join(work, "cmp.h5")) as f:
        runs = res["/runs/customers"]
        check("runs: strategy coordinate", list(runs["strategy"].values) == strategies)
        check("runs: tick coordinate", list(runs["tick"].values) == list(f["/time/tick"][()]))
        check("runs: day coordinate as the file's", np.array_equal(runs["day"].values, f["/runs/customers/day"][()])
              and runs["day"].dims == ("tick",) and runs["day"].attrs["units"] == f["/runs/customers/day"].attrs["units"])
        same = all(np.array_equal(runs[name].values, f["/runs/customers/" + name][()], equal_nan=True)
                   for name in ("active", "nps", "churned", "revenue", "mean_bond"))
        check("runs: the same trajectories bit for bit as the CLI's file", same)
        emp = res["/runs/employees"]
        check("per-role series with role labels", emp["mean_engagement"].dims ==
              ("strategy", "replicate", "tick", "role") and list(emp["role"].values) ==
              ["front_line", "back_office", "manager"])
        check("per-role values equal", np.array_equal(emp["mean_engagement"].values,
                                                      f["/runs/employees/mean_engagement"][()], equal_nan=True))
        bad_groups = [g for g in res if g.startswith("/summary") and g not in f]
        check("every summary group is a group of the file", not bad_groups, bad_groups)
        for g in ("/summary/outcomes/nps/horizon", "/summary/outcomes/revenue/total"):
            for v in ("values", "mean", "sd", "ci_low", "ci_high"):
                check(f"{g}/{v} equals the file's", np.array_equal(res[g][v].values, f[g + "/" + v][()],
                                                                   equal_nan=True))
        for name in ("active", "revenue", "mean_bond"):
            ds = f["/runs/customers/" + name]
            check(f"{name}: units as in the file", runs[name].attrs["units"] == ds.attrs["units"] and
                  runs[name].attrs["units_label"] == ds.attrs["units_label"])
    check("progress: ends at the total", len(seen) >= 1 and seen[-1][0] == seen[-1][1], seen[-3:])
    check("progress: the first call is 0 of the total (before any work)", seen and seen[0][0] == 0, seen[:2])
    check("progress: counts increase and stay within the total",
          all(a[0] <= b[0] for a, b in zip(seen, seen[1:])) and all(0 <= d <= t for d, t in seen), seen[-3:])

    # --- a raising progress callback stops the run and raises ---
    def stop(done, total):
        raise KeyboardInterrupt("enough")
    big = ambassim.parse_scenario(SCENARIO, {"simulation.ticks": 4000})
    e = raises(lambda: ambassim.compare(big, strategies=strategies, replicates=2, progress=stop), KeyboardInterrupt)
    check("progress callback's exception propagates", e is not None and str(e) == "enough", repr(e))

    # --- progress during a run, and the GIL released while simulating ---
    # No timing: a comparison far too long to finish runs in a thread; its
    # progress callback signals the first call in the middle of the run (0 < done
    # < total), then waits until the main thread has run Python code and stops
    # the run. If the GIL were held while simulating, the main thread could not
    # run in between and the worker would never see `main_ran` (the waits time out).
    class Enough(Exception):
        pass
    running, main_ran = threading.Event(), threading.Event()
    middle = []
    outcome = []

    def watch(done, total):
        if 0 < done < total:
            middle.append((done, total))
            running.set()
            if main_ran.wait(60):
                raise Enough()

    def simulate():
        try:
            ambassim.compare(ambassim.parse_scenario(SCENARIO, {"simulation.ticks": 200000}), strategies=strategies,
                             replicates=1, threads=1, progress=watch)
            outcome.append("finished")
        except Enough:
            outcome.append("stopped")
    worker = threading.Thread(target=simulate)
    worker.start()
    got_middle = running.wait(120)
    main_ran.set()  # Python code of the main thread, running while the worker simulates
    worker.join(120)
    check("progress: called in the middle of a run", got_middle and middle and 0 < middle[0][0] < middle[0][1],
          middle[:2])
    check("the main thread ran while the worker simulated, and the callback stopped the run",
          outcome == ["stopped"] and not worker.is_alive(), outcome)

    # --- values: numpy numbers, phases as dicts, refusals with the key ---
    sc2 = ambassim.load_scenario(path, {"customers.churn_per_year": np.float64(0.25), "organisation.units": np.int64(3),
                                        "output.quantiles": np.bool_(False)})
    check("numpy values accepted", (sc2.get("customers.churn_per_year"), sc2.get("organisation.units"),
                                    sc2.get("output.quantiles")) == (0.25, 3, False))
    phases = [{"start_day": 0, "engagement": 0.5}, {"start_day": 100, "ambassadorship": 1.0, "training": 0.0}]
    sc2.set({"strategy.name": "custom", "strategy.phases": phases})
    got = sc2.get("strategy.phases")
    check("phases set from dicts and read back with every field", len(got) == 2 and got[1]["start_day"] == 100 and
          got[0]["engagement"] == 0.5 and {"career", "recognition", "ambassadorship"} <= set(got[0]), got)
    sc3 = sc2.copy()
    sc3.set({"strategy.phases": got})
    check("phases read back can be set again unchanged", sc3.get("strategy.phases") == got)
    e = raises(lambda: sc2.set({"strategy.phases": [{"start_day": 0, "engagment": 0.5}]}), ambassim.InputError)
    check("unknown phase field: InputError naming it", e is not None and "engagment" in str(e) and
          "engagement" in str(e), repr(e))
    e = raises(lambda: sc2.set({"strategy.phases": [{"start_day": 0, "engagement": "half"}]}), ambassim.InputError)
    check("phase field of the wrong type: InputError", e is not None and "strategy.phases[0].engagement" in str(e),
          repr(e))
    e = raises(lambda: sc2.set({"customers.churn_per_year": object()}), ambassim.InputError)
    check("a value of no scenario type: InputError with its key", e is not None and e.key == "customers.churn_per_year",
          repr(e))
    e = raises(lambda: sc2.set({"compare.strategies": ["balanced", 3]}), ambassim.InputError)
    check("a list with a non-string: InputError", e is not None and "compare.strategies[1]" in str(e), repr(e))

    # --- run(): the same file as `ambassim run`, its groups returned ---
    one = ambassim.load_scenario(path)
    out = os.path.join(work, "m.h5")
    groups = ambassim.run(one, out)
    subprocess.run([AMBASSIM, "run", path, "-o", os.path.join(work, "c.h5"), "-q"], check=True,
                   stdout=subprocess.DEVNULL)
    with h5py.File(out) as m, h5py.File(os.path.join(work, "c.h5")) as c:
        check("run: same trajectories as the CLI", np.array_equal(m["/customers/active"][()], c["/customers/active"][()]))
        check("run: returns the file's groups with its values", "/customers" in groups and
              np.array_equal(groups["/customers"]["active"].values, c["/customers/active"][()]), sorted(groups)[:5])
        check("run: named dimensions and tick coordinate", groups["/customers"]["active"].dims == ("tick",) and
              list(groups["/customers"]["tick"].values) == list(c["/time/tick"][()]))
    e = raises(lambda: ambassim.run(one, out), ambassim.OutputError)
    check("run: refuses an existing file", e is not None and "already exists" in str(e), repr(e))
    def ours():  # this process's temporary files of the module (other tests may run the module meanwhile)
        return {n for n in os.listdir(tempfile.gettempdir()) if n.startswith(f"ambassim-run-{os.getpid()}-")}
    before = ours()
    mem = ambassim.run(one)
    check("run without a file: groups in memory", np.array_equal(mem["/customers"]["active"].values,
                                                                 groups["/customers"]["active"].values))
    check("run without a file: no file left behind", ours() <= before)
    # While it runs the file is there, named with this process's id.
    seen_during = []
    ambassim.run(one, progress=lambda done, total: seen_during.append(len(ours() - before)))
    check("run without a file: its temporary file carries the process id while it runs",
          seen_during and max(seen_during) >= 1, seen_during[:3])  # the file (and its writer's temporary)

    # --- sweep in process: sweep.h5's outcome metrics ---
    open(os.path.join(work, "sw.toml"), "w").write(
        '[sweep]\nbase = "s.toml"\ndesign = "grid"\nlevels = 2\nstrategies = ["engagement_first", "balanced"]\n'
        'replicates = 2\n[[sweep.parameters]]\nkey = "customers.churn_per_year"\nmin = 0.1\nmax = 0.3\n')
    sw = ambassim.sweep(os.path.join(work, "sw.toml"), threads=2)
    subprocess.run([AMBASSIM, "sweep", "sw.toml", "-o", "swdir", "-q"], cwd=work, check=True, stdout=subprocess.DEVNULL)
    with h5py.File(os.path.join(work, "swdir", "sweep.h5")) as f:
        check("sweep: design matrix", np.array_equal(sw["/design"]["matrix"].values, f["/design/matrix"][()]))
        check("sweep: factor names", list(sw["/design"]["factor"].values) == ["customers.churn_per_year"])
        check("sweep: nps outcome", np.array_equal(sw["/outcomes/nps"]["horizon"].values,
                                                   f["/outcomes/nps/horizon"][()], equal_nan=True))
        check("sweep: every outcome group", sorted(sw) == sorted(["/design"] + ["/outcomes/" + o for o in f["/outcomes"]]))

    open(os.path.join(work, "bad_sw.toml"), "w").write(
        '[sweep]\nbase = "s.toml"\ndesign = "grid"\nlevels = 2\n[[sweep.parameters]]\nkey = "customers.churn_per_yaer"\n'
        'min = 0.1\nmax = 0.3\n')
    e = raises(lambda: ambassim.sweep(os.path.join(work, "bad_sw.toml")), ambassim.InputError)
    check("sweep file error: file, line and key", e is not None and e.line == 6 and e.key is not None and
          e.key.startswith("sweep.parameters[0]"), (getattr(e, "line", None), getattr(e, "key", None), str(e)))

finish()
