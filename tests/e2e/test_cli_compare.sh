#!/usr/bin/env bash
# End-to-end tests of `ambassim compare`: files written (HDF5 with stacked
# runs and summary, two CSV files), the table and verdicts printed, a
# strategy listed twice refused, [compare] settings used, and existing
# results refused before any work.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
small=(--set organisation.employees=150 --set organisation.units=3 --set customers.customers=2000
       --set simulation.ticks=40 --set simulation.warmup_days=20)
scenario="$AMBASSIM_SOURCE_DIR/scenarios/none.toml"

out=$("$AMBASSIM" compare "$scenario" --strategies none,balanced,engagement_only --replicates 3 -o "$work/c.h5" "${small[@]}")
check "table header lists the strategies" grep -q "^outcome  *none  *balanced  *engagement_only *$" <<<"$out"
check "table says replicates and CRN" grep -q "^Mean \[95% CI\] over 3 replicates per strategy (common random numbers)$" <<<"$out"
check "table has the horizon row" grep -q "^active customers, day 40 (customers)" <<<"$out"
check "verdicts are printed" grep -q "^  - " <<<"$out"
check "wrote lines" test "$(grep -c '^wrote ' <<<"$out")" -eq 3
check "HDF5 written" test -s "$work/c.h5"
check "strategies CSV written" test -s "$work/c.strategies.csv"
check "differences CSV written" test -s "$work/c.differences.csv"
check "no temporary files left" test -z "$(find "$work" -name '*.tmp-*')"
check "CSV header" test "$(head -1 "$work/c.strategies.csv")" = "outcome,metric,units,strategy,n,mean,sd,ci_low,ci_high"
check "stacked runs have shape strategy x replicate x tick" \
  grep -q "DATASPACE  SIMPLE { ( 3, 3, 40 ) / ( 3, 3, 40 ) }" <(h5dump -H -d /runs/customers/active "$work/c.h5")
check "summary datasets present" h5dump -H -d /summary/outcomes/nps/horizon/difference_mean "$work/c.h5" >/dev/null
check "compare file format attribute" grep -q '"ambassim-compare"' <(h5dump -a /format "$work/c.h5")

# a strategy listed twice is refused, as in a file's [compare] strategies
fails "$AMBASSIM" compare "$scenario" --strategies none,balanced,none -o "$work/twice.h5" "${small[@]}"
check "a strategy twice exits 2" test "$code" -eq 2
check "a strategy twice message" test "$err" = 'ambassim: error: --strategies: key `compare.strategies` lists "none" twice'
check "a strategy twice writes nothing" test ! -e "$work/twice.h5"

# the thread count changes no byte of the results
"$AMBASSIM" compare "$scenario" --strategies none,balanced,engagement_only --replicates 3 --threads 1 -o "$work/t1.h5" -q "${small[@]}" >/dev/null
"$AMBASSIM" compare "$scenario" --strategies none,balanced,engagement_only --replicates 3 --threads 5 -o "$work/t5.h5" -q "${small[@]}" >/dev/null
check "1 and 5 threads: byte-identical HDF5" cmp -s "$work/t1.h5" "$work/t5.h5"
check "1 and 5 threads: byte-identical CSV" cmp -s "$work/t1.differences.csv" "$work/t5.differences.csv"

# the scenario's [compare] section is used when the command line does not say
cat >"$work/s.toml" <<'TOML'
[organisation]
employees = 150
units = 3
[customers]
customers = 2000
[simulation]
ticks = 20
warmup_days = 0
[compare]
strategies = ["engagement_only", "none"]
replicates = 2
TOML
out=$("$AMBASSIM" compare "$work/s.toml" -o "$work/s.h5" -q)
check "[compare] strategies used" grep -q '(0): "engagement_only", "none"$' <(h5dump -d /strategies "$work/s.h5")
check "[compare] replicates used" grep -q "(0): 2" <(h5dump -a /replicates "$work/s.h5")

# existing results are refused at once, and untouched
before=$(md5sum "$work/c.strategies.csv")
rm "$work/c.h5"
fails "$AMBASSIM" compare "$scenario" -o "$work/c.h5" "${small[@]}"
check "existing CSV refused with exit 1" test "$code" -eq 1
check "existing CSV message" test "$err" = "ambassim: error: output file \`$work/c.strategies.csv\` already exists; use --force to overwrite it"
check "existing CSV untouched" test "$before" = "$(md5sum "$work/c.strategies.csv")"
check "no HDF5 written when refused" test ! -e "$work/c.h5"

fails "$AMBASSIM" compare "$scenario" --strategies none,bogus -o "$work/d.h5"
check "unknown strategy exits 2" test "$code" -eq 2
check "unknown strategy message" grep -q '^ambassim: error: --strategies: unknown strategy "bogus" (the scenario has none, engagement_only, .*custom; add \[strategies.NAME\] tables for your own)$' <<<"$err"

finish
