#!/usr/bin/python3
"""Figures and an HTML page for a strategy comparison written by `ambassim compare`.

Usage: /usr/bin/python3 analysis/scripts/report.py RESULTS.compare.h5 OUTDIR [--force]

Reads only the HDF5 file (/summary and /runs, see docs/hdf5-format.md) and
writes into OUTDIR, each figure as PNG and SVG: bottom_line (the paired
difference over time of the headline pair for loyalty, advocacy, referrals
and money, with its 95% band), payback (cumulative net revenue against none),
trajectories (key outcomes over time, mean and 95% band), differences (paired
differences at the horizon against a reference strategy, one dot per
replicate), employees_by_role, acquisition_channels; and index.html, which
opens with the bottom line and its figure and embeds every figure (it shows
them when mailed alone), then the table, all verdicts and the provenance.
Existing outputs are never overwritten without --force (exit 2; exit 1 if
OUTDIR is not writable). Needs Debian's python3-h5py, -numpy and -matplotlib.
"""
import argparse
import base64
import html
import os
import sys
import warnings

import h5py
import numpy as np
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from report_files import InputError, refuse_existing, run_main, save, write_text  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

FIGURES = ["bottom_line", "payback", "trajectories", "differences", "employees_by_role", "acquisition_channels"]
# The bottom line's aspects (analysis/compare/outcomes.cpp headline_aspects): panel titles of its figure.
ASPECTS = [("Loyalty", "active_customers", "active customers"), ("Advocacy", "nps", "NPS"),
           ("Referrals", "referral_acquisitions", "won by referral, cumulative"),
           ("Money", "net_revenue", "net of program spend, cumulative")]
# Fixed look per strategy name: Okabe-Ito colours, markers and dashes, so figures also work in greyscale.
KNOWN = ["none", "engagement_first", "ambassadorship_first", "balanced", "engagement_only", "ambassadorship_only",
         "custom"]
COLOURS = ["#999999", "#E69F00", "#0072B2", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
LINES = [":", "--", "-", "-.", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 1)), (0, (8, 2, 2, 2))]
TRAJECTORY_PANELS = [("active_customers", "Active customers"), ("nps", "Net Promoter Score"),
                     ("referral_acquisitions", "Referral acquisitions (cumulative)"),
                     ("revenue", "Revenue (cumulative)"), ("mean_bond", "Mean customer bond"),
                     ("ambassadorship", "Mean employee ambassadorship"), ("engagement", "Mean employee engagement"),
                     ("employee_quits", "Employee quits (cumulative)")]
DIFFERENCE_PANELS = ["active_customers", "churned", "nps", "referral_acquisitions", "revenue", "net_revenue",
                     "mean_bond", "engagement", "ambassadorship", "employee_quits"]
ROLES = ["front line", "back office", "manager"]  # role axis order of /runs/employees/*
STATES = ["engagement", "customer_focus", "ambassadorship", "experience"]
KEY_PAIRS = [{"engagement_first", "ambassadorship_first"}, {"engagement_only", "ambassadorship_only"}]

plt.rcParams.update({"font.size": 14, "axes.titlesize": 16, "axes.labelsize": 14, "xtick.labelsize": 13,
                     "ytick.labelsize": 13, "legend.fontsize": 14, "figure.titlesize": 19, "lines.linewidth": 2.4,
                     "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3,
                     "svg.hashsalt": "ambassim"})


def style(strategies):
    """Colour, marker and line style per strategy, fixed by name (unknown names take the free ones)."""
    free = [i for i in range(len(COLOURS)) if i >= len(KNOWN) or KNOWN[i] not in strategies]
    out = {}
    for n, name in enumerate(strategies):
        i = KNOWN.index(name) if name in KNOWN else free.pop(0) if free else n % len(COLOURS)
        out[name] = dict(color=COLOURS[i], marker=MARKERS[i], linestyle=LINES[i])
    return out


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def label(d, name):
    """The outcome's label as the comparison file states it."""
    return d["labels"].get(name, name.replace("_", " "))


def fmt(v, units):
    """A value as the terminal table prints it (analysis/number_format.cpp)."""
    if not np.isfinite(v):
        return "nan"
    # Counts (customers, employees) and money are whole numbers, as in the terminal.
    return f"{v:,.{ {'1': 3, '%': 1, 'points': 1}.get(units, 0) }f}"


def axis_units(units):
    return {"1": "score (0-1)", "points": "NPS points", "%": "% of active customers"}.get(units, units)


def readable_units(ds):
    """The readable units word of a dataset (`units_label`, `1` for dimensionless; `units` in files before it)."""
    label = ds.attrs.get("units_label", ds.attrs.get("units", ""))
    return "1" if label == "dimensionless" else label


def nanmean(a, axis):
    """Mean ignoring NaN (days an interrupted run did not reach); NaN where nothing is left."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(a, axis=axis)


def load(path):
    """Everything the report needs from the results file, as plain Python and numpy values."""
    if not os.path.isfile(path):
        raise InputError(f"results file `{path}` not found")
    try:
        with h5py.File(path, "r") as f:
            if f.attrs.get("format") != "ambassim-compare":
                raise InputError(f"`{path}` is not a comparison file (written by `ambassim compare`)")
            d = {"path": path, "attrs": {k: v.decode() if isinstance(v, bytes) else v for k, v in f.attrs.items()},
                 "parameters": dict(f["parameters"].attrs), "strategies": list(f["strategies"].asstr()[...]),
                 "day": f["time/day"][...], "verdicts": list(f["summary/verdicts"].asstr()[...]),
                 "traj": {}, "outcomes": {}, "runs": {}, "labels": {}, "rank": {}, "higher_is_better": {}}
            for name, g in f["summary/trajectories"].items():
                d["traj"][name] = {k: g[k][...] for k in ("mean", "ci_low", "ci_high")}
                d["traj"][name]["units"] = readable_units(g["mean"])
                # Labels and report order come from the file (written from analysis/compare/outcomes.cpp).
                d["labels"][name] = text(g.attrs.get("label", name.replace("_", " ")))
                d["rank"][name] = int(g.attrs.get("order", 1000))
                d["higher_is_better"][name] = bool(g.attrs.get("higher_is_better", 1))
            for name, g in f["summary/outcomes"].items():
                d["outcomes"][name] = {m: {k: v[...] for k, v in gm.items()} for m, gm in g.items()}
                d["outcomes"][name]["units"] = readable_units(next(iter(g.values()))["mean"])
            load_bottom_line(f, d)
            for key in [f"employees/mean_{s}" for s in STATES] + ["customers/acquired_marketing",
                                                                  "customers/acquired_referral", "ticks_run"]:
                d["runs"][key] = f["runs/" + key][...]
    except (OSError, KeyError) as e:
        raise InputError(f"cannot read `{path}` as a comparison file: {e}") from e
    d["order"] = sorted(d["outcomes"], key=lambda o: (d["rank"].get(o, 1000), o))
    d["replicates"] = int(d["attrs"].get("replicates", d["runs"]["ticks_run"].shape[1]))
    d["horizon"] = float(d["day"][-1]) if len(d["day"]) else 0.0
    d["reference"] = "none" if "none" in d["strategies"] else d["strategies"][0]
    d["style"] = style(d["strategies"])
    d["empty"] = [s for s, t in zip(d["strategies"], d["runs"]["ticks_run"]) if t.max(initial=0) == 0]
    return d


def load_bottom_line(f, d):
    """The bottom line, its paired trajectories and payback (files before they were written have none)."""
    d["bottom_line"], d["headlines"], d["paired"], d["payback"] = [], [], {}, []
    if "summary/bottom_line/text" in f:
        g = f["summary/bottom_line"]
        d["bottom_line"] = list(zip(g["label"].asstr()[...], g["text"].asstr()[...]))
        d["headlines"] = [dict(aspect=a, outcome=o, winner=int(w), runner_up=int(r), clear=bool(c), ahead=float(x))
                          for a, o, w, r, c, x in zip(g["aspect"].asstr()[...], g["outcome"].asstr()[...],
                                                      g["winner"][...], g["runner_up"][...], g["clear"][...],
                                                      g["ahead_from_day"][...])]
    if "summary/paired_trajectories/pair_a" in f:
        g = f["summary/paired_trajectories"]
        pairs = list(zip(g["pair_a"][...].tolist(), g["pair_b"][...].tolist()))
        for name in g:
            if isinstance(g[name], h5py.Group):
                d["paired"][name] = {"pairs": pairs, **{k: g[name][k][...] for k in ("mean", "ci_low", "ci_high")}}
    if "summary/payback/day" in f:
        g = f["summary/payback"]
        d["payback"] = [dict(strategy=int(k), day=float(x), gain=float(m))
                        for k, x, m in zip(g["strategy"][...], g["day"][...], g["gain_mean"][...])]


def paired(d, name, a, b):
    """Mean, low and high of a - b over time for outcome `name` (the file stores a < b; b - a is negated)."""
    p = d["paired"].get(name)
    if p is None:
        return None
    if (a, b) in p["pairs"]:
        i = p["pairs"].index((a, b))
        return p["mean"][i], p["ci_low"][i], p["ci_high"][i]
    if (b, a) in p["pairs"]:
        i = p["pairs"].index((b, a))
        return -p["mean"][i], -p["ci_high"][i], -p["ci_low"][i]
    return None


def headline_pair(d):
    """(a, b) the first figure shows as a - b: ambassadorship first minus engagement first when both ran (the
    question the tool exists for), else the loyalty winner minus its runner-up."""
    s = d["strategies"]
    if "ambassadorship_first" in s and "engagement_first" in s:
        return s.index("ambassadorship_first"), s.index("engagement_first")
    if d["headlines"]:
        return d["headlines"][0]["winner"], d["headlines"][0]["runner_up"]
    return (0, 1) if len(s) > 1 else None


def ahead_from(mean):
    """First index from which the mean difference stays strictly on its final side (None if tied at the end)."""
    ok = np.isfinite(mean)
    if not ok.any():
        return None
    last = mean[ok][-1]
    if last == 0:
        return None
    wrong = np.where(~ok | (np.sign(mean) != np.sign(last)))[0]
    return 0 if len(wrong) == 0 else int(wrong[-1]) + 1


def signed(v, units, short=False):
    """With its sign; `short` writes millions, 9.42M and 0.12M (a panel title has no room for 9,421,916)."""
    if not np.isfinite(v):
        return "n/a"
    sign = "+" if v > 0 else ""
    if short:  # millions when any value of the title reaches them (short is then that flag)
        return f"{sign}{v / 1e6:.2f}M"
    text = fmt(v, units)
    if float(text.replace(",", "")) == 0:  # rounds to zero: "0", never "-0" (but "-0.5" keeps its sign)
        return text.lstrip("-")
    return sign + text


def bottom_line(d):
    """2x2: the headline pair's paired difference over time (mean, 95% band, zero line) per headline aspect."""
    fig, axes = plt.subplots(2, 2, figsize=(12, 8.2), sharex=True)
    pair = headline_pair(d)
    s = d["strategies"]
    for ax, (aspect, name, what) in zip(axes.flat, ASPECTS):
        got = paired(d, name, *pair) if pair else None
        ax.set_title(f"{aspect}: {what}", loc="left")
        if got is None:
            ax.text(0.5, 0.5, "not in this file", ha="center", va="center", transform=ax.transAxes, fontsize=15)
            continue
        mean, lo, hi = got
        units = d["traj"][name]["units"] if name in d["traj"] else ""
        colour = d["style"][s[pair[0]]]["color"]
        if d["replicates"] > 1:
            ax.fill_between(d["day"], lo, hi, color=colour, alpha=0.25, lw=0, label="95% band")
        ax.plot(d["day"], mean, color=colour, lw=2.8)
        ax.axhline(0, color="black", lw=1.4)
        i = ahead_from(mean)
        if i is not None and len(mean) // 50 < i < len(mean):  # a lead from (nearly) the start needs no marker
            ax.axvline(d["day"][i], color="#444444", ls=":", lw=1.6)
            ax.annotate(f"day {d['day'][i]:,.0f}", (d["day"][i], 0), xytext=(5, 6), textcoords="offset points",
                        fontsize=13, color="#333333")
        end = mean[np.isfinite(mean)]
        if len(end):
            big = max(abs(end[-1]), abs(lo[-1]), abs(hi[-1])) >= 1e5  # "+123,456 to +234,567" overflows
            band = (f" (95% CI {signed(lo[-1], units, big)} to {signed(hi[-1], units, big)})"
                    if d["replicates"] > 1 else "")
            ax.set_title(f"{aspect}: {what}\nat the end: {signed(end[-1], units, big)}{band}", loc="left",
                         fontsize=14.5)
        lim = max(abs(np.nanmin(lo)), abs(np.nanmax(hi))) * 1.2
        ax.set_ylim(-lim, lim) if lim > 0 else ax.set_ylim(-1, 1)  # no difference at all: a plain zero line
        box = dict(fc="white", ec="none", alpha=0.8, pad=1.5)
        ax.text(0.01, 0.97, f"\u2191 {s[pair[0]]} ahead", transform=ax.transAxes, va="top", fontsize=13,
                color="#333333", bbox=box)
        ax.text(0.01, 0.03, f"\u2193 {s[pair[1]]} ahead", transform=ax.transAxes, va="bottom", fontsize=13,
                color="#333333", bbox=box)
        ax.set_ylabel(axis_units(units) if units not in ("customers", "currency") else
                      units_word(d, units))
        counts_axis(ax)
    for ax in axes[-1]:
        ax.set_xlabel("day")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    title = f"{s[pair[0]]} minus {s[pair[1]]}, day by day" if pair else "Nothing to compare"
    fig.suptitle(title, fontweight="bold", fontsize=19, y=0.995)
    fig.text(0.5, 0.935, "paired difference (same random numbers): mean of the replicates and its 95% band",
             ha="center", fontsize=14, color="#444444")
    fig.tight_layout(rect=(0, 0, 1, 0.945))
    return fig


def units_word(d, units):
    """The axis word for a count or money: the scenario's currency (economics.currency) for money."""
    return (d["attrs"].get("currency") or "currency units") if units == "currency" else units


def payback(d):
    """Cumulative net revenue of every strategy minus none's over time, with the payback day marked."""
    fig, ax = plt.subplots(figsize=(13, 6.2))
    s = d["strategies"]
    if "none" not in s or "net_revenue" not in d["paired"]:
        ax.text(0.5, 0.5, "No payback: `none` is not among the strategies (add it to measure payback)",
                ha="center", va="center", fontsize=16, transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    r = s.index("none")
    days = {p["strategy"]: p["day"] for p in d["payback"]}
    for k, name in enumerate(s):
        got = None if k == r else paired(d, "net_revenue", k, r)
        if got is None:
            continue
        mean, lo, hi = got
        st = d["style"][name]
        if d["replicates"] > 1:
            ax.fill_between(d["day"], lo, hi, color=st["color"], alpha=0.15, lw=0)
        day = days.get(k, float("nan"))
        when = f"pays back on day {day:,.0f}" if np.isfinite(day) else "does not pay back in the run"
        plot_line(ax, d["day"], mean, {**st, "label": f"{name}: {when}"})
        if np.isfinite(day) and day > d["day"][0]:
            ax.plot([day], [0], marker="o", markersize=13, color=st["color"], markeredgecolor="black", zorder=5)
    ax.axhline(0, color="black", lw=1.4)
    ax.set_xlabel("day")
    ax.set_ylabel(f"cumulative difference ({units_word(d, 'currency')})")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    counts_axis(ax)
    ax.legend(loc="lower left", frameon=True)
    ax.set_title("Payback: cumulative revenue net of program spend, minus none's (above zero: paid back)",
                 loc="left", fontweight="bold")
    fig.tight_layout()
    return fig


def counts_axis(ax, axis="y"):
    """Thousands separators, or millions with an M, on a count or currency axis."""
    lim = max(abs(v) for v in (ax.get_ylim() if axis == "y" else ax.get_xlim()))
    if lim >= 1e6:
        f = FuncFormatter(lambda v, _: "0" if v == 0 else f"{v / 1e6:.2f}".rstrip("0").rstrip(".") + "M")
    elif lim >= 1000:
        f = FuncFormatter(lambda v, _: f"{v:,.0f}")
    else:
        return
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(f)


def header(fig, d, title, what, handles=None, ncol=4):
    """Title, a line of caveats and a shared legend (filled row by row) above the panels, laid out below."""
    h = fig.get_figheight()
    handles = handles or [Line2D([], [], lw=3, markersize=10, label=s, **d["style"][s]) for s in d["strategies"]]
    ncol = min(len(handles), ncol)
    rows = -(-len(handles) // ncol)
    fig.tight_layout(rect=(0, 0, 1, 1 - (0.95 + 0.36 * rows) / h))  # before the title, which it would avoid
    notes = [f"{d['replicates']} replicate{'s' if d['replicates'] != 1 else ''} per strategy",
             what if d["replicates"] > 1 else "1 replicate: no 95% band or interval"]
    if not d["attrs"].get("complete", 1):
        notes.append("INCOMPLETE: runs interrupted" + (f", no data for {', '.join(d['empty'])}" if d["empty"] else ""))
    fig.suptitle(title, y=1 - 0.08 / h, va="top", fontweight="bold")
    fig.text(0.5, 1 - 0.5 / h, "; ".join(notes), ha="center", va="top", fontsize=14, color="#444444")
    grid = [handles[i] if i < len(handles) else Line2D([], [], ls="", label=" ") for i in range(rows * ncol)]
    fig.legend(handles=[grid[r * ncol + c] for c in range(ncol) for r in range(rows)], loc="upper center",
               bbox_to_anchor=(0.5, 1 - 0.8 / h), ncol=ncol, frameon=False, handlelength=3.5)


def plot_line(ax, x, y, st):
    """A strategy's line with a few markers, staggered between strategies so they do not overlap."""
    step = max(1, len(x) // 8)
    ax.plot(x, y, markevery=(COLOURS.index(st["color"]) * step // len(COLOURS), step), markersize=9, **st)


def zoom_end(ax, d, t):
    """An inset magnifying the last tenth of the run, where cumulative lines that look alike separate."""
    n = len(d["day"]) // 10
    if n < 2 or not np.isfinite(t["mean"][:, -n:]).any():
        return
    ins = ax.inset_axes([0.07, 0.6, 0.36, 0.32])
    ins.yaxis.tick_right()
    ins.spines[:].set_visible(True)
    for k, s in enumerate(d["strategies"]):
        ins.plot(d["day"][-n:], t["mean"][k][-n:], **{**d["style"][s], "marker": None})
    ins.set_title(f"last {n} days", fontsize=12)
    ins.tick_params(labelsize=11)
    ins.xaxis.set_major_locator(MaxNLocator(3, integer=True))
    ins.yaxis.set_major_locator(MaxNLocator(3))
    counts_axis(ins)


def trajectories(d):
    fig, axes = plt.subplots(2, 4, figsize=(22, 11), sharex=True)
    alpha = 0.22 if len(d["strategies"]) <= 4 else 0.1
    for ax, (name, title) in zip(axes.flat, TRAJECTORY_PANELS):
        if name not in d["traj"]:
            ax.set_visible(False)
            continue
        t = d["traj"][name]
        for k, s in enumerate(d["strategies"]):
            if d["replicates"] > 1:
                ax.fill_between(d["day"], t["ci_low"][k], t["ci_high"][k], color=d["style"][s]["color"],
                                alpha=alpha, lw=0)
            plot_line(ax, d["day"], t["mean"][k], d["style"][s])
        ax.set_title(title)
        ax.set_ylabel(axis_units(t["units"]))
        counts_axis(ax)
        if name == "revenue":
            zoom_end(ax, d, t)
    for ax in axes[-1]:
        ax.set_xlabel("day")
    header(fig, d, f"Key outcomes over time ({os.path.basename(d['attrs'].get('scenario_path', ''))})",
           "lines are means, shaded bands 95% intervals")
    return fig


def difference_panel(ax, d, name, others):
    """Forest-style panel: a row per strategy with its replicates' differences, box, mean and 95% CI."""
    metric = "horizon" if "horizon" in d["outcomes"][name] else "total"
    o, units = d["outcomes"][name][metric], d["outcomes"][name]["units"]
    r = d["strategies"].index(d["reference"])
    for y, k in enumerate(others):
        st = d["style"][d["strategies"][k]]
        vals = o["values"][k] - o["values"][r]  # replicate by replicate: same random numbers
        vals = vals[np.isfinite(vals)]
        if len(vals) >= 4:
            ax.boxplot(vals, positions=[y - 0.12], widths=0.4, vert=False, showfliers=False, patch_artist=True,
                       boxprops=dict(facecolor=st["color"], alpha=0.3), medianprops=dict(color="#333333"))
        jitter = np.linspace(-0.15, 0.15, len(vals)) if len(vals) > 1 else np.zeros(len(vals))
        ax.scatter(vals, y - 0.12 + jitter, s=60, color=st["color"], marker=st["marker"], edgecolor="black",
                   lw=0.7, zorder=3)
        m, lo, hi = o["difference_mean"][k, r], o["difference_ci_low"][k, r], o["difference_ci_high"][k, r]
        if np.isfinite(m):
            many = d["replicates"] > 1 and np.isfinite(lo) and np.isfinite(hi)
            ax.errorbar([m], [y + 0.3], xerr=[[max(m - lo, 0)], [max(hi - m, 0)]] if many else None, fmt="D",
                        color="black", markersize=9, capsize=6, lw=2.2, zorder=4)
            rel = o["relative_difference"][k, r]
            if units not in ("1", "points", "%") and np.isfinite(rel):
                ax.annotate(f"{100 * rel:+.1f}%", (max(m, hi) if many else m, y + 0.3), xytext=(8, 0),
                            textcoords="offset points", va="center", fontsize=12)
    ax.axvline(0, color="black", lw=1.3, zorder=1)
    ax.set_yticks(range(len(others)), [d["strategies"][k] for k in others])
    ax.set_ylim(len(others) - 0.4, -0.6)
    ax.margins(x=0.18)
    lo, hi = ax.get_xlim()
    if hi - lo < 1e-9 * max(1.0, abs(lo), abs(hi)):  # all differences zero (up to rounding)
        ax.set_xlim(-1, 1)
    ax.xaxis.set_major_locator(MaxNLocator(5))
    better = "" if d["higher_is_better"].get(name, True) else " (fewer is better)"
    ax.set_title(label(d, name).replace("customers acquired by", "acquired by").capitalize()
                 .replace("Nps", "NPS") + better)
    ax.set_xlabel(f"difference, {axis_units(units)}")
    ax.grid(axis="y", visible=False)
    counts_axis(ax, "x")


def differences(d):
    names = [n for n in DIFFERENCE_PANELS if n in d["outcomes"]]
    r = d["strategies"].index(d["reference"])
    others = [k for k in range(len(d["strategies"])) if k != r]
    fig, axes = plt.subplots(2, 5, figsize=(24, 8.5 + 0.6 * len(others)), sharey=True)
    for ax, name in zip(axes.flat, names if others else []):
        difference_panel(ax, d, name, others)
    for ax in list(axes.flat)[len(names) if others else 0:]:
        ax.set_visible(False)
    if not others:
        fig.text(0.5, 0.5, "Only one strategy in this file: nothing to compare.", ha="center", fontsize=22)
    handles = [Line2D([], [], ls="", marker="o", color="#999999", markeredgecolor="black", markersize=10,
                      label=f"one replicate: strategy - {d['reference']}"),
               Line2D([], [], marker="D", color="black", markersize=9,
                      label=f"mean and 95% CI (% of {d['reference']} for counts and money)")]
    header(fig, d, f"Difference vs {d['reference']} at day {d['horizon']:.0f} "
                   "(one dot per replicate; same random numbers)", "box: quartiles of the replicates", handles)
    return fig


def employees_by_role(d):
    fig, axes = plt.subplots(4, 3, figsize=(20, 19), sharex=True, sharey="row")
    for i, state in enumerate(STATES):
        mean = nanmean(d["runs"][f"employees/mean_{state}"], axis=1)  # [strategy, tick, role]
        for j, role in enumerate(ROLES):
            ax = axes[i, j]
            for k, s in enumerate(d["strategies"]):
                if j < mean.shape[2]:
                    plot_line(ax, d["day"], mean[k, :, j], d["style"][s])
            ax.set_title(f"{state.replace('_', ' ')}: {role}")
            if j == 0:
                ax.set_ylabel(f"mean {state.replace('_', ' ')}\nscore (0-1)")
            if i == len(STATES) - 1:
                ax.set_xlabel("day")
    header(fig, d, "Employee states by role (mean over replicates)", "lines are means")
    return fig


def acquisition_channels(d):
    fig, axes = plt.subplots(1, 3, figsize=(22, 9), gridspec_kw={"width_ratios": [1.25, 1, 1]})
    many = len(d["strategies"]) > 4
    ran = d["runs"]["ticks_run"] > 0  # [strategy, replicate]; totals of interrupted runs are partial
    mkt, ref = (nanmean(np.where(ran, np.nansum(d["runs"][f"customers/acquired_{c}"], axis=2), np.nan), axis=1)
                for c in ("marketing", "referral"))
    bars = axes[0]
    for k, s in enumerate(d["strategies"]):
        c = d["style"][s]["color"]
        bars.bar(k, mkt[k], 0.62, color=c, alpha=0.35, hatch="//", edgecolor=c, lw=1.5)
        bars.bar(k, ref[k], 0.62, bottom=mkt[k], color=c, edgecolor="black", lw=1)
        share = 100 * ref[k] / (mkt[k] + ref[k]) if mkt[k] + ref[k] > 0 else float("nan")
        if np.isfinite(share):
            bars.text(k, mkt[k] + ref[k], f"{mkt[k] + ref[k]:,.0f}\n{share:.0f}%", ha="center", va="bottom",
                      fontsize=12 if many else 14)
    bars.set_xticks(range(len(d["strategies"])), [s if many else s.replace("_", "\n") for s in d["strategies"]],
                    rotation=30 if many else 0, ha="right" if many else "center", fontsize=12 if many else 13)
    bars.set_ylabel("customers acquired (mean over replicates)")
    span = f"{d['horizon']:.0f} days" if d["attrs"].get("complete", 1) else "the days run"
    bars.set_title(f"Total over {span}\n(labels: total, % by referral)")
    bars.margins(y=0.18)
    bars.grid(axis="x", visible=False)
    counts_axis(bars)
    for ax, name, title in ((axes[1], "referral_acquisitions", "By referral, cumulative"),
                            (axes[2], "marketing_acquisitions", "By marketing, cumulative")):
        for k, s in enumerate(d["strategies"]):
            plot_line(ax, d["day"], d["traj"][name]["mean"][k], d["style"][s])
        ax.set(title=title, xlabel="day", ylabel="customers")
    axes[2].sharey(axes[1])
    counts_axis(axes[1])
    counts_axis(axes[2])
    handles = [Line2D([], [], lw=3, markersize=10, label=s, **d["style"][s]) for s in d["strategies"]]
    handles += [Patch(facecolor="#bbbbbb", edgecolor="black", label="referral (solid bar)"),
                Patch(facecolor="#eeeeee", hatch="//", edgecolor="#777777", label="marketing (hatched bar)")]
    header(fig, d, "Where new customers come from: marketing vs referral (word of mouth)", "means", handles,
           ncol=len(handles) if len(handles) <= 6 else 5)
    return fig


def cell(d, name, metric, k):
    o, units = d["outcomes"][name][metric], d["outcomes"][name]["units"]
    if not np.isfinite(o["mean"][k]):
        return "n/a"
    if d["replicates"] < 2:
        return fmt(o["mean"][k], units)
    return f"{fmt(o['mean'][k], units)} [{fmt(o['ci_low'][k], units)}, {fmt(o['ci_high'][k], units)}]"


def table_html(d):
    e = html.escape
    rows = []
    for name in d["order"]:
        units = d["outcomes"][name]["units"]
        for metric in [m for m in ("horizon", "total") if m in d["outcomes"][name]]:
            row = f"{label(d, name)}, " + (f"day {d['horizon']:.0f}" if metric == "horizon" else "total")
            row += f" ({units})" if units != "1" else ""
            cells = "".join(f"<td>{e(cell(d, name, metric, k))}</td>" for k in range(len(d["strategies"])))
            rows.append(f"<tr><th scope=row>{e(row)}</th>{cells}</tr>")
    head = "".join(f"<th>{e(s)}</th>" for s in d["strategies"])
    return f"<table><thead><tr><th>outcome</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def verdict_groups(d):
    """[(heading, metric, [(sentence, is_key)])]: verdicts by outcome and metric, key pairs first.

    /summary/verdicts holds, for each outcome in report order and each of its
    metrics, one sentence per pair (a, b) with a < b; if the file does not
    match that layout the verdicts are shown as one list, in file order."""
    s, v = d["strategies"], d["verdicts"]
    pairs = [(a, b) for a in range(len(s)) for b in range(a + 1, len(s))]
    keys = KEY_PAIRS + [{d["reference"], x} for x in s]
    chunks = [(n, m) for n in d["order"] for m in ("horizon", "average", "total") if m in d["outcomes"][n]]
    flat = [("All verdicts", "horizon", [(x, False) for x in v])]
    if len(v) != len(chunks) * len(pairs):
        return flat
    groups = []
    for c, (name, metric) in enumerate(chunks):
        part = v[c * len(pairs):(c + 1) * len(pairs)]
        if not all(label(d, name) in x for x in part):
            return flat
        items = [(x, {s[a], s[b]} in keys) for x, (a, b) in zip(part, pairs)]
        when = {"horizon": f"day {d['horizon']:.0f}", "average": "mean over the run", "total": "total"}[metric]
        groups.append((f"{label(d, name)}, {when}", metric, sorted(items, key=lambda t: not t[1])))
    return groups


def verdicts_html(d):
    e = html.escape

    def block(h, items):
        return f"<h3>{e(h)}</h3><ul>" + "".join(f"<li{' class=key' * k}>{e(x)}</li>" for x, k in items) + "</ul>"

    groups = verdict_groups(d)
    main = "".join(block(h, items) for h, m, items in groups if m != "average")
    averages = "".join(block(h, items) for h, m, items in groups if m == "average")
    return main + (f"<details><summary>Verdicts on the mean over the run (stocks)</summary>{averages}</details>"
                   if averages else "")


CAPTIONS = {"bottom_line": "The headline pair's paired difference over time: each replicate of both strategies saw the "
                           "same random numbers, so the line is the mean of their differences and the band its 95% "
                           "interval. Where the band has left zero, the difference is clear; the dotted line marks "
                           "the day from which the leader stays ahead.",
            "payback": "Each strategy's cumulative revenue net of program spend minus that of doing nothing "
                       "(none), with its 95% band: a strategy has paid back once its line is above zero for good "
                       "(the dot).",
            "trajectories": "Key outcomes over time: one line per strategy (mean over replicates) with its 95% "
                            "band. Referrals, revenue and quits are cumulative; the inset magnifies the end of the "
                            "revenue curves.",
            "differences": "Paired differences at the horizon against the reference strategy: each dot is one "
                           "replicate (both strategies saw the same random numbers); the black diamond is the mean "
                           "with its 95% CI. A CI that does not cross the zero line is a clear difference.",
            "employees_by_role": "Employee engagement, customer focus, ambassadorship and experience by role, mean "
                                 "over replicates.",
            "acquisition_channels": "New customers by channel: marketing (hatched) vs referral (solid) in total, "
                                    "and cumulative over time."}
CSS = ("body{font-family:sans-serif;max-width:1360px;margin:1em auto;padding:0 1em;line-height:1.45;color:#222}"
       "h1{font-size:1.6em;margin:.2em 0 .4em}"
       "table{border-collapse:collapse;font-size:.92em;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em}"
       "td{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}thead th{background:#eee}"
       "tbody th{text-align:left;font-weight:normal}img{max-width:100%;border:1px solid #ddd}figure{margin:2em 0}"
       "li.key{font-weight:bold}pre{background:#f6f6f6;padding:1em;overflow:auto}td.l{text-align:left}"
       ".warn{background:#fff3cd;padding:.6em;border:1px solid #e0c060}"
       "#first{display:grid;grid-template-columns:minmax(340px,1fr) 1.75fr;gap:1.2em;align-items:start}"
       "#first figure{margin:0}#bottom-line{font-size:1.02em}#bottom-line h2{margin:0 0 .3em;font-size:1.3em}"
       "#bottom-line dl{margin:0}#bottom-line dt{font-weight:bold;margin-top:.45em}#bottom-line dd{margin:0}"
       "#bottom-line .meta{color:#555;font-size:.92em;margin:0 0 .3em}"
       "@media (max-width:1000px){#first{grid-template-columns:1fr}}")


def bottom_line_html(d):
    """The bottom line as `compare` prints it (from /summary/bottom_line), one aspect per entry."""
    e = html.escape
    if not d["bottom_line"]:
        return ('<section id="bottom-line"><h2>Bottom line</h2><p>This file has no bottom line (written by an older '
                'ambassim): run the comparison again, or read the table and verdicts below.</p></section>')
    meta = (f"{d['horizon']:,.0f} days ({d['horizon'] / 365:.1f} years), {d['replicates']} replicates per strategy, "
            "paired differences with 95% CI")
    items = "".join(f"<dt>{e(label)}</dt><dd>{e(text)}</dd>" for label, text in d["bottom_line"])
    return f'<section id="bottom-line"><h2>Bottom line</h2><p class=meta>{e(meta)}</p><dl>{items}</dl></section>'


def figure_html(d, name):
    """A figure embedded as a data URI (the page shows it when mailed alone), linked to its SVG beside it."""
    e = html.escape
    with open(os.path.join(d["outdir"], f"{name}.png"), "rb") as f:
        data = base64.b64encode(f.read()).decode("ascii")
    return (f'<figure id="{name}"><a href="{name}.svg"><img src="data:image/png;base64,{data}" '
            f'alt="{e(CAPTIONS[name])}"></a><figcaption>{e(CAPTIONS[name])} (<a href="{name}.svg">SVG</a>)'
            f'</figcaption></figure>')


def index_html(d):
    e, a = html.escape, d["attrs"]
    scenario, ref = a.get("scenario_path", ""), d["reference"]
    warn = "".join(f"<p class=warn>{w}</p>" for w, on in (
        ("This file is <b>incomplete</b>: runs were interrupted; days they did not reach are left out and "
         "horizon values are missing.", not a.get("complete", 1)),
        ("Only one replicate per strategy: there are no confidence intervals, so no difference can be called "
         "clear. Run more replicates.", d["replicates"] < 2)) if on)
    figures = "".join(figure_html(d, n) for n in FIGURES[2:])
    prov = [("results file", os.path.basename(d["path"])), ("scenario", scenario), ("seed", a.get("seed")),
            ("replicates", d["replicates"]), ("strategies", ", ".join(d["strategies"])),
            ("horizon", f"{d['horizon']:.0f} days"), ("overrides (--set)", a.get("overrides") or "none"),
            ("complete", "yes" if a.get("complete", 1) else "no (interrupted)"),
            ("ambassim version", a.get("ambassim_version")), ("git commit", a.get("git_commit"))]
    prov_rows = "".join(f"<tr><th scope=row>{e(k)}</th><td class=l>{e(str(v))}</td></tr>" for k, v in prov)
    params = "\n".join(f"{k} = {v.decode() if isinstance(v, bytes) else v}" for k, v in sorted(d["parameters"].items()))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Strategy comparison: {e(scenario)}</title>
<style>{CSS}</style></head><body>
<h1>Strategy comparison: {e(os.path.basename(scenario) or scenario)}</h1>{warn}
<div id="first">{bottom_line_html(d)}{figure_html(d, "bottom_line")}</div>
{figure_html(d, "payback")}
<p><a href="#table">Table</a> · <a href="#verdicts">Verdicts</a> · <a href="#figures">Figures</a> ·
<a href="#provenance">Provenance</a></p>
<h2>How to read this</h2>
<p>Each strategy was run {d['replicates']} time{'s' if d['replicates'] != 1 else ''} (replicates). Replicate
<i>r</i> of every strategy starts from the same organisation and market and uses the same random numbers for
everything the strategy does not change (common random numbers), so differences between strategies come from the
strategies, not from luck. The table gives the mean over replicates and its 95% confidence interval [low, high] on
day {d['horizon']:.0f} (states such as customers, NPS, bond) or in total over the run (flows such as revenue and
quits). The verdicts compare every pair of strategies replicate by replicate: a difference is only called when its
95% interval excludes zero, otherwise they say "no clear difference". Comparisons with <b>{e(ref)}</b> and
engagement-first vs ambassadorship-first are in bold and listed first. The model's parameters encode the hypotheses
being tested (by default, the ambassadorship hypothesis): check the scenario under Provenance.</p>
<h2 id="table">Outcomes: mean [95% CI]</h2>{table_html(d)}
<h2 id="verdicts">Verdicts (paired differences, 95% CI)</h2>{verdicts_html(d)}
<h2 id="figures">Figures</h2>{figures}
<h2 id="provenance">Provenance</h2><table>{prov_rows}</table>
<h3>Scenario file</h3><pre>{e(a.get('scenario_text', ''))}</pre>
<details><summary>All resolved parameters</summary><pre>{e(params)}</pre></details>
</body></html>
"""


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("results", help="comparison file written by `ambassim compare`")
    p.add_argument("outdir", help="folder for the figures and index.html (created if needed)")
    p.add_argument("--force", action="store_true", help="overwrite existing figures and index.html")
    args = p.parse_args(argv)
    outputs = [os.path.join(args.outdir, f"{n}.{x}") for n in FIGURES for x in ("png", "svg")]
    outputs.append(os.path.join(args.outdir, "index.html"))
    try:
        refuse_existing(outputs, args.force)  # before any work
        d = load(args.results)
    except InputError as e:
        print(f"report.py: {e}", file=sys.stderr)
        return 2
    os.makedirs(args.outdir, exist_ok=True)
    d["outdir"] = args.outdir
    for name in FIGURES:
        save(globals()[name](d), args.outdir, name)
    write_text(outputs[-1], index_html(d))
    return 0


if __name__ == "__main__":
    sys.exit(run_main("report.py", main, sys.argv[1:]))
