#!/usr/bin/python3
"""A world without programs is stationary (issue #12). Eight simulated years
under `none` for six seeds at the default size (1,000 employees, 10 units,
20,000 customers, the default twenty-year warm-up: two years with the market
rebalanced, eighteen free). Statistic: for each outcome and seed, the change
from year 1 to year 8 of its yearly value (mean of a stock, total of a flow);
over the seeds, the mean change must be (a) not significant (|t| below the
99% two-sided Student t quantile, 4.03 with 5 degrees of freedom) and (b)
within a practical tolerance: active customers and acquisitions 2% and 6% of
their level, NPS 2 points, mean bond and mean engagement 0.01, front-line
attrition 0.04 a year. Before issue #12 active customers fell by 2-18%; with
an eight-year warm-up rebalanced throughout by -140 to -273 (t = -4.5 to
-5.2) and mean bond rose by 0.0014 (t = 4.2); docs/model.md 5, "The free
part of the warm-up"."""
import h5py
import numpy as np

from integrity_lib import ambassim, check, finish, path, scenario, yearly

SEEDS = range(1, 7)
YEARS = 8
T_CRIT = 4.032  # Student t, 0.995 quantile, 5 degrees of freedom
changes = {k: [] for k in ("active customers", "acquisitions", "NPS", "mean bond", "mean engagement",
                           "front-line attrition")}
levels = {k: [] for k in changes}
for seed in SEEDS:
    out = path(f"none{seed}.h5")
    ambassim("run", scenario("none.toml"), "-o", out, "--force", "--seed", str(seed),
             "--set", f"simulation.ticks={365 * YEARS}",
             "--set", "output.unit_series=false", "--set", "output.quantiles=false")
    with h5py.File(out, "r") as f:
        day = f["time/day"][...]
        head = f["employees/headcount"][...]
        eng = (f["employees/mean_engagement"][...] * head).sum(axis=1) / head.sum(axis=1)
        acq = f["customers/acquired_marketing"][...] + f["customers/acquired_referral"][...]
        fl_quits = f["employees/quits"][...][:, 0]
        series = {
            "active customers": yearly(f["customers/active"][...], day),
            "acquisitions": yearly(acq, day, np.sum),
            "NPS": yearly(f["customers/nps"][...], day),
            "mean bond": yearly(f["customers/mean_bond"][...], day),
            "mean engagement": yearly(eng, day),
            "front-line attrition": yearly(fl_quits, day, np.sum) / yearly(head[:, 0], day),
        }
    for k, v in series.items():
        assert len(v) == YEARS, (k, len(v))
        changes[k].append(v[-1] - v[0])
        levels[k].append(v.mean())

tolerance = {"active customers": 0.02, "acquisitions": 0.06}  # relative to the level
absolute = {"NPS": 2.0, "mean bond": 0.01, "mean engagement": 0.01, "front-line attrition": 0.04}
for k, d in changes.items():
    d = np.array(d)
    mean, se = d.mean(), d.std(ddof=1) / np.sqrt(len(d))
    t = mean / se if se > 0 else 0.0
    limit = tolerance[k] * np.mean(levels[k]) if k in tolerance else absolute[k]
    detail = f"year 8 - year 1 = {mean:.4g} (SE {se:.3g}, t {t:.2f}), tolerance {limit:.3g}, level {np.mean(levels[k]):.4g}"
    check(f"{k}: no drift beyond noise", abs(t) < T_CRIT, detail)
    check(f"{k}: drift within tolerance", abs(mean) <= limit, detail)
finish()
