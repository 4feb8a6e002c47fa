#!/usr/bin/python3
"""Tests of parts of analysis/scripts/sweep_report.py (issue #17): Morris
labels are placed without overlaps (a crowded cluster keeps some labels, all
apart, and an isolated point keeps its own), numbers on the page are shown
to 3 significant digits, and outcome metrics carry the labels sweep.h5
states, as comparison files do ("customers lost, total", "NPS, at the
horizon")."""
import os
import sys

sys.path.insert(0, os.path.join(os.environ["AMBASSIM_SOURCE_DIR"], "analysis", "scripts"))
import numpy as np  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import sweep_report as sr  # noqa: E402

passed = failed = 0


def check(name, ok):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAILED: {name}", file=sys.stderr)


fig, ax = plt.subplots(figsize=(7.5, 4.6))
rng = np.random.default_rng(1)
items = [(f"factor_name_{i}", float(x), float(y))
         for i, (x, y) in enumerate(zip(rng.uniform(1, 1.3, 10), rng.uniform(0.5, 0.7, 10)))]
items.append(("far", 3.0, 2.0))
ax.set_xlim(0, 3.5)
ax.set_ylim(0, 2.5)
sr.place_labels(fig, ax, items)
renderer = fig.canvas.get_renderer()
boxes = [t.get_window_extent(renderer) for t in ax.texts]
labels = [t.get_text() for t in ax.texts]
check("labels never overlap", not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:]))
check("a crowded cluster keeps several labels", len(labels) >= 5)
check("an isolated point keeps its label", "far" in labels)
check("the largest mu* is labelled first", labels[0] == "far")
plt.close(fig)

check("cell: a long fraction to 3 digits", sr.cell("0.3333333333") == "0.333")
check("cell: scientific", sr.cell("1.234567e-05") == "1.23e-05")
check("cell: integers unchanged", sr.cell("25") == "25")
check("cell: names unchanged", sr.cell("engagement_first") == "engagement_first")
check("cell: nan unchanged", sr.cell("nan") == "nan")
d = {"units": {("nps", "horizon"): "points", ("churned", "total"): "customers"},
     "labels": {"nps": "NPS", "churned": "customers lost"}}
check("metric title: churned", sr.metric_title(d, ("churned", "total")) == "customers lost, total")
check("metric title: nps", sr.metric_title(d, ("nps", "horizon")) == "NPS, at the horizon")
check("metric title without a label", sr.metric_title(d, ("mean_bond", "average")) == "mean bond, mean over the run")
check("difference axis in the comparison's units", sr.difference_axis(d, ("nps", "horizon")) == "difference, NPS points")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
