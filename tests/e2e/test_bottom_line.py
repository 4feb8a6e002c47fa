#!/usr/bin/python3
"""End-to-end test of compare's bottom line (issue #13) on comparisons with a known answer.

1. A programme that does nothing: `none` against a named strategy that spends
   3,650 EUR per employee and year on a career programme whose gain is 0, for
   120 days with 100 employees. Every customer and employee is the same in both
   (common random numbers), so the answer is known exactly: no difference in
   loyalty, advocacy or referrals; none earns exactly 120,000 EUR more, with a
   CI of +120,000 to +120,000, ahead from the first day; the programme does not
   pay back.
2. The flagship at a small size over five years: winners, margins, 95% CIs,
   crossover days and payback days are recomputed here from the runs in the
   file (/runs, not /summary) and must be what the terminal printed, what
   /summary/bottom_line holds, and what the differences CSV and its verdict
   sentences say.
3. Every line of the output fits 80 and 120 columns with --width.

Needs AMBASSIM and AMBASSIM_SOURCE_DIR; run with Debian's /usr/bin/python3.
Prints `N passed, M failed` last; exits 1 if any check failed.
"""
import csv
import os
import re
import subprocess
import sys
import tempfile
import traceback

import h5py
import numpy as np

AMBASSIM = os.environ.get("AMBASSIM")
SOURCE_DIR = os.environ.get("AMBASSIM_SOURCE_DIR")
if not AMBASSIM or not SOURCE_DIR:
    sys.exit("set AMBASSIM to the ambassim binary and AMBASSIM_SOURCE_DIR to the source tree")
T975 = {2: 12.706205, 3: 4.302653, 4: 3.182446, 5: 2.776445}  # t quantile for n - 1 degrees of freedom

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check as record, finish  # noqa: E402  (tests/checks.py)


def check(name, fn, *args):
    """Runs one group of assertions; an exception or AssertionError is its failure."""
    try:
        fn(*args)
    except Exception:  # noqa: BLE001 - report every failure and go on
        record(name, False, "\n" + traceback.format_exc())
    else:
        record(name, True)


def compare(args):
    r = subprocess.run([AMBASSIM, "compare", *args], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, f"exit {r.returncode}: {r.stderr}"
    return r.stdout


def bottom_line(out):
    """{label: sentence} of the printed bottom line (continuation lines joined)."""
    lines = out.split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("Bottom line:"))
    entries = {}
    last = None
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        m = re.match(r"^  (\S+)\s+(.*)$", line)
        if m and line[2] != " ":
            last = m.group(1)
            entries[last] = m.group(2)
        else:
            entries[last] += " " + line.strip()
    return {k: re.sub(r"\s+", " ", v) for k, v in entries.items()}


def count(v):
    """As the terminal writes counts: halves rounded away from zero, with a sign and separators."""
    v = np.sign(v) * np.floor(abs(v) + 0.5)
    return ("+" if v > 0 else "") + f"{v:,.0f}"


INERT = """[simulation]
ticks = 120
warmup_days = 30
[organisation]
employees = 100
units = 2
[customers]
customers = 2000
[programs]
career_gain_per_year = 0
[economics]
currency = "EUR"
[strategies.inert]
label = "A career programme that does nothing"
budget_per_employee_per_year = 3650
[[strategies.inert.phases]]
start_day = 0
career = 1.0
[compare]
strategies = ["none", "inert"]
replicates = 3
"""


def test_inert(work):
    path = os.path.join(work, "inert.toml")
    with open(path, "w") as f:
        f.write(INERT)
    out = compare([path, "-o", os.path.join(work, "inert.h5"), "--width", "100", "-q"])
    b = bottom_line(out)
    assert out.startswith("Bottom line: 120 days"), out[:200]
    for aspect, at in (("Loyalty", "on day 120"), ("Advocacy", "on day 120"), ("Referrals", "by day 120")):
        assert b[aspect] == f"no difference {at}: none and inert are equal in every replicate", b[aspect]
    assert b["Money"] == ("none earns the most net of program spend: +120,000 EUR over inert by day 120 "
                          "(95% CI +120,000 to +120,000); ahead from the first day"), b["Money"]
    assert b["Payback"] == ("against none (cumulative revenue net of program spend): inert does not pay back "
                            "within 120 days."), b["Payback"]
    with h5py.File(os.path.join(work, "inert.h5"), "r") as f:
        g = f["summary/bottom_line"]
        money = list(g["aspect"].asstr()[...]).index("Money")
        assert list(f["strategies"].asstr()[...])[g["winner"][money]] == "none"
        assert abs(g["difference_mean"][money] - 120000) < 1e-6, g["difference_mean"][money]
        assert g["clear"][money] == 1 and g["ahead_from_start"][money] == 1
        assert np.isnan(f["summary/payback/day"][0])


def ahead_from(diff, day):
    """First day from which diff > 0 to the end (diff: mean over replicates per tick)."""
    bad = np.where(~(diff > 0))[0]
    return None if len(bad) == len(diff) else day[0] if len(bad) == 0 else day[bad[-1] + 1]


def test_flagship(work):
    out_h5 = os.path.join(work, "flag.h5")
    out = compare([os.path.join(SOURCE_DIR, "scenarios", "engagement_vs_ambassadorship.toml"), "-o", out_h5,
                   "--replicates", "4", "--width", "120", "-q", "--set", "organisation.employees=200",
                   "--set", "organisation.units=4", "--set", "customers.customers=4000",
                   "--set", "simulation.warmup_days=120"])
    b = bottom_line(out)
    with h5py.File(out_h5, "r") as f:
        s = list(f["strategies"].asstr()[...])
        day = f["time/day"][...]
        r = {k: f["runs/" + k][...] for k in ("customers/active", "customers/nps", "customers/acquired_referral",
                                             "customers/cumulative_revenue", "programs/cumulative_spend")}
        g = f["summary/bottom_line"]
        stored = {a: i for i, a in enumerate(g["aspect"].asstr()[...])}
        bl = {k: g[k][...] for k in ("winner", "runner_up", "difference_mean", "difference_ci_low",
                                     "difference_ci_high", "ahead_from_day")}
        payback_day = dict(zip(f["summary/payback/strategy"][...], f["summary/payback/day"][...]))
    series = {"Loyalty": r["customers/active"], "Advocacy": r["customers/nps"],
              "Referrals": np.cumsum(r["customers/acquired_referral"], axis=2),
              "Money": r["customers/cumulative_revenue"] - r["programs/cumulative_spend"]}
    with open(out_h5.replace(".h5", ".differences.csv")) as f:
        rows = list(csv.DictReader(f))
    outcome = {"Loyalty": "active_customers", "Advocacy": "nps", "Referrals": "referral_acquisitions",
               "Money": "net_revenue"}
    for aspect, x in series.items():  # x[strategy, replicate, tick]
        end = x[:, :, -1]
        order = np.argsort(-end.mean(axis=1), kind="stable")
        w, ru = order[0], order[1]
        d = end[w] - end[ru]
        half = T975[len(d)] * d.std(ddof=1) / np.sqrt(len(d))
        i = stored[aspect]
        assert (bl["winner"][i], bl["runner_up"][i]) == (w, ru), (aspect, bl["winner"][i], bl["runner_up"][i], w, ru)
        assert np.isclose(bl["difference_mean"][i], d.mean(), rtol=1e-9), (aspect, bl["difference_mean"][i], d.mean())
        assert np.isclose(bl["difference_ci_low"][i], d.mean() - half, rtol=1e-6)
        assert np.isclose(bl["difference_ci_high"][i], d.mean() + half, rtol=1e-6)
        cross = ahead_from((x[w] - x[ru]).mean(axis=0), day)
        assert cross is not None and bl["ahead_from_day"][i] == cross, (aspect, bl["ahead_from_day"][i], cross)
        text = b[aspect]
        assert text.startswith(s[w] + " "), text
        units = "points" if aspect == "Advocacy" else "customers" if aspect != "Money" else "currency units"
        margin = f"{d.mean():+.1f}" if aspect == "Advocacy" else count(d.mean())
        assert f"{margin} {units} over {s[ru]}" in text, (text, margin)
        lo, hi = d.mean() - half, d.mean() + half
        ci = f"{lo:+.1f} to {hi:+.1f}" if aspect == "Advocacy" else f"{count(lo)} to {count(hi)}"
        assert f"(95% CI {ci})" in text, (text, ci)
        assert text.endswith(f"ahead from day {cross:,.0f}"), (text, cross)
        # The differences CSV states the same crossover for that pair, and its sentence says it.
        metric = "horizon" if aspect in ("Loyalty", "Advocacy") else "total"
        row = next(q for q in rows if q["outcome"] == outcome[aspect] and q["metric"] == metric and
                   {q["strategy_a"], q["strategy_b"]} == {s[w], s[ru]})
        assert float(row["crossover_day"]) == cross, (row["crossover_day"], cross)
        assert f"day {cross:,.0f}" in row["verdict"], row["verdict"]
    # Every row of the CSV: a crossover day exactly when the sentence states one, and the same day.
    for q in rows:
        v = q["verdict"]
        if q["crossover_day"]:
            c = float(q["crossover_day"])
            assert f"day {c:,.0f}" in v or v.endswith("from the first day"), (q["crossover_day"], v)
        else:
            assert not re.search(r"overtakes|ahead from|below from|stays below|from the first day", v), v
    # Payback against none, recomputed: first day from which mean net revenue - none's stays >= 0.
    net = series["Money"]
    none = s.index("none")
    words = []
    for k in range(len(s)):
        if k == none:
            continue
        diff = (net[k] - net[none]).mean(axis=0)
        bad = np.where(diff < 0)[0]
        expect = None if len(bad) and bad[-1] == len(diff) - 1 else day[bad[-1] + 1] if len(bad) else day[0]
        got = payback_day[k]
        assert (expect is None and np.isnan(got)) or got == expect, (s[k], got, expect)
        words.append(f"{s[k]} pays back on day {expect:,.0f}" if expect is not None
                     else f"{s[k]} does not pay back within {day[-1]:,.0f} days")
    assert b["Payback"] == "against none (cumulative revenue net of program spend): " + "; ".join(words) + ".", \
        (b["Payback"], words)
    assert any("pays back on day" in w for w in words) and any("does not pay back" in w for w in words), words


def test_widths(work):
    for width in (80, 120):
        out = compare([os.path.join(work, "inert.toml"), "-o", os.path.join(work, f"w{width}.h5"), "--width",
                       str(width), "-q", "--verdicts", "all", "--strategies", "none,inert,ambassadorship_first"])
        long = [line for line in out.split("\n") if len(line) > width]
        assert not long, f"{len(long)} lines wider than {width}: {long[:3]}"
        assert "Bottom line" in out and "active customers" in out and "ambassadorship_first" in out


def main():
    with tempfile.TemporaryDirectory() as work:
        check("a programme that does nothing: the exact known answer", test_inert, work)
        check("flagship, small: winners, CIs, crossovers and payback recomputed from the runs", test_flagship, work)
        check("every line fits 80 and 120 columns", test_widths, work)
    finish()


if __name__ == "__main__":
    main()
