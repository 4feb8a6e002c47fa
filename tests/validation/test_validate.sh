#!/usr/bin/env bash
# The validation suite end to end: `ambassim validate --seeds 3` must pass
# every check (exit 0; 7 figures x 3 seeds judged per seed, 9 figures of the
# world judged on their mean over the seeds), print one line per figure and
# seed (SEED for a world figure's seed, shown but not judged) and one per
# world figure's mean, and write the table, the report and one figure per check; a world pushed outside the
# published ranges must fail (exit 1); bad options are usage errors.
set -euo pipefail
source "$AMBASSIM_SOURCE_DIR/tests/e2e/lib.sh"

out="$work/v"
set +e
"$AMBASSIM" validate --out "$out" --seeds 3 > "$work/stdout" 2> "$work/stderr"
code=$?
set -e
cat "$work/stdout"
check "suite exits 0" test "$code" -eq 0
check "30 judged measurements, all PASS" test "$(grep -c ' PASS' "$work/stdout")" -eq 30
check "27 per-seed world rows shown" test "$(grep -c ' SEED' "$work/stdout")" -eq 27
check "no FAIL line" bash -c "! grep -q ' FAIL' '$work/stdout'"
check "summary line" grep -q '^30 of 30 checks passed (3 seeds, ' "$work/stdout"
check "table has a header and 57 rows" test "$(wc -l < "$out/validation.tsv")" -eq 58
world="world.front_line_attrition world.customer_churn world.nps world.front_line_attrition_years_2_3
       world.customer_churn_years_2_3 world.nps_years_2_3 world.nps_lift_3y world.bank_churn world.bank_nps"
for seed in 1 2 3; do
  for fig in bass.max_deviation bass.peak_time bass.network_delay link.r link.mediated behaviour.default_gap behaviour.reversed_gap; do
    check "$fig seed $seed printed" grep -q "^$fig (seed $seed): measured .* vs reference .* PASS" "$work/stdout"
  done
  for fig in $world; do
    check "$fig seed $seed shown" grep -q "^$fig (seed $seed): measured .* vs reference .* SEED" "$work/stdout"
  done
done
for fig in $world; do
  check "$fig judged on the mean" grep -q "^$fig (mean of seeds): measured .* vs reference .* PASS (seeds: .*, .*, .*)" \
    "$work/stdout"
done
# The mean is the mean of the seeds' values (front-line attrition, from the table).
check "the mean row is the seeds' mean" /usr/bin/python3 - "$out/validation.tsv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t") if r["figure"] == "world.front_line_attrition"]
seeds = [float(r["measured"]) for r in rows if r["seed"] != "0"]
mean = [float(r["measured"]) for r in rows if r["seed"] == "0"]
assert len(seeds) == 3 and len(mean) == 1 and abs(mean[0] - sum(seeds) / 3) < 1e-5, (seeds, mean)
assert all(r["pass"] == "SEED" for r in rows if r["seed"] != "0")
PY
check "report written" test -s "$out/validation.md" -a -s "$out/index.html"
for png in bass world link behaviour; do
  check "figure $png" test -s "$out/figures/$png.png"
  check "figure $png in the report" grep -q "figures/$png.png" "$out/validation.md"
done

# A world outside the published ranges fails: churn of 90% a year.
mkdir "$work/bad"
cp "$AMBASSIM_SOURCE_DIR"/scenarios/validation/*.toml "$work/bad/"
sed -i 's/^customers = 20000$/customers = 20000\nchurn_per_year = 0.9/' "$work/bad/plausible_default.toml"
# The other long scenarios shortened to keep the test fast (their checks may fail too).
for f in plausible_bank programs_three_years unit_link satisfaction_behaviour satisfaction_behaviour_reversed; do
  sed -i 's/^ticks = .*/ticks = 20/; s/^warmup_days = .*/warmup_days = 0/; s/^snapshot_every = .*/snapshot_every = 10/' \
    "$work/bad/$f.toml"
done
set +e
AMBASSIM_VALIDATION_DIR="$work/bad" "$AMBASSIM" validate --out "$work/vbad" --seeds 1 --no-report > "$work/bad.out" 2>&1
code=$?
set -e
check "failing check exits 1" test "$code" -eq 1
check "churn check FAILs" grep -q '^world.customer_churn (mean of seeds): measured .* FAIL' "$work/bad.out"
check "others still PASS" grep -q '^bass.max_deviation (seed 1): .* PASS' "$work/bad.out"
check "no report without Python" test ! -e "$work/vbad/validation.md"

# An earlier validation is replaced only with --force.
fails "$AMBASSIM" validate --out "$out" --seeds 1 --no-report
check "an earlier validation is refused: exit 1" test "$code" -eq 1
check "an earlier validation is refused: message" test "$err" = \
  "ambassim: error: \`$out\` holds an earlier validation (validation.tsv); use --force to replace it"
check "the refused run left the table alone" test "$(wc -l < "$out/validation.tsv")" -eq 58
"$AMBASSIM" validate --out "$out" --seeds 1 --no-report --force > /dev/null
check "--force replaces it" test "$(wc -l < "$out/validation.tsv")" -eq 26

fails "$AMBASSIM" validate --seeds 0
check "--seeds 0 is a usage error" test "$code" -eq 2
check "--seeds message" test "$err" = "ambassim: error: --seeds expects an integer in [1, 100], got \`0\`"
fails env AMBASSIM_VALIDATION_DIR="$work/none" "$AMBASSIM" validate --out "$work/v2"
check "missing scenario folder exits 2" test "$code" -eq 2
finish
