#!/usr/bin/python3
"""Module vs CLI: the cost of running a comparison through `import ambassim`.

Runs W2 (bench/w2_ensemble.toml) with REPLICATES replicates (default 4, so
4 strategies x 4 = 16 runs of 20,000 customers over 365 ticks) alternately as
`ambassim compare ... -o FILE -q` and as `ambassim.compare(...)` (returning
xarray Datasets), ROUNDS times each, and prints, per side, the median wall
time and the median CPU time (user + system: of the CLI child from
getrusage(RUSAGE_CHILDREN), of this process for the module), and the
median of the per-round ratios module / CLI. CPU time is the figure to read
on a shared machine: other processes stretch wall times but hardly the CPU a
run needs. A timing, never a test.

Usage: PYTHONPATH=build/release/python /usr/bin/python3 bench/python_overhead.py build/release/ambassim [REPLICATES] [ROUNDS]
"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import ambassim

cli = sys.argv[1]
replicates = int(sys.argv[2]) if len(sys.argv) > 2 else 4
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
scenario = os.path.join(os.path.dirname(os.path.abspath(__file__)), "w2_ensemble.toml")

def cpu(who):
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


walls = {"cli": [], "module": []}
cpus = {"cli": [], "module": []}
with tempfile.TemporaryDirectory() as work:
    for i in range(rounds):
        out = os.path.join(work, f"c{i}.h5")
        start, c0 = time.perf_counter(), cpu(resource.RUSAGE_CHILDREN)
        subprocess.run([cli, "compare", scenario, "--replicates", str(replicates), "-o", out, "-q"], check=True,
                       stdout=subprocess.DEVNULL)
        walls["cli"].append(time.perf_counter() - start)
        cpus["cli"].append(cpu(resource.RUSAGE_CHILDREN) - c0)
        start, c0 = time.perf_counter(), cpu(resource.RUSAGE_SELF)
        result = ambassim.compare(ambassim.load_scenario(scenario), replicates=replicates)
        walls["module"].append(time.perf_counter() - start)
        cpus["module"].append(cpu(resource.RUSAGE_SELF) - c0)
        assert result["/runs/customers"]["active"].shape[:2] == (4, replicates)
med = statistics.median
for name, d in (("wall", walls), ("CPU", cpus)):
    ratios = [m / c for m, c in zip(d["module"], d["cli"])]
    print(f"W2 with {replicates} replicates, {rounds} rounds, {name} s: CLI median {med(d['cli']):.2f} "
          f"{sorted(round(t, 2) for t in d['cli'])}, module median {med(d['module']):.2f} "
          f"{sorted(round(t, 2) for t in d['module'])}, module / CLI: median of the rounds' ratios "
          f"{med(ratios):.3f}, ratio of medians {med(d['module']) / med(d['cli']):.3f}")
