#!/usr/bin/python3
"""Figures of a plan optimisation (`ambassim optimise --report DIR`):
allocation.png, each optimised plan's budget shares over time as stacked
areas; convergence.png, every evaluation's objective and the best so far;
pareto.png (two objectives), every evaluated plan with the non-dominated
front; outofsample.png, each plan's difference with every built-in strategy
on fresh replicates with its 95% CI.

Usage: plan_report.py OUT.plan.csv DIR [--force]   (the other OUT.*.csv are read beside it)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report_files import InputError, plt, read_csv_rows, refuse_existing, run_main, save_png, table_and_outdir_args  # noqa: E402

COLOURS = {  # engagement family in blues/greens, ambassadorship family in oranges/reds
    "career": "#08519c", "management": "#3182bd", "cohesion": "#6baed6", "alignment": "#9ecae1",
    "training": "#a63603", "mission": "#e6550d", "process": "#fd8d3c", "recognition": "#fdae6b",
    "engagement": "#3182bd", "ambassadorship": "#e6550d",
}


def allocation_figure(rows):
    plans = list(dict.fromkeys(r["plan"] for r in rows))
    programs = list(dict.fromkeys(r["program"] for r in rows))
    fig, axes = plt.subplots(len(plans), 1, figsize=(9, 2.8 * len(plans) + 0.6), squeeze=False)
    for ax, plan in zip(axes[:, 0], plans):
        mine = [r for r in rows if r["plan"] == plan]
        phases = sorted({int(r["phase"]) for r in mine})
        xs, stacks = [], {p: [] for p in programs}
        for ph in phases:
            cells = {r["program"]: r for r in mine if int(r["phase"]) == ph}
            start, end = float(cells[programs[0]]["start_day"]), float(cells[programs[0]]["end_day"])
            xs += [start, end]
            for p in programs:
                stacks[p] += [float(cells[p]["share"])] * 2
        ax.stackplot(xs, [stacks[p] for p in programs], labels=programs,
                     colors=[COLOURS.get(p, None) for p in programs], alpha=0.9)
        budget = float(mine[0]["budget"])
        ax.set_title(f"{plan}: budget {budget:g} per employee per year", fontsize=10)
        ax.set_ylim(0, 1)
        ax.set_xlim(xs[0], xs[-1])
        ax.set_ylabel("share of the budget")
        ax.grid(alpha=0.3)
    axes[-1, 0].set_xlabel("day of the run")
    axes[0, 0].legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8,
                      title="programme\n(blues: engagement,\noranges: ambassadorship)", title_fontsize=8)
    fig.tight_layout()
    return fig


def convergence_figure(rows, names):
    fig, ax = plt.subplots(figsize=(8, 4))
    ev = [int(r["evaluation"]) for r in rows]
    ax.plot(ev, [float(r["objective_1"]) for r in rows], ".", color="grey", label="evaluated plan")
    if "objective_2" not in rows[0]:
        ax.plot(ev, [float(r["best"]) for r in rows], "-", color="tab:blue", lw=2, drawstyle="steps-post",
                label="best so far")
    ax.set_xlabel("evaluation")
    ax.set_ylabel(f"{names[0]} (search replicates)")
    ax.set_title("Convergence of the search")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return fig


def axis_of(name):
    """A minimised objective ("-spend") is drawn as itself, lower is better,
    on a reversed axis: the front stays up and to the right, and spend reads
    as spend, not as a negative number."""
    if name.startswith("-") and not any(c in name[1:] for c in "+-*"):
        return -1.0, f"{name[1:]} (lower is better)", True
    return 1.0, name, False


def pareto_figure(rows, names):
    from matplotlib.ticker import FuncFormatter
    fig, ax = plt.subplots(figsize=(7, 5))
    (sx, xlabel, xflip), (sy, ylabel, yflip) = axis_of(names[0]), axis_of(names[1])
    xs = [sx * float(r["objective_1"]) for r in rows]
    ys = [sy * float(r["objective_2"]) for r in rows]
    ax.plot(xs, ys, ".", color="darkgrey", label="evaluated plans")
    front = sorted((x, y) for x, y, r in zip(xs, ys, rows) if r["front"] == "1")
    ax.plot([f[0] for f in front], [f[1] for f in front], "o-", color="tab:red",
            label="Pareto front (no plan is better on both)")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    thousands = FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}")
    ax.xaxis.set_major_formatter(thousands)
    ax.yaxis.set_major_formatter(thousands)
    if xflip:
        ax.invert_xaxis()
    if yflip:
        ax.invert_yaxis()
    ax.set_title("Pareto front of the search (better: up and to the right)", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9)
    fig.tight_layout()
    return fig


def out_of_sample_figure(rows):
    first = rows[0]["objective"]
    rows = [r for r in rows if r["objective"] == first]
    labels = [f"{r['plan']} - {r['builtin']}" for r in rows]
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(rows) + 1.5))
    for i, r in enumerate(rows):
        lo, hi, d = float(r["ci_low"]), float(r["ci_high"]), float(r["difference"])
        colour = "tab:green" if lo > 0 else "tab:red" if hi < 0 else "grey"
        ax.plot([lo, hi], [i, i], color=colour, lw=3)
        ax.plot([d], [i], "o", color=colour)
    ax.axvline(0, color="black", lw=1)
    ax.set_yticks(range(len(rows)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(f"difference in {first} (plan - built-in), 95% CI, fresh replicates")
    ax.set_title("Out of sample: green = the plan is better, red = worse, grey = not distinguishable", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def main(argv):
    args = table_and_outdir_args("plan_report.py", "plan_csv", argv)
    if not args.plan_csv.endswith(".plan.csv"):
        raise InputError(f"`{args.plan_csv}`: expected OUT.plan.csv as written by ambassim optimise")
    stem = args.plan_csv[: -len(".plan.csv")]
    plan = read_csv_rows(args.plan_csv)
    conv = read_csv_rows(stem + ".convergence.csv")
    oos = read_csv_rows(stem + ".out_of_sample.csv")
    if not plan or not conv:
        raise InputError(f"`{args.plan_csv}`: no plan or no evaluations")
    two = "objective_2" in conv[0]
    names = list(dict.fromkeys(r["objective"] for r in oos)) or ["objective 1", "objective 2"]
    figures = ["allocation", "convergence", "outofsample"] + (["pareto"] if two else [])
    outputs = [os.path.join(args.outdir, f + ".png") for f in figures]
    refuse_existing(outputs, args.force)
    os.makedirs(args.outdir, exist_ok=True)
    save_png(allocation_figure(plan), outputs[0], dpi=110)
    save_png(convergence_figure(conv, names), outputs[1], dpi=110)
    save_png(out_of_sample_figure(oos), outputs[2], dpi=110)
    if two:
        save_png(pareto_figure(conv, names), outputs[3], dpi=110)
    return 0


if __name__ == "__main__":
    sys.exit(run_main("plan_report.py", main, sys.argv[1:]))
