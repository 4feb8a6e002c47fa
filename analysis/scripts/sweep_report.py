#!/usr/bin/python3
"""Figures and an HTML page for a sweep analysis written by `ambassim analyze`.

Usage: /usr/bin/python3 analysis/scripts/sweep_report.py SWEEP.h5 DIR [--force]

Run by `ambassim analyze` after it has written its CSV files into DIR; reads
them (sobol.csv, morris.csv, winners.csv, winner_shares.csv, spearman.csv,
see docs/sweep-format.md, "Analysis outputs") and the design from SWEEP.h5,
and writes into DIR, each figure as PNG and SVG: sobol (Saltelli designs),
morris (Morris designs), winners (grid and Latin hypercube designs),
spearman (Latin hypercube designs), and index.html (figures and tables).
Figures show the key targets: the key strategy pair (engagement_first vs
ambassadorship_first if both were swept, else the first two strategies) for
up to six key outcome metrics. Existing outputs are never overwritten
without --force (exit 2; exit 1 if DIR is not writable).
"""
import argparse
import csv
import html
import os
import sys

import h5py
import numpy as np
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import ListedColormap  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

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
    "spearman": "Spearman rank correlation of each factor with the key difference over the Latin hypercube."}
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
             "strategies": [text(x) for x in f["/strategies"][...]], "outcomes": {}}
        for o in f["/outcomes"]:
            for m in f["/outcomes"][o]:
                ds = f["/outcomes"][o][m]
                d["outcomes"][(o, m)] = (ds[...], bool(ds.attrs.get("higher_is_better", 1)))
    s = d["strategies"]
    if "engagement_first" in s and "ambassadorship_first" in s:
        i, j = sorted([s.index("engagement_first"), s.index("ambassadorship_first")])
        d["pair"] = (s[i], s[j])
    else:
        d["pair"] = (s[0], s[1]) if len(s) > 1 else (s[0], "")
    keys = [k for k in KEY_METRICS if k in d["outcomes"]]
    d["metrics"] = keys or sorted(d["outcomes"])[:6]
    return d


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
        ax.set_title(f"{metric[0]} ({metric[1]})")
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
        labelled = set(np.argsort(-np.nan_to_num(np.array(mu, dtype=float), nan=-1))[:5])  # the rest would overlap
        for i, (r, x, y) in enumerate(zip(sel, mu, sigma)):
            if i in labelled:
                ax.annotate(names[r["factor"]], (x, y), textcoords="offset points", xytext=(5, 5), fontsize=10)
        top = np.nanmax(mu + sigma + [0]) if sel else 1
        ax.plot([0, top], [0, top], ":", color="grey", lw=1)  # sigma = mu*: effects of both signs or interacting
        ax.set_xlim(left=0)
        ax.set_ylim(bottom=0)
        ax.set_xlabel("mu* (per factor range)")
        ax.set_ylabel("sigma")
        ax.set_title(f"{metric[0]} ({metric[1]})")
    fig.suptitle(f"Morris elementary effects of {pair_text(d)}")
    fig.tight_layout()
    return fig


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
        title = f"{metric[0]} ({metric[1]})"
        if k == 1:
            order = np.argsort(X[:, 0])
            means = point_means(d, metric)
            for j, name in enumerate(s):
                ax.plot(X[order, 0], means[order, j], "-", color=col[name], label=name)
            ax.scatter(X[order, 0], np.nanmax(means[order], axis=1), c=code[order], cmap=cmap, vmin=-0.5,
                       vmax=len(names) - 0.5, s=50, zorder=3, edgecolors="black")
            ax.set_xlabel(d["factors"][0])
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
            ax.set_xticks(range(len(xs)), [f"{v:.3g}" for v in xs])
            ax.set_yticks(range(len(ys)), [f"{v:.3g}" for v in ys])
            ax.grid(False)
            ax.set_xlabel(d["factors"][0])
            ax.set_ylabel(d["factors"][1])
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
            ax.set_xticks(range(len(xs)), [f"{v:.3g}" for v in xs])
            ax.set_yticks(range(len(ys)), [f"{v:.3g}" for v in ys])
            ax.grid(False)
            ax.set_xlabel(d["factors"][0])
            ax.set_ylabel(d["factors"][1])
            title += "\nmost frequent winner over " + ", ".join(d["factors"][2:])
        else:  # Latin hypercube: every point, coloured by its winner
            ax.scatter(X[:, 0], X[:, 1], c=code, cmap=cmap, vmin=-0.5, vmax=len(names) - 0.5, s=40,
                       edgecolors="black", linewidths=0.4)
            ax.set_xlabel(d["factors"][0])
            ax.set_ylabel(d["factors"][1])
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
        ax.set_title(f"{metric[0]} ({metric[1]})")
    fig.suptitle(f"Rank correlation of each factor with {pair_text(d)}")
    fig.tight_layout()
    return fig


def csv_table(outdir, name, keep, limit=200):
    if not os.path.exists(os.path.join(outdir, name)):  # e.g. no winners with a single strategy
        return ""
    rows = [r for r in read_csv(outdir, name) if keep(r)]
    if not rows:
        return ""
    e = html.escape
    head = "".join(f"<th>{e(k)}</th>" for k in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{e(v)}</td>" for v in r.values()) + "</tr>" for r in rows[:limit])
    more = f"<p>First {limit} of {len(rows)} rows; all in <a href=\"{name}\">{name}</a>.</p>" if len(rows) > limit \
        else f"<p>All rows: <a href=\"{name}\">{name}</a>.</p>"
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


CSS = ("body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;line-height:1.45;color:#222}"
       "table{border-collapse:collapse;font-size:.85em;margin:1em 0}th,td{border:1px solid #ccc;padding:.25em .5em}"
       "thead th{background:#eee}img{max-width:100%;border:1px solid #ddd}figure{margin:2em 0}")


def index_html(d, outdir, figures):
    e = html.escape
    a, b = d["pair"]
    key = lambda r: (r.get("outcome"), r.get("metric")) in d["metrics"]  # noqa: E731
    pair = lambda r: key(r) and r.get("strategy_a") == a and r.get("strategy_b", "") == b  # noqa: E731
    tables = {"saltelli": [("Sobol indices (key difference)", "sobol.csv", pair)],
              "morris": [("Morris statistics (key difference)", "morris.csv", pair)],
              "grid": [("Win shares per factor level", "winner_shares.csv", key)],
              "latin_hypercube": [("Win shares per factor level (bins)", "winner_shares.csv", key),
                                  ("Spearman correlations", "spearman.csv", key)]}[d["design"]]
    figs = "".join(f'<figure><a href="{n}.svg"><img src="{n}.png" alt="{e(CAPTIONS[n])}"></a>'
                   f'<figcaption>{e(CAPTIONS[n])} (<a href="{n}.svg">SVG</a>)</figcaption></figure>' for n in figures)
    tabs = "".join(f"<h3>{e(t)}</h3>{csv_table(outdir, n, k)}" for t, n, k in tables)
    facts = [("sweep file", d["path"]), ("design", d["design"]), ("points", len(d["matrix"])),
             ("factors", ", ".join(d["factors"])), ("strategies", ", ".join(d["strategies"])),
             ("replicates", d["replicates"]), ("key difference", pair_text(d)),
             ("key outcomes", ", ".join(f"{o} ({m})" for o, m in d["metrics"]))]
    rows = "".join(f"<tr><th scope=row>{e(k)}</th><td>{e(str(v))}</td></tr>" for k, v in facts)
    csvs = [n for n in ("sobol.csv", "morris.csv", "winners.csv", "winner_shares.csv", "spearman.csv")
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
<h2>Figures</h2>{figs}
<h2>Tables</h2>{tabs}
</body></html>
"""


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("sweep", help="sweep file (sweep.h5)")
    p.add_argument("outdir", help="folder holding the analysis CSV files; figures and index.html go there too")
    p.add_argument("--force", action="store_true", help="overwrite existing figures and index.html")
    args = p.parse_args(argv)
    try:
        d = load(args.sweep, args.outdir)
        figures = FIGURES.get(d["design"], [])
        if len(d["strategies"]) < 2:
            figures = [f for f in figures if f not in ("winners", "spearman")]
        outputs = [os.path.join(args.outdir, f"{n}.{x}") for n in figures for x in ("png", "svg")]
        outputs.append(os.path.join(args.outdir, "index.html"))
        refuse_existing(outputs, args.force)  # before any work
        os.makedirs(args.outdir, exist_ok=True)
        for name in figures:
            save(globals()[name](d, args.outdir), args.outdir, name, dpi=110)
        page = index_html(d, args.outdir, figures)
    except InputError as e:
        print(f"sweep_report.py: {e}", file=sys.stderr)
        return 2
    write_text(outputs[-1], page)
    return 0


if __name__ == "__main__":
    sys.exit(run_main("sweep_report.py", main, sys.argv[1:]))
