#!/usr/bin/python3
"""Module vs CLI: the cost of running a comparison through `import ambassim`.

Runs W2 (bench/w2_ensemble.toml) with REPLICATES replicates (default 4, so
4 strategies x 4 = 16 runs of 20,000 customers over 365 ticks) alternately as
`ambassim compare ... -o FILE -q` and as `ambassim.compare(...)` (returning
xarray Datasets), ROUNDS times each, and prints the median wall times and
their ratio. A timing, never a test: run it on a quiet machine.

Usage: PYTHONPATH=build/release/python /usr/bin/python3 bench/python_overhead.py build/release/ambassim [REPLICATES] [ROUNDS]
"""
import os
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

cli_times, module_times = [], []
with tempfile.TemporaryDirectory() as work:
    for i in range(rounds):
        out = os.path.join(work, f"c{i}.h5")
        start = time.perf_counter()
        subprocess.run([cli, "compare", scenario, "--replicates", str(replicates), "-o", out, "-q"], check=True,
                       stdout=subprocess.DEVNULL)
        cli_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        result = ambassim.compare(ambassim.load_scenario(scenario), replicates=replicates)
        module_times.append(time.perf_counter() - start)
        assert result["/runs/customers"]["active"].shape[:2] == (4, replicates)
c, m = statistics.median(cli_times), statistics.median(module_times)
print(f"W2 with {replicates} replicates, {rounds} rounds: CLI median {c:.2f} s {sorted(round(t, 2) for t in cli_times)}, "
      f"module median {m:.2f} s {sorted(round(t, 2) for t in module_times)}, module / CLI = {m / c:.3f}")
