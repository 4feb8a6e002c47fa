#!/usr/bin/python3
"""Results do not depend on the tick length (issue #12). At 0.5-, 1-, 7- and
14-day ticks: service needs per customer-year are within 1% of the nominal 12
(before issue #12: 11.8 daily, 10.7 weekly, 9.6 fortnightly), and the effect
of a program (balanced - none, paired) on NPS at the horizon and on active
customers at the horizon agrees with the daily tick's within noise: the
difference of two effects is within 3 combined standard errors."""
import h5py
import numpy as np

from integrity_lib import check, compare, finish, scenario

DAYS = 730
effects = {}
for dt in (0.5, 1.0, 7.0, 14.0):
    ticks = int(round(DAYS / dt))
    f = compare(scenario("none.toml"), f"dt{dt}.h5", f"simulation.dt_days={dt}", f"simulation.ticks={ticks}",
                "organisation.employees=400", "organisation.units=8", "customers.customers=8000",
                strategies=["none", "balanced"], replicates=6)
    S = list(f["strategies"].asstr()[...])
    k = S.index("none")
    needs = f["runs/customers/needs"][k].sum(axis=-1)          # [replicate]
    active = f["runs/customers/active"][k].mean(axis=-1)
    per_year = needs / (active * ticks * dt / 365)
    check(f"dt {dt} days: needs per customer-year within 1% of 12", np.all(np.abs(per_year / 12 - 1) < 0.01),
          f"{np.round(per_year, 3).tolist()}")
    for outcome in ("nps", "active_customers"):
        g = f[f"summary/outcomes/{outcome}/horizon"]
        i = S.index("balanced")
        mean, lo, hi = (float(g[x][i, k]) for x in ("difference_mean", "difference_ci_low", "difference_ci_high"))
        effects[(dt, outcome)] = (mean, (hi - lo) / (2 * 2.571))  # t(0.975, 5) half-width -> standard error
for dt in (0.5, 7.0, 14.0):
    for outcome in ("nps", "active_customers"):
        (m, s), (m1, s1) = effects[(dt, outcome)], effects[(1.0, outcome)]
        z = abs(m - m1) / np.hypot(s, s1)
        check(f"dt {dt} days: the program effect on {outcome} agrees with daily ticks", z < 3,
              f"{m:.4g} vs {m1:.4g} daily, z = {z:.2f}")
finish()
