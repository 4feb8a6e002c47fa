#!/usr/bin/python3
"""Figures and an HTML page for a sweep analysis written by `ambassim analyze`.

Usage: /usr/bin/python3 analysis/scripts/sweep_report.py SWEEP.h5 DIR [--force]

Run by `ambassim analyze` after it has written its CSV files into DIR; reads
them (sobol.csv, morris.csv, winners.csv, winner_shares.csv, spearman.csv,
see docs/sweep-format.md, "Analysis outputs") and the design from SWEEP.h5,
and writes into DIR, each figure as PNG and SVG: sobol (Saltelli designs),
morris (Morris designs), winners (grid and Latin hypercube designs),
spearman (Latin hypercube designs), with --discover (or
AMBASSIM_SWEEP_DISCOVERY=1) prim_tradeoff and prim_box from the scenario
discovery files (prim_*.csv, discovery.txt, discovery_zoom.toml), and
index.html (figures and tables).
Figures show the key targets: the key strategy pair (engagement_first vs
ambassadorship_first if both were swept, else the first two strategies) for
up to six key outcome metrics. Existing outputs are never overwritten
without --force (exit 2; exit 1 if DIR is not writable).
"""
import argparse
import csv
import html
import os
import textwrap
import sys

import h5py
import numpy as np
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import ListedColormap  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from report import axis_units  # noqa: E402  (units named as on the comparison page)
from report_files import InputError, refuse_existing, run_main, save, write_text  # noqa: E402

# Okabe-Ito colours per strategy, fixed by name as in report.py; grey is a tie.
KNOWN = ["none", "engagement_first", "ambassadorship_first", "balanced", "engagement_only", "ambassadorship_only",
         "custom"]
COLOURS = ["#999999", "#E69F00", "#0072B2", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442"]
TIE = "#DDDDDD"
KEY_METRICS = [("active_customers", "horizon"), ("nps", "horizon"), ("revenue", "total"), ("net_revenue", "total"),
               ("churned", "total"), ("referral_acquisitions", "total")]
FIGURES = {"saltelli": ["sobol"], "morris": ["morris"], "grid": ["winners"],
           "latin_hypercube": ["winners", "spearman"]}
CAPTIONS = {
    "sobol": "Sobol indices of the key difference per factor: first order S1 (share of the variance the factor "
             "explains alone) and total ST (including its interactions), with bootstrap confidence intervals.",
    "morris": "Morris screening of the key difference: mu* (mean absolute elementary effect over the factor's "
              "whole range) against sigma (spread of the effects: non-linearity or interactions); the five "
              "factors with the largest mu* are named.",
    "winners": "Which strategy wins where: the best replicate mean at each design point, grey where its paired "
               "95% CI over the runner-up includes zero (a tie).",
    "spearman": "Spearman rank correlation of each factor with the key difference over the Latin hypercube.",
    "prim_tradeoff": "Scenario discovery, PRIM peeling trajectory: each box's coverage (share of the points where "
                     "the condition holds that lie inside) against its density (share of the points inside where it "
                     "holds), coloured by the number of restricted factors; the chosen box is starred, the box "
                     "after pasting ringed.",
    "prim_box": "Scenario discovery, the PRIM boxes: each restricted factor's limits (coloured) within the range "
                "the sweep covered (grey), with the p-value of the restriction (small: the restriction matters)."}
DISCOVERY = ["prim_tradeoff", "prim_box"]
plt.rcParams.update({"font.size": 12, "axes.titlesize": 13, "axes.spines.top": False, "axes.spines.right": False,
                     "axes.grid": True, "grid.alpha": 0.3, "svg.hashsalt": "ambassim"})


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def colours(strategies):
    # Grey (index 0, "none") is left to that strategy alone: ties are light grey.
    free = [c for i, c in enumerate(COLOURS) if i > 0 and (i >= len(KNOWN) or KNOWN[i] not in strategies)]
    return {s: COLOURS[KNOWN.index(s)] if s in KNOWN else (free.pop(0) if free else "#000000") for s in strategies}


def read_csv(outdir, name):
    path = os.path.join(outdir, name)
    if not os.path.exists(path):
        raise InputError(f"`{path}` not found (run `ambassim analyze` first)")
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load(path, outdir):
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise InputError(f"cannot open `{path}`: {e}")
    with f:
        if text(f.attrs.get("format", "")) != "ambassim-sweep":
            raise InputError(f"`{path}` is not a sweep file (format attribute is `{text(f.attrs.get('format', ''))}`)")
        d = {"path": path, "design": text(f.attrs["design"]), "replicates": int(f.attrs["replicates"]),
             "factors": [text(x) for x in f["/design/factors"][...]], "matrix": f["/design/matrix"][...],
             "strategies": [text(x) for x in f["/strategies"][...]], "outcomes": {}, "units": {}, "labels": {}}
        for o in f["/outcomes"]:
            for m in f["/outcomes"][o]:
                ds = f["/outcomes"][o][m]
                d["outcomes"][(o, m)] = (ds[...], bool(ds.attrs.get("higher_is_better", 1)))
                d["units"][(o, m)] = text(ds.attrs.get("units", ""))
                d["labels"][o] = text(ds.attrs.get("label", o.replace("_", " ")))
        # Categorical factors: the matrix holds level indices, their names are here.
        d["levels"] = {k: [text(x) for x in f["/design/levels"][k][...]] for k in f["/design/levels"]} \
            if "/design/levels" in f else {}
    s = d["strategies"]
    if "engagement_first" in s and "ambassadorship_first" in s:
        i, j = sorted([s.index("engagement_first"), s.index("ambassadorship_first")])
        d["pair"] = (s[i], s[j])
    else:
        d["pair"] = (s[0], s[1]) if len(s) > 1 else (s[0], "")
    keys = [k for k in KEY_METRICS if k in d["outcomes"]]
    d["metrics"] = keys or sorted(d["outcomes"])[:6]
    return d


def metric_title(d, metric):
    """An outcome metric named as on the comparison page: "customers lost, total", "NPS, at the horizon"."""
    o, m = metric
    return f"{d['labels'].get(o, o.replace('_', ' '))}, " + {"horizon": "at the horizon", "total": "total", "average": "mean over the run"}.get(m, m)


def difference_axis(d, metric):
    units = d["units"].get(metric, "")
    return f"difference, {axis_units(units)}" if units and units != "1" else "difference"


def key_rows(d, rows, metric):
    """The CSV rows of the key target (the key pair's difference, or the only strategy) for one metric."""
    a, b = d["pair"]
    return [r for r in rows if (r["outcome"], r["metric"]) == metric and r["strategy_a"] == a and
            r.get("strategy_b", "") == b and r.get("target", "difference" if b else "strategy") ==
            ("difference" if b else "strategy")]


def short_names(factors):
    """The last part of each scenario key ("units" for organisation.units) when those are unique, else the keys."""
    short = [f.rsplit(".", 1)[-1] for f in factors]
    return dict(zip(factors, short if len(set(short)) == len(short) else factors))


def undefined(ax, note):
    """A panel whose indices are NaN says why instead of drawing empty bars."""
    ax.text(0.5, 0.5, f"indices undefined:\n{note}", transform=ax.transAxes, ha="center", va="center",
            color="#555555")
    ax.set_xticks([])
    ax.set_yticks([])


def panels(n):
    cols = min(n, 2)
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(7.5 * cols, 4.6 * rows), squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, list(axes.flat[:n])


def pair_text(d):
    a, b = d["pair"]
    return f"{a} − {b}" if b else a


def num(r, k):
    try:
        return float(r[k])
    except (KeyError, ValueError):
        return float("nan")


def sobol(d, outdir):
    rows = read_csv(outdir, "sobol.csv")
    names = short_names(d["factors"])
    fig, axes = panels(len(d["metrics"]))
    for ax, metric in zip(axes, d["metrics"]):
        sel = key_rows(d, rows, metric)
        note = sel[0]["note"] if sel and sel[0]["note"] else ""
        ax.set_title(metric_title(d, metric))
        if note:
            undefined(ax, note)
            continue
        x = np.arange(len(sel))
        for off, key, label, colour in ((-0.2, "S1", "first order S1", "#0072B2"), (0.2, "ST", "total ST", "#E69F00")):
            v = np.array([num(r, key) for r in sel])
            lo = np.array([num(r, key + "_ci_low") for r in sel])
            hi = np.array([num(r, key + "_ci_high") for r in sel])
            err = np.vstack([np.clip(v - lo, 0, None), np.clip(hi - v, 0, None)])
            ax.bar(x + off, np.nan_to_num(v), 0.4, yerr=np.nan_to_num(err), capsize=4, color=colour, label=label)
        ax.set_xticks(x, [names[r["factor"]] for r in sel], rotation=30, ha="right", fontsize=10)
        ax.set_ylim(bottom=min(0, ax.get_ylim()[0]))
        ax.set_ylabel("index")
        ax.legend(loc="upper right", fontsize=10)
    fig.suptitle(f"Sobol indices of {pair_text(d)}")
    fig.tight_layout()
    return fig


def morris(d, outdir):
    rows = read_csv(outdir, "morris.csv")
    names = short_names(d["factors"])
    fig, axes = panels(len(d["metrics"]))
    for ax, metric in zip(axes, d["metrics"]):
        sel = key_rows(d, rows, metric)
        mu, sigma = [num(r, "mu_star") for r in sel], [num(r, "sigma") for r in sel]
        ax.scatter(mu, sigma, s=60, color="#0072B2", zorder=3)
        top = np.nanmax(mu + sigma + [0]) if sel else 1
        ax.plot([0, top], [0, top], ":", color="grey", lw=1)  # sigma = mu*: effects of both signs or interacting
        ax.set_xlim(left=0)
        ax.set_ylim(bottom=0)
        place_labels(fig, ax, [(names[r["factor"]], x, y) for r, x, y in zip(sel, mu, sigma)])
        ax.set_xlabel(f"mu* per factor range ({difference_axis(d, metric)})")
        ax.set_ylabel("sigma")
        ax.set_title(metric_title(d, metric))
    fig.suptitle(f"Morris elementary effects of {pair_text(d)}")
    fig.tight_layout()
    return fig


def place_labels(fig, ax, items):
    """Labels points without overlaps: largest x first, each at the first of a few offsets around its point
    whose box overlaps no label placed before and stays inside the axes; a label that fits nowhere is left
    out (the CSV has every factor)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    placed = []
    offsets = [(6, 4, "left", "bottom"), (6, -4, "left", "top"), (-6, 4, "right", "bottom"), (-6, -4, "right", "top"),
               (0, 10, "center", "bottom"), (0, -10, "center", "top"), (6, 16, "left", "bottom"),
               (6, -16, "left", "top"), (-6, 16, "right", "bottom"), (-6, -16, "right", "top")]
    for label, x, y in sorted(items, key=lambda t: -np.nan_to_num(t[1], nan=-1)):
        if not (np.isfinite(x) and np.isfinite(y)):
            continue
        for dx, dy, ha, va in offsets:
            t = ax.annotate(label, (x, y), textcoords="offset points", xytext=(dx, dy), ha=ha, va=va, fontsize=10)
            box = t.get_window_extent(renderer).expanded(1.05, 1.1)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 + 40 and frame.y0 <= box.y0 and box.y1 <= frame.y1 + 10
            if inside and not any(box.overlaps(b) for b in placed):
                placed.append(box)
                break
            t.remove()


def compact(v):
    """A number in at most about four characters: 0.123, 26.4, 61.7k, 1.2M."""
    if not np.isfinite(v):
        return "nan"
    for div, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(v) >= div:
            return f"{v / div:.3g}{suffix}"
    return f"{v:.3g}"


def point_means(d, metric):
    values, _ = d["outcomes"][metric]
    return np.nanmean(values, axis=2)  # [point, strategy]


def factor_axis(ax, d, j, which):
    """Names axis `which` after factor j (short name); a categorical factor's level indices get their names
    (a grid heatmap's axes count cells, not values: only its label is set)."""
    name = d["factors"][j]
    (ax.set_xlabel if which == "x" else ax.set_ylabel)(short_names(d["factors"])[name])
    levels = d["levels"].get(name)
    if levels and not ax.images:
        (ax.set_xticks if which == "x" else ax.set_yticks)(range(len(levels)), levels)


def tick_text(d, j, v):
    """A grid level: its name for a categorical factor, else the value."""
    levels = d["levels"].get(d["factors"][j])
    return levels[int(v)] if levels else f"{v:.3g}"


def winners(d, outdir):
    rows = read_csv(outdir, "winners.csv")
    s, X, k = d["strategies"], d["matrix"], len(d["factors"])
    col = colours(s)
    names = s + ["tie"]
    cmap = ListedColormap([col[n] for n in s] + [TIE])
    fig, axes = panels(len(d["metrics"]))
    for ax, metric in zip(axes, d["metrics"]):
        per_point = {int(r["point"]): r["winner"] for r in rows if (r["outcome"], r["metric"]) == metric}
        code = np.array([names.index(per_point.get(p, "tie")) for p in range(len(X))])
        title = metric_title(d, metric)
        if k == 1:
            order = np.argsort(X[:, 0])
            means = point_means(d, metric)
            for j, name in enumerate(s):
                ax.plot(X[order, 0], means[order, j], "-", color=col[name], label=name)
            ax.scatter(X[order, 0], np.nanmax(means[order], axis=1), c=code[order], cmap=cmap, vmin=-0.5,
                       vmax=len(names) - 0.5, s=50, zorder=3, edgecolors="black")
            factor_axis(ax, d, 0, "x")
            ax.set_ylabel("replicate mean")
        elif d["design"] == "grid" and k == 2:
            xs, ys = np.unique(X[:, 0]), np.unique(X[:, 1])
            grid = np.full((len(ys), len(xs)), np.nan)
            for p in range(len(X)):
                grid[np.searchsorted(ys, X[p, 1]), np.searchsorted(xs, X[p, 0])] = code[p]
            ax.imshow(grid, origin="lower", aspect="auto", cmap=cmap, vmin=-0.5, vmax=len(names) - 0.5)
            if len(xs) * len(ys) <= 144:  # each cell's margin over the runner-up, when it stays legible
                margin = {int(r["point"]): num(r, "margin") for r in rows if (r["outcome"], r["metric"]) == metric}
                for p in range(len(X)):
                    rgb = matplotlib.colors.to_rgb(cmap(int(code[p])))
                    dark = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] < 0.5
                    ax.text(np.searchsorted(xs, X[p, 0]), np.searchsorted(ys, X[p, 1]), compact(margin.get(p, np.nan)),
                            ha="center", va="center", fontsize=9, color="white" if dark else "black")
                title += " (margin over runner-up)"
            ax.set_xticks(range(len(xs)), [tick_text(d, 0, v) for v in xs])
            ax.set_yticks(range(len(ys)), [tick_text(d, 1, v) for v in ys])
            ax.grid(False)
            factor_axis(ax, d, 0, "x")
            factor_axis(ax, d, 1, "y")
        elif d["design"] == "grid":
            # > 2 factors: per cell of the first two, the most frequent winner (tie included) over the
            # levels of the others; a cell whose most frequent label is not unique counts as a tie.
            xs, ys = np.unique(X[:, 0]), np.unique(X[:, 1])
            grid = np.full((len(ys), len(xs)), np.nan)
            for i, xv in enumerate(xs):
                for j, yv in enumerate(ys):
                    counts = np.bincount(code[(X[:, 0] == xv) & (X[:, 1] == yv)], minlength=len(names))
                    grid[j, i] = np.argmax(counts) if np.sum(counts == counts.max()) == 1 else len(names) - 1
            ax.imshow(grid, origin="lower", aspect="auto", cmap=cmap, vmin=-0.5, vmax=len(names) - 0.5)
            ax.set_xticks(range(len(xs)), [tick_text(d, 0, v) for v in xs])
            ax.set_yticks(range(len(ys)), [tick_text(d, 1, v) for v in ys])
            ax.grid(False)
            factor_axis(ax, d, 0, "x")
            factor_axis(ax, d, 1, "y")
            title += "\nmost frequent winner over " + ", ".join(d["factors"][2:])
        else:  # Latin hypercube: every point, coloured by its winner
            ax.scatter(X[:, 0], X[:, 1], c=code, cmap=cmap, vmin=-0.5, vmax=len(names) - 0.5, s=40,
                       edgecolors="black", linewidths=0.4)
            factor_axis(ax, d, 0, "x")
            factor_axis(ax, d, 1, "y")
            if k > 2:
                title += f" (first two of {k} factors)"
        ax.set_title(title)
    fig.legend(handles=[Patch(color=col[n], label=n) for n in s] + [Patch(color=TIE, label="tie (CI spans 0)")],
               loc="lower center", ncol=min(len(names), 5), bbox_to_anchor=(0.5, 0))
    fig.suptitle("Winning strategy per design point")
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


def spearman(d, outdir):
    rows = read_csv(outdir, "spearman.csv")
    names = short_names(d["factors"])
    fig, axes = panels(len(d["metrics"]))
    for ax, metric in zip(axes, d["metrics"]):
        sel = key_rows(d, rows, metric)
        rho = np.array([num(r, "rho") for r in sel])
        y = np.arange(len(sel))
        ax.barh(y, np.nan_to_num(rho), color=["#0072B2" if v >= 0 else "#D55E00" for v in np.nan_to_num(rho)])
        ax.set_yticks(y, [names[r["factor"]] for r in sel])
        ax.set_xlim(-1, 1)
        ax.axvline(0, color="black", lw=1)
        ax.set_xlabel("Spearman rho")
        ax.set_title(metric_title(d, metric))
    fig.suptitle(f"Rank correlation of each factor with {pair_text(d)}")
    fig.tight_layout()
    return fig


def prim_tradeoff(d, outdir):
    rows = read_csv(outdir, "prim_trajectory.csv")
    final = {int(r["box"]): r for r in read_csv(outdir, "prim_boxes.csv") if r["method"] == "prim"}
    boxes = sorted({int(r["box"]) for r in rows})
    fig, axes = panels(len(boxes))
    if len(boxes) == 1:
        fig.set_size_inches(9, 5.6)
    most = max(int(r["restrictions"]) for r in rows)
    cmap = plt.get_cmap("viridis", most + 1)
    for ax, k in zip(axes, boxes):
        sel = [r for r in rows if int(r["box"]) == k]
        cov, den = [num(r, "coverage") for r in sel], [num(r, "density") for r in sel]
        ax.plot(cov, den, "-", color="#BBBBBB", lw=1, zorder=1)
        sc = ax.scatter(cov, den, c=[int(r["restrictions"]) for r in sel], cmap=cmap, vmin=-0.5, vmax=most + 0.5,
                        s=28, zorder=2)
        chosen = next(r for r in sel if r["chosen"] == "true")
        ax.scatter([num(chosen, "coverage")], [num(chosen, "density")], marker="*", s=320, color="#D55E00",
                   edgecolors="black", zorder=3, label=f"chosen: box {chosen['step']} of the trajectory")
        if k in final:
            f = final[k]
            ax.scatter([num(f, "coverage")], [num(f, "density")], s=200, facecolors="none", edgecolors="black",
                       linewidths=1.5, zorder=4,
                       label=f"pasted: {num(f, 'coverage'):.0%} coverage, {num(f, 'density'):.0%} density")
        ax.set_xlim(0, 1.02)
        ax.set_ylim(0, 1.02)
        ax.set_xlabel("coverage")
        ax.set_ylabel("density")
        ax.set_title(f"box {k}" + (" (outside the boxes before)" if k > 1 else ""))
        ax.legend(loc="lower left", fontsize=9)
        fig.colorbar(sc, ax=ax, ticks=range(most + 1), label="restricted factors")
    fig.suptitle(textwrap.fill(f"PRIM trade-off: {discovery_condition(outdir)}", 70), fontsize=13)
    fig.tight_layout()
    return fig


def discovery_condition(outdir):
    """The condition as discovery.txt states it (its first quoted text)."""
    with open(os.path.join(outdir, "discovery.txt"), encoding="utf-8") as f:
        first = f.readline()
    return first.split('"')[1] if first.count('"') >= 2 else ""


def prim_box(d, outdir):
    rows = [r for r in read_csv(outdir, "prim_boxes.csv") if r["method"] == "prim"]
    boxes = sorted({int(r["box"]) for r in rows})
    restricted = {k: [r for r in rows if int(r["box"]) == k and r["restricted"] == "true"] for k in boxes}
    n = max([len(v) for v in restricted.values()] + [1])
    fig, axes = plt.subplots(len(boxes), 1, figsize=(10, 0.9 + 0.62 * n * len(boxes) + 0.5 * len(boxes)), squeeze=False)
    for ax, k in zip(axes[:, 0], boxes):
        sel = restricted[k]
        for i, r in enumerate(reversed(sel)):
            name = r["factor"]
            if r["levels"] or name in d["levels"]:
                levels = d["levels"].get(name, r["levels"].split(";"))
                allowed = set(r["levels"].split(";"))
                w = 1 / len(levels)
                for j, level in enumerate(levels):
                    ax.barh(i, w * 0.96, left=j * w, color="#0072B2" if level in allowed else "#E5E5E5", height=0.6)
                    ax.text(j * w + w / 2, i, level, ha="center", va="center", fontsize=9,
                            color="white" if level in allowed else "#555555")
                limits = "is " + " or ".join(lv for lv in levels if lv in allowed)
            else:
                lo, hi, flo, fhi = (num(r, c) for c in ("lower", "upper", "range_lower", "range_upper"))
                span = (fhi - flo) or 1
                ax.barh(i, 1, left=0, color="#E5E5E5", height=0.6)
                ax.barh(i, (hi - lo) / span, left=(lo - flo) / span, color="#0072B2", height=0.6)
                ax.text(-0.01, i - 0.42, f"{flo:.3g}", ha="left", va="top", fontsize=8, color="#555555")
                ax.text(1.01, i - 0.42, f"{fhi:.3g}", ha="right", va="top", fontsize=8, color="#555555")
                limits = (f"{lo:.3g} .. {hi:.3g}" if lo > flo and hi < fhi else f">= {lo:.3g}" if lo > flo
                          else f"<= {hi:.3g}")
            p = num(r, "p_value")
            ax.text(1.03, i, f"{limits}   p = {p:.2g}" + ("" if p < 0.05 else " (n.s.)"), va="center", fontsize=10)
        ax.set_yticks(range(len(sel)), [r["factor"] for r in reversed(sel)], fontsize=10)
        ax.set_xlim(0, 1)
        ax.set_ylim(-0.7, max(len(sel), 1) - 0.3)
        ax.set_xticks([])
        ax.grid(False)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        head = rows[[int(r["box"]) for r in rows].index(k)]
        ax.set_title(f"box {k}: {num(head, 'coverage'):.0%} coverage, {num(head, 'density'):.0%} density, "
                     f"{head['points']} points", fontsize=12, loc="left")
        if not sel:
            ax.text(0.5, 0, "no restriction separates the condition", ha="center", va="center", color="#555555")
    fig.suptitle(textwrap.fill(f"PRIM boxes: {discovery_condition(outdir)}", 90), fontsize=13)
    fig.tight_layout(rect=(0, 0, 0.78, 1))
    return fig


def cell(v):
    """A CSV value for people: numbers with a fraction to 3 significant digits (0.333, 1.2e-05), others as they are."""
    if v is None or not any(c in v for c in ".eE") or any(c.isalpha() for c in v.replace("e", "").replace("E", "")):
        return v or ""
    try:
        x = float(v)
    except ValueError:
        return v
    return f"{x:.3g}" if np.isfinite(x) else v


def csv_table(outdir, name, keep, limit=200):
    if not os.path.exists(os.path.join(outdir, name)):  # e.g. no winners with a single strategy
        return ""
    rows = [r for r in read_csv(outdir, name) if keep(r)]
    if not rows:
        return ""
    e = html.escape
    head = "".join(f"<th>{e(k)}</th>" for k in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{e(cell(v))}</td>" for v in r.values()) + "</tr>" for r in rows[:limit])
    more = f"<p>First {limit} of {len(rows)} rows; all in <a href=\"{name}\">{name}</a>.</p>" if len(rows) > limit \
        else f"<p>All rows: <a href=\"{name}\">{name}</a>.</p>"
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


CSS = ("body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;line-height:1.45;color:#222}"
       "table{border-collapse:collapse;font-size:.85em;margin:1em 0}th,td{border:1px solid #ccc;padding:.25em .5em}"
       "thead th{background:#eee}img{max-width:100%;border:1px solid #ddd}figure{margin:2em 0}"
       "pre{background:#f6f6f6;padding:.8em;white-space:pre-wrap;font-size:.85em}"
       ".warning{background:#fff3cd;border:1px solid #e0c36c;padding:.5em .8em}")


def index_html(d, outdir, figures, discovering=False):
    e = html.escape
    a, b = d["pair"]
    key = lambda r: (r.get("outcome"), r.get("metric")) in d["metrics"]  # noqa: E731
    pair = lambda r: key(r) and r.get("strategy_a") == a and r.get("strategy_b", "") == b  # noqa: E731
    tables = {"saltelli": [("Sobol indices (key difference)", "sobol.csv", pair)],
              "morris": [("Morris statistics (key difference)", "morris.csv", pair)],
              "grid": [("Win shares per factor level", "winner_shares.csv", key)],
              "latin_hypercube": [("Win shares per factor level (bins)", "winner_shares.csv", key),
                                  ("Spearman correlations", "spearman.csv", key)]}[d["design"]]
    figs_list = [f'<figure><a href="{n}.svg"><img src="{n}.png" alt="{e(CAPTIONS[n])}"></a>'
                 f'<figcaption>{e(CAPTIONS[n])} (<a href="{n}.svg">SVG</a>)</figcaption></figure>' for n in figures]
    figs = "".join(f for n, f in zip(figures, figs_list) if n not in DISCOVERY)
    tabs = "".join(f"<h3>{e(t)}</h3>{csv_table(outdir, n, k)}" for t, n, k in tables)
    found = ""
    if discovering:
        read = lambda n: open(os.path.join(outdir, n), encoding="utf-8").read()  # noqa: E731
        dfigs = "".join(figure for n, figure in zip(figures, figs_list) if n in DISCOVERY)
        found = (f"<h2>Under which conditions: scenario discovery</h2><pre>{e(read('discovery.txt'))}</pre>{dfigs}"
                 f"<h3>Box limits (PRIM and the classification tree)</h3>"
                 f"{csv_table(outdir, 'prim_boxes.csv', lambda r: r['restricted'] == 'true')}"
                 f"<h3>Zoom in: box 1 as [[sweep.parameters]] (<a href=\"discovery_zoom.toml\">discovery_zoom.toml</a>)</h3>"
                 f"<pre>{e(read('discovery_zoom.toml'))}</pre>")
    warnings = sorted({r["warning"] for r in (read_csv(outdir, "sobol.csv") if d["design"] == "saltelli" else [])
                       if r.get("warning") and pair(r)})
    warned = "".join(f'<p class="warning">Warning: {e(w)}</p>' for w in warnings)
    facts = [("sweep file", d["path"]), ("design", d["design"]), ("points", len(d["matrix"])),
             ("factors", ", ".join(d["factors"])), ("strategies", ", ".join(d["strategies"])),
             ("replicates", d["replicates"]), ("key difference", pair_text(d)),
             ("key outcomes", ", ".join(f"{o} ({m})" for o, m in d["metrics"]))]
    rows = "".join(f"<tr><th scope=row>{e(k)}</th><td>{e(str(v))}</td></tr>" for k, v in facts)
    csvs = [n for n in ("sobol.csv", "morris.csv", "winners.csv", "winner_shares.csv", "spearman.csv")
            + (("prim_trajectory.csv", "prim_boxes.csv", "tree.csv", "discovery.txt") if discovering else ())
            if os.path.exists(os.path.join(outdir, n))]
    links = " · ".join(f'<a href="{n}">{n}</a>' for n in csvs)
    title = e(os.path.basename(os.path.dirname(os.path.abspath(d["path"]))) + "/" + os.path.basename(d["path"]))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sweep analysis: {title}</title>
<style>{CSS}</style></head><body>
<h1>Sweep analysis: {title}</h1>
<table>{rows}</table>
<p>Every target (each strategy's mean and every paired difference, every outcome metric) is in the CSV files:
{links}. Columns: docs/sweep-format.md, "Analysis outputs".</p>
{warned}{found}
<h2>Figures</h2>{figs}
<h2>Tables</h2>{tabs}
</body></html>
"""


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("sweep", help="sweep file (sweep.h5)")
    p.add_argument("outdir", help="folder holding the analysis CSV files; figures and index.html go there too")
    p.add_argument("--force", action="store_true", help="overwrite existing figures and index.html")
    p.add_argument("--discover", action="store_true",
                   help="also draw the scenario discovery (prim_*.csv, discovery.txt) of `ambassim analyze --discover`;"
                        " implied by AMBASSIM_SWEEP_DISCOVERY=1, which ambassim sets")
    args = p.parse_args(argv)
    discovering = args.discover or os.environ.get("AMBASSIM_SWEEP_DISCOVERY") == "1"
    try:
        d = load(args.sweep, args.outdir)
        figures = (DISCOVERY if discovering else []) + FIGURES.get(d["design"], [])
        if len(d["strategies"]) < 2:
            figures = [f for f in figures if f not in ("winners", "spearman")]
        outputs = [os.path.join(args.outdir, f"{n}.{x}") for n in figures for x in ("png", "svg")]
        outputs.append(os.path.join(args.outdir, "index.html"))
        refuse_existing(outputs, args.force)  # before any work
        os.makedirs(args.outdir, exist_ok=True)
        for name in figures:
            save(globals()[name](d, args.outdir), args.outdir, name, dpi=110)
        page = index_html(d, args.outdir, figures, discovering)
    except InputError as e:
        print(f"sweep_report.py: {e}", file=sys.stderr)
        return 2
    write_text(outputs[-1], page)
    return 0


if __name__ == "__main__":
    sys.exit(run_main("sweep_report.py", main, sys.argv[1:]))
