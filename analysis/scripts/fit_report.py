#!/usr/bin/python3
"""Figures of a calibration (`ambassim calibrate --report DIR`):
fit.png, one small panel per target with the observed figure (and its 95%
band) beside the simulated one, and parameters.png, each fitted parameter
with its 95% interval inside the range it was searched in (a bar across the
whole range is a parameter the targets do not pin down).

Usage: fit_report.py OUT.fit.csv DIR [--force]   (OUT.parameters.csv is read beside it)
"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report_files import InputError, plt, read_csv_rows, refuse_existing, run_main, save_png, table_and_outdir_args  # noqa: E402

LABELS = {
    "churn": "annual customer churn",
    "nps": "NPS",
    "referral_share": "share acquired by referral",
    "front_line_attrition": "front-line attrition / year",
    "staff_attrition": "staff attrition / year",
    "engagement_score": "engagement survey score",
    "ambassador_share": "ambassador share",
    "saboteur_share": "saboteur share",
}


def fit_figure(rows):
    n = len(rows)
    cols = min(4, n)
    nrows = math.ceil(n / cols)
    fig, axes = plt.subplots(nrows, cols, figsize=(3.2 * cols, 2.9 * nrows), squeeze=False)
    for ax in axes.flat[n:]:
        ax.axis("off")
    for ax, r in zip(axes.flat, rows):
        obs, sd, sim = float(r["observed"]), float(r["sd"]), float(r["simulated"])
        sim_sd = float(r["simulated_sd"]) if r["simulated_sd"] not in ("", "nan") else 0.0
        ax.errorbar([0], [obs], yerr=[1.96 * sd], fmt="s", color="black", capsize=6, label="observed (95%)")
        ax.errorbar([1], [sim], yerr=[sim_sd], fmt="o", color="tab:blue", capsize=6, label="simulated (± sd)")
        ax.set_xlim(-0.7, 1.7)
        ax.set_xticks([0, 1], ["observed", "simulated"])
        ax.set_title(f"{LABELS.get(r['measure'], r['measure'])}\n"
                     f"days {float(r['from_day']):g}-{float(r['to_day']):g}, z = {float(r['z']):.2f}", fontsize=9)
        ax.grid(axis="y", alpha=0.3)
    r0 = rows[0]
    conditions = ""
    if "employees" in r0:  # how the evaluations ran (a reduced population is stated)
        scale = float(r0["scale"])
        conditions = (f"\nsimulated: mean of {r0['replicates']} replicates (common random numbers) at "
                      f"{int(r0['employees']):,} employees, {int(r0['customers']):,} customers"
                      + (f" (population scale {scale:g})" if scale != 1 else ""))
    fig.suptitle("Calibration: simulated vs observed figures" + conditions, fontsize=10)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, ["observed (95% band of its uncertainty)", "simulated (± sd between replicates)"],
               loc="lower center", ncol=2, fontsize=9, frameon=False)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig


def parameter_figure(rows):
    fig, ax = plt.subplots(figsize=(8, 0.7 * len(rows) + 1.4))
    for i, r in enumerate(rows):
        lo, hi = float(r["min"]), float(r["max"])
        span = hi - lo

        def norm(v):
            return (float(v) - lo) / span

        pinned = r["pinned"] == "1"
        ax.plot([0, 1], [i, i], color="lightgrey", lw=8, solid_capstyle="butt")
        ax.plot([norm(r["low"]), norm(r["high"])], [i, i], color="tab:blue" if pinned else "tab:orange", lw=8,
                solid_capstyle="butt")
        ax.plot([norm(r["value"])], [i], "k|", ms=18, mew=2)
        ax.text(1.02, i, f"{hi:g}", va="center", ha="left", fontsize=8, color="grey")
        ax.text(1.12, i, f"{float(r['value']):.4g} [{float(r['low']):.3g}, {float(r['high']):.3g}]"
                + ("" if pinned else "  not pinned"), va="center", fontsize=9)
        ax.text(-0.02, i, f"{lo:g}", va="center", ha="right", fontsize=8, color="grey")
    ax.set_yticks(range(len(rows)), [r["parameter"] for r in rows], fontsize=9)
    ax.set_xlim(-0.12, 1.7)
    ax.set_xticks([0, 0.5, 1], ["min", "middle", "max"])
    ax.set_ylim(-0.8, len(rows) - 0.2)
    ax.invert_yaxis()
    ax.set_title("Fitted parameters: 95% interval (blue; orange = not pinned down)\n"
                 "within the range searched (grey), fitted value (black)", fontsize=9)
    fig.tight_layout()
    return fig


def main(argv):
    args = table_and_outdir_args("fit_report.py", "fit_csv", argv)
    params_csv = args.fit_csv[: -len(".fit.csv")] + ".parameters.csv" if args.fit_csv.endswith(".fit.csv") else ""
    outputs = [os.path.join(args.outdir, "fit.png"), os.path.join(args.outdir, "parameters.png")]
    refuse_existing(outputs, args.force)
    fits = read_csv_rows(args.fit_csv)
    params = read_csv_rows(params_csv) if params_csv else []
    if not fits:
        raise InputError(f"`{args.fit_csv}` has no targets")
    os.makedirs(args.outdir, exist_ok=True)
    save_png(fit_figure(fits), outputs[0], dpi=110)
    if params:
        save_png(parameter_figure(params), outputs[1], dpi=110)
    return 0


if __name__ == "__main__":
    sys.exit(run_main("fit_report.py", main, sys.argv[1:]))
