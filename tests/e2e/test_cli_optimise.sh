#!/usr/bin/env bash
# End-to-end tests of `ambassim optimise`: on a company where only the
# mission programme has any effect, the written plan funds only it and the
# out-of-sample check (fresh replicates, small size) says it beats every
# built-in; the files written (scenario with named strategies and `base =`,
# plan, convergence and out-of-sample tables, figures); byte-identical at 1
# and 3 threads; a Pareto run; usage errors; existing outputs refused.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cat >"$work/one.toml" <<TOML
# Only communication of the mission has any effect.
base = "$AMBASSIM_SOURCE_DIR/tests/e2e/fit_company.toml"
[programs]
career_gain_per_year = 0
management_gain_per_year = 0
cohesion_gain_per_year = 0
alignment_gain_per_year = 0
training_gain_per_year = 0
process_gain_per_year = 0
recognition_gain_per_year = 0
mission_gain_per_year = 2.0
[run]
seed = 5
TOML
cd "$work"
mkdir -p plans
opts=(--evaluations 25 --replicates 2 --test-replicates 4)
out=$("$AMBASSIM" optimise one.toml --objective nps "${opts[@]}" -o plans/o.toml --threads 1 2>progress)
check "summary: phases of a quarter" grep -q "^search: 25 evaluations (.* after screening), 4 phases x 8 programs, 2 replicates per evaluation$" <<<"$out"
check "summary: the plan funds only the mission" test "$(grep -c '^  from day .* mission 100%$' <<<"$out")" -eq 4
check "summary: out of sample against every built-in" test "$(grep -c '^    [a-z_]*  *difference .*better$' <<<"$out")" -eq 6
check "summary: the verdict" grep -q "^  optimised beats every built-in strategy on nps with a 95% CI excluding zero$" <<<"$out"
check "progress: the worlds built first" test "$(head -1 progress)" = "optimise: building and warming up 2 worlds (once; every evaluation reuses them)"
check "progress with ETA" grep -q "^optimise: evaluation 1/25, best .*, elapsed .*" progress
check "progress of the out-of-sample check" grep -q "^optimise: out of sample, 7/7 strategies run on 4 fresh replicates, elapsed .*, ETA 0s$" progress
check "four wrote lines" test "$(grep -c '^wrote ' <<<"$out")" -eq 4
check "scenario: base is the original" grep -qx 'base = "../one.toml"' plans/o.toml
check "scenario: a named strategy" grep -qx '\[strategies.optimised\]' plans/o.toml
check "scenario: its label" grep -qx 'label = "Optimised (nps)"' plans/o.toml
check "scenario: four phases" test "$(grep -c '^\[\[strategies.optimised.phases\]\]$' plans/o.toml)" -eq 4
check "scenario: quarters" grep -qx 'start_day = 91.0' plans/o.toml
check "scenario: mission only" test "$(grep -c '^mission = 1.0$' plans/o.toml)" -eq 4
check "scenario: the verdict in the provenance" grep -q "^# optimised: .* out of sample beats every built-in on nps" plans/o.toml
check "plan CSV" test "$(head -1 plans/o.plan.csv)" = "plan,phase,start_day,end_day,program,share,budget"
check "plan CSV rows" test "$(wc -l <plans/o.plan.csv)" -eq 33
check "convergence CSV" test "$(wc -l <plans/o.convergence.csv)" -eq 26
check "out-of-sample CSV: six built-ins" test "$(grep -c '^optimised,' plans/o.out_of_sample.csv)" -eq 6

# `ambassim compare` runs the written scenario unchanged: the built-ins plus
# the plan (named strategy), the plan winning on nps as the search said
out=$("$AMBASSIM" compare plans/o.toml --replicates 3 -o plans/cmp.h5 --threads 2 2>/dev/null)
check "compare: the built-ins and the plan, in columns" \
  grep -qE "^outcome +none +engagement_first +ambassadorship_first +balanced +optimised$" <<<"$out"
check "compare: the plan has the highest NPS" grep -q "^  Advocacy  optimised has the highest NPS" <<<"$out"

# the command line's --set and --seed go into the written scenario (same world in compare)
"$AMBASSIM" optimise one.toml --objective nps --phases 1 --evaluations 3 --replicates 2 --test-replicates 2 \
  --set customers.churn_per_year=0.3 --set simulation.ticks=40 --seed 8 -o plans/s.toml -q >/dev/null
check "overrides written: churn" test "$(sed -n '/^\[customers\]/,/^\[/p' plans/s.toml | grep -c '^churn_per_year = 0.3$')" -eq 1
check "overrides written: ticks" test "$(sed -n '/^\[simulation\]/,/^\[/p' plans/s.toml | grep -c '^ticks = 40$')" -eq 1
check "overrides written: seed" test "$(sed -n '/^\[run\]/,/^\[/p' plans/s.toml | grep -c '^seed = 8$')" -eq 1
check "overrides written: the file loads" "$AMBASSIM" check plans/s.toml

# byte-identical at another thread count
"$AMBASSIM" optimise one.toml --objective nps "${opts[@]}" -o plans/t3.toml --threads 3 -q >/dev/null
for ext in plan.csv convergence.csv out_of_sample.csv; do
  check "1 and 3 threads: identical $ext" cmp -s "plans/o.$ext" "plans/t3.$ext"
done
check "1 and 3 threads: identical scenario" cmp -s plans/o.toml plans/t3.toml

# two objectives: a Pareto front over the budget, and the figures
out=$("$AMBASSIM" optimise one.toml --objective nps --objective -spend --budget 0:3000 --programs families --phases 2 \
      --evaluations 20 --replicates 2 --test-replicates 3 -o plans/p.toml --report rep -q)
check "pareto: several plans" test "$(grep -c '^\[strategies.pareto_[0-9]\]$' plans/p.toml)" -ge 2
check "pareto: family shares" grep -q '^ambassadorship = ' plans/p.toml
check "pareto: a plan at the lowest budget" grep -qx 'budget_per_employee_per_year = 0.0' plans/p.toml
check "pareto: front flagged" grep -q ',1$' plans/p.convergence.csv
for f in allocation convergence outofsample pareto; do check "figure $f" test -s "rep/$f.png"; done

# robust mode from ranges
cat >ranges.toml <<'TOML'
[parameters]
"programs.mission_gain_per_year" = [0.5, 3.0]
TOML
out=$("$AMBASSIM" optimise one.toml --objective nps --uncertain ranges.toml --samples 2 --robust worst --phases 1 \
      --evaluations 10 --replicates 2 --test-replicates 3 -o plans/r.toml 2>/dev/null)
check "robust: said" grep -q "robust: worst case over 2 parameter samples" <<<"$out"
check "robust: provenance" grep -q "robust (worst of 2 samples of ranges.toml)" plans/r.toml

# errors
fails "$AMBASSIM" optimise one.toml -o never.toml
check "no objective: message" test "$err" = "ambassim: error: optimise needs --objective SPEC (see ambassim optimise --help)"
check "no objective: exit 2" test "$code" -eq 2
fails "$AMBASSIM" optimise one.toml --objective loyalty -o never.toml
check "unknown measure" test "$err" = "ambassim: error: --objective: unknown measure \`loyalty\`; choose from retention, nps, referrals, active_customers, revenue, spend, net_revenue"
fails "$AMBASSIM" optimise one.toml --objective nps --programs mission,ads -o never.toml
check "unknown program" grep -q "^ambassim: error: --programs: unknown program \`ads\`" <<<"$err"
fails "$AMBASSIM" optimise one.toml --objective nps --budget 3000:100 -o never.toml
check "bad budget" test "$err" = "ambassim: error: --budget: expected MIN:MAX with 0 <= MIN < MAX, got \`3000:100\`"
fails "$AMBASSIM" optimise one.toml --objective nps --robust worst -o never.toml
check "robust without ranges" test "$err" = "ambassim: error: --samples and --robust need --uncertain FILE (the parameter ranges to sample)"
fails "$AMBASSIM" optimise one.toml --objective nps --uncertain one.toml -o never.toml
check "ranges file without [parameters]" test "$err" = "ambassim: error: one.toml: no [parameters] table of ranges"
fails "$AMBASSIM" optimise one.toml --objective nps --phases 100 -o never.toml
check "phases shorter than a tick" test "$err" = "ambassim: error: --phases: 100 phases are shorter than one tick of the horizon"
check "errors write nothing" test ! -e never.toml
before=$(md5sum plans/o.plan.csv)
fails "$AMBASSIM" optimise one.toml --objective nps -o plans/o.toml
check "existing output: exit 1" test "$code" -eq 1
check "existing output: untouched" test "$(md5sum plans/o.plan.csv)" = "$before"
check "help" grep -q "^Usage: ambassim optimise SCENARIO.toml --objective SPEC" <("$AMBASSIM" optimise --help)
check "no temporary files left" test -z "$(find "$work" -name '*.tmp*')"
finish
