#!/usr/bin/python3
"""The control experiment (issue #12): in scenarios/neutral.toml every link of
the ambassadorship hypothesis is set so neither program family has an
advantage by construction. engagement_first and ambassadorship_first must then
show no clear difference (the 95% interval of the paired difference spans
zero) on NPS and on retention (active customers at the horizon, customers
lost over the run), at one and at three years; and the programs must matter
(each beats `none` clearly), or the control would be empty."""
from integrity_lib import check, compare, finish, paired, scenario

for years in (1, 3):
    ticks = 365 * years
    f = compare(scenario("neutral.toml"), f"neutral{years}.h5", f"simulation.ticks={ticks}", replicates=8)
    for outcome, metric in (("nps", "horizon"), ("active_customers", "horizon"), ("churned", "total")):
        mean, lo, hi = paired(f, outcome, metric, "engagement_first", "ambassadorship_first")
        check(f"{years} year(s): no clear difference on {outcome} ({metric})", lo <= 0 <= hi,
              f"engagement_first - ambassadorship_first = {mean:.4g} [{lo:.4g}, {hi:.4g}]")
    for strategy in ("engagement_first", "ambassadorship_first"):
        mean, lo, hi = paired(f, "nps", "horizon", strategy, "none")
        check(f"{years} year(s): {strategy} lifts NPS clearly above none", lo > 1,
              f"{strategy} - none = {mean:.3g} [{lo:.3g}, {hi:.3g}] points")
finish()
