#!/usr/bin/env bash
# End-to-end tests of `ambassim run` and `ambassim summary`: a run writes a
# complete file and no temporary; the same run is byte-identical with 1 and
# 4 threads; an unwritable output fails before any work; SIGINT stops the run
# cleanly with a file marked incomplete and exit code 130.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
small=(--set organisation.employees=120 --set organisation.units=2 --set customers.customers=1500
       --set simulation.ticks=30 --set simulation.warmup_days=10 -q)
scenario="$AMBASSIM_SOURCE_DIR/scenarios/balanced.toml"

# 1. a normal run
out=$("$AMBASSIM" run "$scenario" -o "$work/a.h5" --threads 1 "${small[@]}")
check "run prints the output path last" test "$(tail -n1 <<<"$out")" = "wrote $work/a.h5"
check "-q silences only the progress: the summary is printed" grep -q "^strategy  *balanced$" <<<"$out"
check "run writes the file" test -s "$work/a.h5"
check "no temporary file is left" test -z "$(find "$work" -name '*.tmp-*')"
check "file is marked complete" grep -q "(0): 1" <(h5dump -a /complete "$work/a.h5")
check "ticks_run attribute" grep -q "(0): 30" <(h5dump -a /ticks_run "$work/a.h5")

# 2. thread count does not change a single byte
"$AMBASSIM" run "$scenario" -o "$work/b.h5" --threads 4 "${small[@]}" >/dev/null
check "1 and 4 threads give byte-identical files" cmp -s "$work/a.h5" "$work/b.h5"
check "h5diff finds no difference" h5diff -q "$work/a.h5" "$work/b.h5"

# 3. another seed differs
"$AMBASSIM" run "$scenario" -o "$work/c.h5" --seed 2 "${small[@]}" >/dev/null
check "another seed gives other trajectories" bash -c "! h5diff -q '$work/a.h5' '$work/c.h5' /customers/active /customers/active"

# 4. summary reads the file alone
summary=$("$AMBASSIM" summary "$work/a.h5")
check "summary names the strategy" grep -q "^strategy  *balanced$" <<<"$summary"
check "summary gives the horizon" grep -q "^horizon  *30 ticks (30 days)$" <<<"$summary"

# 5. an unwritable output fails at once with exit code 1 and a clear message
fails "$AMBASSIM" run "$scenario" -o "$work/missing/dir/x.h5" "${small[@]}"
check "missing output folder exits 1" test "$code" -eq 1
check "missing output folder message" test "$err" = "ambassim: error: cannot write output \`$work/missing/dir/x.h5\`: folder \`$work/missing/dir\` does not exist"

# 6. SIGINT stops at the next tick, keeps what was computed, marks it incomplete
"$AMBASSIM" run "$scenario" -o "$work/int.h5" --set simulation.ticks=100000 --set simulation.warmup_days=0 \
  --set organisation.employees=120 --set organisation.units=2 --set customers.customers=1500 -q \
  >"$work/int.out" 2>"$work/int.err" &
pid=$!
sleep 1.5
kill -INT "$pid"
set +e
wait "$pid"
code=$?
set -e
check "SIGINT exits 130" test "$code" -eq 130
check "SIGINT says what it kept" grep -q "^interrupted: stopped after tick [0-9]*; wrote incomplete results to $work/int.h5$" "$work/int.err"
check "interrupted file exists" test -s "$work/int.h5"
check "interrupted file is marked incomplete" grep -q "(0): 0" <(h5dump -a /complete "$work/int.h5")
ticks=$(h5dump -a /ticks_run "$work/int.h5" | sed -n 's/.*(0): //p')
check "interrupted file holds the ticks it ran" test "$ticks" -gt 0 -a "$ticks" -lt 100000
# (the first DATASPACE is the dataset's; its dimension-scale attributes have their own)
rows=$(h5dump -H -d /customers/active "$work/int.h5" | sed -n 's/.*DATASPACE  SIMPLE { ( \([0-9]*\) ).*/\1/p' | head -1)
check "trajectories have one row per completed tick" test "$rows" = "$ticks"

# 7. SIGKILL: no file at the final path, only a temporary that is not marked complete
"$AMBASSIM" run "$scenario" -o "$work/kill.h5" --set simulation.ticks=100000 --set simulation.warmup_days=0 \
  --set organisation.employees=120 --set organisation.units=2 --set customers.customers=1500 -q >/dev/null 2>&1 &
pid=$!
sleep 1.5
kill -KILL "$pid"
wait "$pid" 2>/dev/null || true
check "SIGKILL leaves no final file" test ! -e "$work/kill.h5"
tmp=$(find "$work" -name 'kill.h5.tmp-*' | head -1)
check "SIGKILL leaves the temporary name" test -n "$tmp"
check "the temporary is not marked complete" bash -c "! h5dump -a /complete '$tmp' 2>/dev/null | grep -q '(0): 1'"

# 8. rerun reproduces a run from its file, bit for bit
"$AMBASSIM" run "$scenario" -o "$work/r.h5" --seed 7 --replicate 2 --set output.snapshot_every=10 "${small[@]}" >/dev/null
out=$("$AMBASSIM" rerun "$work/r.h5" --check --threads 3)
check "rerun --check reports identical" grep -q "^identical: [0-9]* datasets compared$" <<<"$out"
check "rerun writes <stem>.rerun.h5" test -s "$work/r.rerun.h5"
check "rerun file is byte-identical" cmp -s "$work/r.h5" "$work/r.rerun.h5"
fails "$AMBASSIM" rerun "$work/r.h5"
check "rerun refuses to overwrite" test "$code" -eq 1
check "rerun overwrite message" grep -q "already exists; use --force to overwrite it" <<<"$err"

# A market that cannot be balanced says so (issue #12): after a one-year
# warm-up the contact centre's service still drives customers away faster
# than its reserve of people can replace them (at the default warm-up it
# balances); the default world balances.
"$AMBASSIM" run "$AMBASSIM_SOURCE_DIR/scenarios/contact_centre.toml" -o "$work/cc.h5" --set simulation.ticks=5 \
  --set simulation.warmup_days=365 --set strategy.name=none -q 2>"$work/cc.err" >/dev/null
check "unbalanced market: one warning line" test "$(grep -c '^ambassim: warning: the market could not be balanced' "$work/cc.err")" -eq 1
check "unbalanced market: flagged in the file" test "$(h5dump -a /parameters/customers.market_short "$work/cc.h5" | grep -c '(0): 1')" -eq 1
"$AMBASSIM" run "$AMBASSIM_SOURCE_DIR/scenarios/none.toml" -o "$work/nn.h5" --set simulation.ticks=5 -q 2>"$work/nn.err" >/dev/null
check "balanced market: no warning" test ! -s "$work/nn.err"
check "balanced market: flag 0 in the file" test "$(h5dump -a /parameters/customers.market_short "$work/nn.h5" | grep -c '(0): 0')" -eq 1

finish
