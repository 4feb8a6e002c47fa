#!/usr/bin/env bash
# End-to-end tests of `ambassim calibrate`: the four files written (the
# calibrated scenario with `base =` and provenance, intervals, fit and
# parameter tables), the summary, the fit figures, byte-identical results at
# 1 and 3 threads, existing outputs refused before any work, usage errors,
# and the bad targets corpus (tests/corpus/targets: NAME.toml must give the
# exit code and stderr of NAME.expected).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cat >"$work/company.toml" <<TOML
base = "$AMBASSIM_SOURCE_DIR/tests/e2e/fit_company.toml"
[run]
seed = 3
TOML
cat >"$work/targets.toml" <<'TOML'
[calibration]
replicates = 2
evaluations = 6

[[target]]
measure = "churn"
value = 0.2
sd = 0.02

[[target]]
measure = "front_line_attrition"
value = 0.45
tolerance = 0.08
period = [0, 182]

[parameters]
"customers.churn_per_year" = [0.05, 0.5]
"employees.attrition_front_line_per_year" = [0.1, 1.0]
TOML

cd "$work"
mkdir -p fit
out=$("$AMBASSIM" calibrate company.toml --targets targets.toml -o fit/c.toml --threads 1 2>"$work/progress")
check "summary table" grep -q "^churn  *0-364  *0.2  *0.02 " <<<"$out"
check "summary names the tolerance as sd" grep -q "^front_line_attrition  *0-182  *0.45  *0.04 " <<<"$out"
check "summary lists parameters with intervals" grep -q "^customers.churn_per_year  *[0-9.]*  *\[[0-9.]*, [0-9.]*\]" <<<"$out"
check "four wrote lines" test "$(grep -c '^wrote ' <<<"$out")" -eq 4
check "progress with ETA" grep -q "^calibrate: evaluation 1/11, best chi2 .*, elapsed .*" "$work/progress"
check "calibrated scenario: base is the original, relative to it" grep -qx 'base = "../company.toml"' fit/c.toml
check "calibrated scenario: fitted keys in their sections" grep -q "^churn_per_year = " <(sed -n '/^\[customers\]/,/^\[/p' fit/c.toml)
check "calibrated scenario: provenance" grep -q "^# Calibrated by \`ambassim calibrate\` (ambassim " fit/c.toml
check "calibrated scenario: targets named" grep -q "^# scenario: company.toml, targets: targets.toml, seed 3" fit/c.toml
check "calibrated scenario: intervals in comments" grep -q "^# fit: customers.churn_per_year = .*, 95% interval \[" fit/c.toml
check "intervals file is a [parameters] table" grep -q '^"employees.attrition_front_line_per_year" = \[' fit/c.intervals.toml
check "fit CSV header" test "$(head -1 fit/c.fit.csv)" = "measure,from_day,to_day,observed,sd,simulated,simulated_sd,z,replicates,employees,customers,scale"
check "fit CSV states the evaluations" grep -q ",2,150,2000,1$" fit/c.fit.csv
check "fit CSV rows" test "$(wc -l <fit/c.fit.csv)" -eq 3
check "parameters CSV" test "$(head -1 fit/c.parameters.csv)" = "parameter,value,low,high,min,max,pinned"
check "no temporary files left" test -z "$(find "$work" -name '*.tmp*')"

check "calibrated scenario loads (its base chain)" "$AMBASSIM" check fit/c.toml

# the command line's --set and --seed go into the calibrated scenario, each section once
"$AMBASSIM" calibrate company.toml --targets targets.toml -o fit/s.toml --evaluations 2 --replicates 2 \
  --set customers.advocacy_offset=0.35 --seed 4 --scale 0.5 -q >/dev/null
check "overrides: one [customers] table" test "$(grep -c '^\[customers\]$' fit/s.toml)" -eq 1
check "overrides: the --set value" grep -qx "advocacy_offset = 0.35" fit/s.toml
check "overrides: the seed" test "$(sed -n '/^\[run\]/,/^\[/p' fit/s.toml | grep -c '^seed = 4$')" -eq 1
check "overrides: the file loads" "$AMBASSIM" check fit/s.toml
check "reduced population stated in the fit table" grep -q ",2,75,1000,0.5$" fit/s.fit.csv
check "reduced population stated in the provenance" grep -q "scale 0.5 (75 employees, 1000 customers per run)" fit/s.toml

# byte-identical at another thread count
"$AMBASSIM" calibrate company.toml --targets targets.toml -o fit/t3.toml --threads 3 -q >/dev/null
for ext in intervals.toml fit.csv parameters.csv; do
  check "1 and 3 threads: identical $ext" cmp -s "fit/c.$ext" "fit/t3.$ext"
done
check "1 and 3 threads: identical scenario" cmp -s fit/c.toml fit/t3.toml

# the figures
"$AMBASSIM" calibrate company.toml --targets targets.toml -o fit/c.toml --force -q --report rep >/dev/null
check "fit figure" test -s rep/fit.png
check "parameters figure" test -s rep/parameters.png

# existing outputs refused before any work
before=$(md5sum fit/c.fit.csv)
fails "$AMBASSIM" calibrate company.toml --targets targets.toml -o fit/c.toml
check "existing output: exit 1" test "$code" -eq 1
check "existing output: message" test "$err" = 'ambassim: error: output file `fit/c.toml` already exists; use --force to overwrite it'
check "existing output untouched" test "$(md5sum fit/c.fit.csv)" = "$before"

# usage errors
fails "$AMBASSIM" calibrate company.toml
check "no --targets: exit 2" test "$code" -eq 2
check "no --targets: message" test "$err" = "ambassim: error: calibrate needs --targets TARGETS.toml (see ambassim calibrate --help)"
fails "$AMBASSIM" calibrate company.toml --targets targets.toml --scale 0.001 -o never.toml
check "impossible scale: exit 2" test "$code" -eq 2
check "impossible scale: message" grep -q "^ambassim: error: the scenario does not allow evaluations at scale 0.001 (3 employees, 2 customers): " <<<"$err"
check "impossible scale: nothing written" test ! -e never.toml
fails "$AMBASSIM" calibrate company.toml --targets targets.toml --scale 2
check "bad --scale: message" test "$err" = "ambassim: error: --scale: expected a number in (0, 1], got \`2\`"
check "help" grep -q "^Usage: ambassim calibrate SCENARIO.toml --targets TARGETS.toml" <("$AMBASSIM" calibrate --help)

# the bad targets corpus
corpus="$AMBASSIM_SOURCE_DIR/tests/corpus/targets"
cp company.toml "$work/corpus_company.toml"
cd "$corpus"
for file in *.toml; do
  name=${file%.toml}
  fails "$AMBASSIM" calibrate "$work/corpus_company.toml" --targets "$file" -o "$work/never.toml"
  check "corpus $name: exit code" test "$code" = "$(sed -n 1p "$name.expected")"
  check "corpus $name: message" test "$err" = "$(sed -n 2p "$name.expected")"
done
check "corpus: nothing written" test ! -e "$work/never.toml"
cd "$work"
finish
