#!/usr/bin/python3
"""Report of a validation run written by `ambassim validate --out DIR`.

Usage: /usr/bin/python3 analysis/scripts/validation_report.py DIR [--docs DOC.md]

Reads DIR/validation.tsv (one row per check, figure and seed: measured,
reference, pass range) and the run files DIR/runs/<scenario>-seed<k>.h5, and
writes one PNG figure per check into DIR/figures/ (simulated vs reference),
DIR/validation.md (table and figures, for docs/validation.md) and
DIR/index.html. With --docs, also copies the figures next to DOC.md (into
figures/validation/) and puts the report between the BEGIN/END REPORT markers
of DOC.md (how docs/validation.md is refreshed). Needs Debian's
python3-h5py, -numpy and -matplotlib.
"""
import csv
import glob
import html
import math
import os
import re
import shutil
import sys

import h5py
import numpy as np
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from report_files import run_main, save_png, write_text  # noqa: E402

plt.rcParams.update({"font.size": 12, "axes.titlesize": 13, "axes.spines.top": False, "axes.spines.right": False,
                     "axes.grid": True, "grid.alpha": 0.3, "lines.linewidth": 2.0})
SIM = "#0072B2"      # simulated (Okabe-Ito blue)
SIM2 = "#E69F00"     # second simulated series (orange)
REF = "#000000"      # reference
BAND = "#009E73"     # accepted range
CHECKS = [("bass", "Bass diffusion", "bass.png"), ("world", "Plausible default world", "world.png"),
          ("link", "Employee-customer link across units", "link.png"),
          ("behaviour", "Satisfaction vs behaviour", "behaviour.png")]


def read_table(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for r in rows:
        for k in ("measured", "reference", "lo", "hi"):
            r[k] = float(r[k])
        r["seed"] = int(r["seed"])
    return rows


def runs(out, stem):
    """Run files of one scenario, by seed."""
    found = {}
    for p in glob.glob(os.path.join(out, "runs", stem + "-seed*.h5")):
        m = re.search(r"-seed(\d+)\.h5$", p)
        if m:
            found[int(m.group(1))] = p
    return [found[k] for k in sorted(found)]


def bass_share(p, q, t, f0):
    a = (1 - f0) * p / (p + q * f0)
    e = np.exp(-(p + q) * t)
    return (1 - a * e) / (1 + (q / p) * a * e)


def adoption(path):
    with h5py.File(path, "r") as f:
        par = f["parameters"].attrs
        n = float(par["customers.customers"]) + float(par["customers.prospects_resolved"])
        t = f["time/day"][:] / 365.0
        share = f["customers/active"][:] / n
        return t, share, float(par["market.bass_p_per_year"]), float(par["market.bass_q_per_year"]), \
            float(par["customers.customers"]) / n


def range_panel(ax, rows, title, unit=""):
    """Measured value per seed as dots against the accepted range and the reference; the mean over the
    seeds (row seed 0, when the figure is judged on it) as a bar across them."""
    mean = [r for r in rows if r["seed"] == 0]
    rows = [r for r in rows if r["seed"] != 0]
    seeds = [r["seed"] for r in rows]
    lo, hi, ref = rows[0]["lo"], rows[0]["hi"], rows[0]["reference"]
    vals = [r["measured"] for r in rows]
    finite = [v for v in vals + [lo, hi, ref] if math.isfinite(v)]
    span = (max(finite) - min(finite)) or 1.0
    lo_d = lo if math.isfinite(lo) else min(finite) - 0.3 * span
    hi_d = hi if math.isfinite(hi) else max(finite) + 0.3 * span
    ax.axhspan(lo_d, hi_d, color=BAND, alpha=0.18, label="accepted range")
    if math.isfinite(ref):
        ax.axhline(ref, color=REF, linestyle="--", label="reference")
    ax.plot(seeds, vals, "o", color=SIM, markersize=9, label="simulated (per seed)")
    if mean:
        ax.hlines(mean[0]["measured"], min(seeds) - 0.4, max(seeds) + 0.4, color=SIM, linewidth=3,
                  label=f"mean of the seeds: {mean[0]['pass']}")
    ax.set_xticks(seeds)
    ax.set_xlabel("seed")
    ax.set_title(title)
    if unit:
        ax.set_ylabel(unit)
    ax.set_xlim(min(seeds) - 0.7, max(seeds) + 0.7)


def fig_bass(out, rows, path):
    fig, axes = plt.subplots(1, 2, figsize=(13, 5))
    ax = axes[0]
    for k, (stem, colour, label) in enumerate([("bass_well_mixed", SIM, "well mixed"),
                                                ("bass_small_world", SIM2, "small world (10 ties)")]):
        for j, p in enumerate(runs(out, stem)):
            t, share, bp, bq, f0 = adoption(p)
            ax.plot(t, share, color=colour, alpha=0.8, linewidth=1.4, label=f"simulated, {label}" if j == 0 else None)
    ax.plot(t, bass_share(bp, bq, t, f0), color=REF, linestyle="--", label=f"Bass closed form (p={bp}, q={bq})")
    ax.set_xlabel("years")
    ax.set_ylabel("adopted share of the market F(t)")
    ax.set_title("Cumulative adoption, N = 50,000 (all seeds)")
    ax.legend(loc="lower right", fontsize=10)
    range_panel(axes[1], [r for r in rows if r["figure"] == "bass.max_deviation"], "max |F - F_Bass|, well mixed")
    axes[1].legend(fontsize=9)
    fig.tight_layout()
    save_png(fig, path)


def fig_world(out, rows, path):
    figs = [("world.front_line_attrition", "Default: front-line attrition/yr"),
            ("world.customer_churn", "Default: customer churn/yr"), ("world.nps", "Default: NPS"),
            ("world.bank_churn", "Retail bank: customer churn/yr"), ("world.bank_nps", "Retail bank: NPS")]
    figs = [(n, t) for n, t in figs if any(r["figure"] == n for r in rows)]
    fig, axes = plt.subplots(1, len(figs), figsize=(4.6 * len(figs), 4.5), squeeze=False)
    for ax, (name, title) in zip(axes[0], figs):
        range_panel(ax, [r for r in rows if r["figure"] == name], title)
    axes[0][0].legend(fontsize=9)
    fig.suptitle("Default world (telecom-like service, contact-centre front line) and a retail-bank preset "
                 "vs published ranges")
    fig.tight_layout()
    save_png(fig, path)


def fig_link(out, rows, path):
    fig, axes = plt.subplots(1, 2, figsize=(13, 5))
    files = runs(out, "unit_link")
    if files:
        with h5py.File(files[0], "r") as f:
            e = f["units/mean_engagement"][-1]
            s = f["units/mean_satisfaction"][-1]
        axes[0].plot(e, s, ".", color=SIM, alpha=0.6)
        r = np.corrcoef(e, s)[0, 1]
        axes[0].set_title(f"Units of seed 1: r = {r:.2f} (reference .33)")
        axes[0].set_xlabel("unit mean engagement")
        axes[0].set_ylabel("unit mean customer satisfaction")
    ax = axes[1]
    rr = [r for r in rows if r["figure"] == "link.r"]
    med = [r for r in rows if r["figure"] == "link.mediated"]
    seeds = [r["seed"] for r in rr]
    ax.axhspan(rr[0]["lo"], rr[0]["hi"], color=BAND, alpha=0.18, label="accepted r (.20-.45)")
    ax.axhline(0.33, color=REF, linestyle="--", label="Harter et al. 2002: r = .33")
    ax.plot(seeds, [r["measured"] for r in rr], "o", color=SIM, markersize=9, label="r(engagement, satisfaction)")
    partial = [r["measured"] * (1 - m["measured"]) for r, m in zip(rr, med)]
    ax.plot(seeds, partial, "s", color=SIM2, markersize=9, label="controlling for encounter quality")
    ax.axhline(0, color="#777777", linewidth=1)
    ax.set_xticks(seeds)
    ax.set_xlabel("seed")
    ax.set_title("Correlation across 600 units; mediation by quality")
    ax.legend(fontsize=9)
    fig.tight_layout()
    save_png(fig, path)


def fig_behaviour(out, rows, path):
    fig, axes = plt.subplots(1, 2, figsize=(13, 5))
    for ax, name, title in [(axes[0], "behaviour.default_gap", "Default weights (0.3 sat., 0.7 bond)"),
                            (axes[1], "behaviour.reversed_gap", "Weights reversed (0.9 sat., 0.1 bond)")]:
        sel = [r for r in rows if r["figure"] == name]
        seeds = np.array([r["seed"] for r in sel], dtype=float)
        rs, rb = [], []
        for r in sel:
            m = re.search(r"r_sat ([-0-9.]+), r_bond ([-0-9.]+)", r["note"])
            rs.append(float(m.group(1)) if m else float("nan"))
            rb.append(float(m.group(2)) if m else float("nan"))
        ax.bar(seeds - 0.18, rs, width=0.34, color=SIM, label="r(satisfaction, staying)")
        ax.bar(seeds + 0.18, rb, width=0.34, color=SIM2, label="r(bond, staying)")
        ax.set_xticks(seeds)
        ax.set_xlabel("seed")
        ax.set_ylabel("point-biserial correlation")
        ok = all(r["pass"] == "PASS" for r in sel)
        ax.set_title(f"{title}: {'PASS' if ok else 'FAIL'}")
        ax.legend(fontsize=9)
    fig.suptitle("Customer level: satisfaction and bond at a quarter's start vs still a customer at its end")
    fig.tight_layout()
    save_png(fig, path)


def fmt(v):
    if not math.isfinite(v):
        return "-" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    return f"{v:.4g}"


def update_docs(doc, out, md):
    """Copies the figures beside DOC and replaces its report section with `md`."""
    figs = os.path.join(os.path.dirname(os.path.abspath(doc)), "figures", "validation")
    os.makedirs(figs, exist_ok=True)
    for _, _, png in CHECKS:
        src = os.path.join(out, "figures", png)
        if os.path.exists(src):
            shutil.copyfile(src, os.path.join(figs, png))
    with open(doc) as f:
        text = f.read()
    begin, end = "<!-- BEGIN REPORT -->\n", "<!-- END REPORT -->"
    if begin not in text or end not in text:
        print(f"{doc}: no BEGIN/END REPORT markers", file=sys.stderr)
        return 2
    head, rest = text.split(begin, 1)
    tail = rest.split(end, 1)[1]
    body = "\n".join(md).replace("](figures/", "](figures/validation/")
    write_text(doc, head + begin + body + "\n" + end + tail)
    return 0


def main():
    args = sys.argv[1:]
    doc = None
    if len(args) == 3 and args[1] == "--docs":
        doc = args[2]
        args = args[:1]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = args[0]
    rows = read_table(os.path.join(out, "validation.tsv"))
    os.makedirs(os.path.join(out, "figures"), exist_ok=True)
    makers = {"bass": fig_bass, "world": fig_world, "link": fig_link, "behaviour": fig_behaviour}
    for check, _, png in CHECKS:
        sel = [r for r in rows if r["check"] == check]
        if sel:
            makers[check](out, sel, os.path.join(out, "figures", png))
    judged = [r for r in rows if r["pass"] != "SEED"]
    passed = sum(r["pass"] == "PASS" for r in judged)
    seeds = sorted({r["seed"] for r in rows if r["seed"] != 0})
    summary = (f"{passed} of {len(judged)} checks passed over seeds {', '.join(map(str, seeds))} (the default "
               "world's and the bank's figures judged on their mean over the seeds, row \"mean\"; each seed's "
               "value shown as SEED).")
    md = [summary, ""]
    page = [f"<p>{html.escape(summary)}</p>"]
    for check, title, png in CHECKS:
        sel = [r for r in rows if r["check"] == check]
        if not sel:
            continue
        md += [f"### {title}", "", f"![{title}](figures/{png})", "",
               "| figure | seed | measured | reference | pass range | result | details |", "|---|---|---|---|---|---|---|"]
        page += [f"<h2>{html.escape(title)}</h2>", f'<img src="figures/{png}" style="max-width:100%">',
                 "<table border=1 cellpadding=4><tr><th>figure</th><th>seed</th><th>measured</th><th>reference</th>"
                 "<th>pass range</th><th>result</th><th>details</th></tr>"]
        order = {f: k for k, f in enumerate(dict.fromkeys(r["figure"] for r in sel))}
        for r in sorted(sel, key=lambda r: (order[r["figure"]], r["seed"] == 0, r["seed"])):
            cells = [r["label"], "mean" if r["seed"] == 0 else str(r["seed"]), fmt(r["measured"]), fmt(r["reference"]),
                     f"[{fmt(r['lo'])}, {fmt(r['hi'])}]", r["pass"], r["note"]]
            md.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
            page.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        sources = sorted({r["source"] for r in sel})
        md += ["", "Sources: " + "; ".join(sources) + ".", ""]
        page += ["</table>", "<p>Sources: " + html.escape("; ".join(sources)) + ".</p>"]
    write_text(os.path.join(out, "validation.md"), "\n".join(md) + "\n")
    write_text(os.path.join(out, "index.html"),
               "<!doctype html><html><head><meta charset='utf-8'><title>ambassim validation</title></head><body>"
               "<h1>ambassim validation against published figures</h1>\n" + "\n".join(page) + "\n</body></html>\n")
    return update_docs(doc, out, md) if doc else 0


if __name__ == "__main__":
    sys.exit(run_main("validation_report.py", main))
