#!/usr/bin/env bash
# End-to-end tests of `ambassim analyze` on synthetic sweep files written by
# make_sweep_fixture (tests/analysis/sweep_fixture.hpp), and scenario
# discovery (--discover) on a known box: CSV columns and
# values for each design, figures (PNG + SVG) and index.html, the default
# output folder, refusal to overwrite without --force, deterministic
# resampling, and the exit codes and messages for bad input.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
: "${AMBASSIM_SWEEP_FIXTURE:?path of make_sweep_fixture}"
fixture() { "$AMBASSIM_SWEEP_FIXTURE" "$@"; }
is_png() { test "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a"; }
is_svg() { grep -q "<svg" "$1"; }
# value of column NAME in the CSV rows matching an awk condition on named columns
column() {  # column FILE NAME CONDITION
  awk -F, -v want="$2" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    '"$3"' { print $col[want] }' "$1"
}
near() { awk -v x="$1" -v y="$2" -v tol="$3" 'BEGIN { d = x - y; if (d < 0) d = -d; exit !(d <= tol) }'; }

fixture saltelli "$work/s.h5" 1024
fixture morris "$work/m.h5" 10
fixture grid "$work/g.h5"
fixture lhs "$work/l.h5" 40
fixture compare "$work/c.h5"

# ---- Saltelli: Ishigami indices, figures, index.html ----
out=$("$AMBASSIM" analyze "$work/s.h5" -o "$work/s.out" --bootstrap 200 --seed 3)
s="$work/s.out/sobol.csv"
check "sobol: header" test "$(head -1 "$s")" = \
  "outcome,metric,target,strategy_a,strategy_b,factor,base_samples,variance,S1,S1_ci_low,S1_ci_high,ST,ST_ci_low,ST_ci_high,note,warning"
check "sobol: one row per target and factor" test "$(wc -l <"$s")" -eq 10
diff_row='$col["target"] == "difference" && $col["factor"] == '
check "sobol: S1 of x1 near 0.3139" near "$(column "$s" S1 "$diff_row\"x1\"")" 0.3139 0.05
check "sobol: S1 of x2 near 0.4424" near "$(column "$s" S1 "$diff_row\"x2\"")" 0.4424 0.05
check "sobol: S1 of x3 near 0" near "$(column "$s" S1 "$diff_row\"x3\"")" 0 0.05
check "sobol: ST of x1 near 0.5576" near "$(column "$s" ST "$diff_row\"x1\"")" 0.5576 0.05
check "sobol: ST of x3 near 0.2437" near "$(column "$s" ST "$diff_row\"x3\"")" 0.2437 0.05
check "sobol: constant target is nan with a note" test \
  "$(column "$s" note '$col["strategy_a"] == "B"' | sort -u)" = "constant over the design"
check "sobol: nan written as nan" test "$(column "$s" S1 '$col["strategy_a"] == "B"' | sort -u)" = "nan"
check "table names the top factor" grep -q "^  y/value A - B  x1 0\.5[0-9] \[0\.[0-9][0-9], 0\.[0-9][0-9]\]; x2 0\.4" <<<"$out"
check "table says N and resamples" grep -q "^Sobol indices (N = 1024, 200 bootstrap resamples): top factors by total index S_T \[95% CI\]$" <<<"$out"
check "wrote lines" test "$(grep -c '^wrote ' <<<"$out")" -eq 2
check "sobol.png is a PNG" is_png "$work/s.out/sobol.png"
check "sobol.svg is an SVG" is_svg "$work/s.out/sobol.svg"
check "index.html shows the figure" grep -q 'src="sobol.png"' "$work/s.out/index.html"
check "index.html has the table" grep -q "<th>ST_ci_high</th>" "$work/s.out/index.html"
check "no temporary files left" test -z "$(find "$work" -name '*.tmp*')"

# ---- refusal without --force, --force, determinism ----
before=$(md5sum "$s")
fails "$AMBASSIM" analyze "$work/s.h5" -o "$work/s.out"
check "existing CSV refused with exit 1" test "$code" -eq 1
check "existing CSV message" test "$err" = \
  "ambassim: error: output file \`$work/s.out/sobol.csv\` already exists; use --force to overwrite it"
check "existing CSV untouched" test "$before" = "$(md5sum "$s")"
mkdir -p "$work/fig" && touch "$work/fig/sobol.svg"
fails "$AMBASSIM" analyze "$work/s.h5" -o "$work/fig"
check "existing figure refused before any work" test "$code" -eq 1 -a ! -e "$work/fig/sobol.csv"
"$AMBASSIM" analyze "$work/s.h5" -o "$work/s.out" --bootstrap 200 --seed 3 --force -q >/dev/null
check "--force: same seed, same CSV" test "$before" = "$(md5sum "$s")"
cp "$s" "$work/seed3.csv"
"$AMBASSIM" analyze "$work/s.h5" -o "$work/s.out" --bootstrap 200 --seed 4 --force --no-figures -q >/dev/null
check "another seed: same estimates" test "$(cut -d, -f1-9,12 "$s" | md5sum)" = "$(cut -d, -f1-9,12 "$work/seed3.csv" | md5sum)"
check "another seed: other intervals" test "$before" != "$(md5sum "$s")"

# ---- Morris: mu* = |c| x range ----
"$AMBASSIM" analyze "$work/m.h5" -o "$work/m.out" -q >/dev/null
m="$work/m.out/morris.csv"
check "morris: header" test "$(head -1 "$m")" = \
  "outcome,metric,target,strategy_a,strategy_b,factor,lower,upper,scale,effects,mu,mu_star,sigma,skipped_steps,note"
mrow='$col["target"] == "difference" && $col["factor"] == '
check "morris: mu* of x1 = 3 x 2" near "$(column "$m" mu_star "$mrow\"x1\"")" 6 1e-9
check "morris: mu* of log x2 = 2 ln 100" near "$(column "$m" mu_star "$mrow\"x2\"")" 9.210340372 1e-8
check "morris: mu of x3 = -0.5 x 10" near "$(column "$m" mu "$mrow\"x3\"")" -5 1e-9
check "morris: log scale recorded" test "$(column "$m" scale "$mrow\"x2\"")" = "log"
check "morris figures" is_png "$work/m.out/morris.png"
check "morris svg" is_svg "$work/m.out/morris.svg"

# ---- grid: default folder beside the file, winners per point ----
(cd "$work" && "$AMBASSIM" analyze g.h5 -q >/dev/null)
w="$work/g.analysis/winners.csv"
check "grid: default folder <stem>.analysis" test -s "$w"
check "grid: winners header" test "$(head -1 "$w")" = \
  "point,outcome,metric,higher_is_better,winner,best,runner_up,margin,ci_low,ci_high,decisive,a,b"
check "grid: A wins exactly where a >= 2 and b <= 20" test \
  "$(column "$w" point '$col["winner"] == "A" && $col["outcome"] == "score"' | tr '\n' ' ')" = "6 7 9 10 "
check "grid: B wins exactly where a = 0" test \
  "$(column "$w" point '$col["winner"] == "B" && $col["outcome"] == "score"' | tr '\n' ' ')" = "0 1 2 "
check "grid: lower-is-better metric gives the same winners" test \
  "$(column "$w" winner '$col["outcome"] == "loss"' | md5sum)" = "$(column "$w" winner '$col["outcome"] == "score"' | md5sum)"
check "grid: A ahead but not decisive at a = 1, b = 30 is a tie" test \
  "$(column "$w" winner '$col["point"] == 5 && $col["outcome"] == "score"')" = "tie"
check "grid: shares" test "$(column "$work/g.analysis/winner_shares.csv" share \
  '$col["outcome"] == "score" && $col["factor"] == "a" && $col["level_low"] == 3' | tr '\n' ' ')" = "0.6666666667 0 0.3333333333 "
check "grid: heatmap PNG" is_png "$work/g.analysis/winners.png"
check "grid: heatmap SVG" is_svg "$work/g.analysis/winners.svg"

# ---- other grid shapes: one factor (lines), three factors (averaged heatmap), one strategy ----
for kind in grid1 grid3; do
  fixture "$kind" "$work/$kind.h5"
  out=$("$AMBASSIM" analyze "$work/$kind.h5" -o "$work/$kind.out")
  check "$kind: winners figure" is_png "$work/$kind.out/winners.png"
  check "$kind: engagement_first wins at low churn" test \
    "$(column "$work/$kind.out/winners.csv" winner '$col["outcome"] == "nps" && $col["customers.churn_per_year"] == 0.1' | sort -u)" = "engagement_first"
  check "$kind: ambassadorship_first wins at high churn" test \
    "$(column "$work/$kind.out/winners.csv" winner '$col["outcome"] == "nps" && $col["customers.churn_per_year"] == 0.5' | sort -u)" = "ambassadorship_first"
  check "$kind: index.html lists the key difference" grep -q "engagement_first − ambassadorship_first" "$work/$kind.out/index.html"
done
fixture single "$work/one.h5"
out=$("$AMBASSIM" analyze "$work/one.h5" -o "$work/one.out")
check "one strategy: no winners, still an index.html" test ! -e "$work/one.out/winners.csv" -a -s "$work/one.out/index.html"

# ---- Latin hypercube: Spearman ----
"$AMBASSIM" analyze "$work/l.h5" -o "$work/l.out" --no-figures -q >/dev/null
check "lhs: rho of u is 1" test "$(column "$work/l.out/spearman.csv" rho '$col["factor"] == "u"')" = "1"
check "--no-figures: no figures, no index.html" test ! -e "$work/l.out/winners.png" -a ! -e "$work/l.out/index.html"

# ---- a real sweep (ambassim sweep + merge) reads as the contract says ----
cat >"$work/base.toml" <<'TOML'
[simulation]
ticks = 20
warmup_days = 10
[organisation]
employees = 40
units = 4
[customers]
customers = 400
TOML
for design in saltelli grid; do
  cat >"$work/$design.toml" <<TOML
[sweep]
base = "base.toml"
design = "$design"
$(test "$design" = saltelli && echo "samples = 4" || echo "levels = 2")
strategies = ["engagement_first", "ambassadorship_first"]
replicates = 2
[[sweep.parameters]]
key = "customers.churn_per_year"
min = 0.1
max = 0.4
[[sweep.parameters]]
key = "organisation.units"
min = 2
max = 4
TOML
  "$AMBASSIM" sweep "$work/$design.toml" -o "$work/$design.sweep" -q >/dev/null
  out=$("$AMBASSIM" analyze "$work/$design.sweep/sweep.h5" -q)
  check "real $design sweep: analysed" test -s "$work/$design.sweep/sweep.analysis/index.html"
done
metrics=$(h5ls -r "$work/saltelli.sweep/sweep.h5" | grep -c "^/outcomes/[^/]*/[^/ ]* *Dataset {[0-9]*, [0-9]*, [0-9]*}")  # not the 1-d coordinates
check "real saltelli sweep: a row per metric, target (2 strategies + 1 pair) and factor" \
  test "$(($(wc -l <"$work/saltelli.sweep/sweep.analysis/sobol.csv") - 1))" -eq $((metrics * 3 * 2))
check "real grid sweep: a row per point (4) and metric" \
  test "$(($(wc -l <"$work/grid.sweep/sweep.analysis/winners.csv") - 1))" -eq $((metrics * 4))
check "real grid sweep: factor columns named by key" \
  grep -q ",decisive,customers.churn_per_year,organisation.units$" <(head -1 "$work/grid.sweep/sweep.analysis/winners.csv")

# ---- bad input: exit 2 and exact messages ----
fails "$AMBASSIM" analyze "$work/c.h5" -o "$work/c.out"
check "not a sweep file exits 2" test "$code" -eq 2
check "not a sweep file message" test "$err" = \
  "ambassim: error: \`$work/c.h5\` is not a sweep file (format attribute is \`ambassim-compare\`)"
check "nothing written for a bad input" test ! -e "$work/c.out"
fails "$AMBASSIM" analyze "$work/missing.h5"
check "missing file exits 2" test "$code" -eq 2
check "missing file message" test "$err" = "ambassim: error: cannot open \`$work/missing.h5\`: not found"
fails "$AMBASSIM" analyze "$work/s.h5" --level 1.5
check "bad --level exits 2" test "$code" -eq 2
fails "$AMBASSIM" analyze
check "no file exits 2" test "$code" -eq 2 -a "$err" = \
  "ambassim: error: analyze needs a sweep file (sweep.h5) (see \`ambassim analyze --help\`)"
check "help" grep -q "^Usage: ambassim analyze SWEEP.h5" <("$AMBASSIM" analyze --help)

# A Saltelli design too small for its indices: a warning in the table, the
# CSV and on the page.
"$AMBASSIM_SWEEP_FIXTURE" saltelli "$work/small.h5" 8
out=$("$AMBASSIM" analyze "$work/small.h5" -o "$work/small.out")
check "small Sobol design: warned in the table" \
  grep -q "^warning: y/value A - B: N = 8 base samples are too few: .*; increase sweep.samples (x4 halves the intervals)$" <<<"$out"
check "small Sobol design: warned in sobol.csv" grep -q ',"N = 8 base samples are too few: ' "$work/small.out/sobol.csv"
check "small Sobol design: warned on the page" grep -q '<p class="warning">Warning: N = 8 base samples are too few' "$work/small.out/index.html"
check "a large Sobol design is not warned" test -z "$(grep -l "too few" "$work/s.out/sobol.csv" || true)"

# Scenario discovery on the Latin hypercube fixture: y of A is exp(3u) + v,
# so "A > 8" holds where u > ln(8 - v) / 3, i.e. above u = 0.65 .. 0.69.
"$AMBASSIM_SWEEP_FIXTURE" lhs "$work/d.h5" 200
out=$("$AMBASSIM" analyze "$work/d.h5" --discover "y/value: A > 8" -o "$work/d.out")
check "discover: the box in words" grep -Eq '^PRIM box 1: "y/value: A > 8" when u >= 0\.6[5-9][0-9]*: [0-9]+% of such points are inside, [0-9]+% of the points inside are such points \([0-9]+ points\)\.$' <<<"$out"
check "discover: the tree for comparison" grep -Eq "^Classification tree \(depth [1-3]\) for comparison" "$work/d.out/discovery.txt"
check "discover: the zoom block narrows u only" test "$(grep -c '# narrowed to the box' "$work/d.out/discovery_zoom.toml")" -eq 1
check "discover: the zoom block is a valid [[sweep.parameters]] list" \
  grep -Pzq '\[\[sweep.parameters\]\]\nkey = "u"  # narrowed to the box\nmin = 0\.6[5-9][0-9]*\nmax = 1\n' "$work/d.out/discovery_zoom.toml"
check "discover: trajectory starts with every point" grep -q "^1,0,200," "$work/d.out/prim_trajectory.csv"
for f in prim_tradeoff.png prim_tradeoff.svg prim_box.png prim_box.svg prim_boxes.csv tree.csv; do
  check "discover: wrote $f" test -s "$work/d.out/$f"
done
check "discover: the page opens with the conditions" grep -q "<h2>Under which conditions: scenario discovery</h2>" "$work/d.out/index.html"
"$AMBASSIM" analyze "$work/d.h5" -o "$work/d.plain" -q >/dev/null
check "no discovery on a page without --discover" test -z "$(grep -l "scenario discovery" "$work/d.plain/index.html")"
fails "$AMBASSIM" analyze "$work/d.h5" --discover "y/value: A > 8" -o "$work/d.out"
check "discover: existing outputs refused" grep -q "already exists; use --force" <<<"$err"
fails "$AMBASSIM" analyze "$work/d.h5" --discover "z: A > 8" -o "$work/d.bad"
check "discover: unknown outcome exits 2" test "$code" -eq 2
check "discover: unknown outcome message" test "$err" = \
  "ambassim: error: --discover \"z: A > 8\": unknown outcome \`z\`; did you mean \`y\`? (syntax: \"OUTCOME[/METRIC]: STRATEGY OP STRATEGY|NUMBER\", OP one of > >= < <=)"
check "discover: nothing written for a bad condition" test ! -e "$work/d.bad"
# The condition's names and numbers are lexed: wrong letter case gets a
# suggestion, an out-of-range number is a number (not a strategy name), and
# counts of one are singular.
syntax='(syntax: "OUTCOME[/METRIC]: STRATEGY OP STRATEGY|NUMBER", OP one of > >= < <=)'
# refused WHAT CONDITION PROBLEM: exit 2 and exactly the one line naming PROBLEM
refused() {
  fails "$AMBASSIM" analyze "$work/d.h5" --discover "$2" -o "$work/d.bad"
  check "discover: $1" test "$code" -eq 2 -a "$err" = "ambassim: error: --discover \"$2\": $3 $syntax"
}
refused "outcome in the wrong case: a suggestion" "Y: A > 8" "unknown outcome \`Y\`; did you mean \`y\`?"
refused "strategy in the wrong case: a suggestion" "y: a > 8" "strategy \`a\` was not swept; did you mean \`A\`?"
refused "an out-of-range threshold is a number out of range" "y: A > 1e999" \
  "the threshold \`1e999\` is out of range (a finite number between about 5e-324 and 1.8e308 in size, or 0)"
refused "a malformed number is not a strategy" "y: A > 0x10" "\`0x10\` is not a number"
refused "a token after the comparison is named" "y: A > 8 > 9" "unexpected \`>\` at column 10 after the comparison"
check "discover: nothing written for these conditions" test ! -e "$work/d.bad"
out=$("$AMBASSIM" analyze "$work/d.h5" --discover "y/value: A > -1e300" -o "$work/d.all" --no-figures -q)
check "discover: a trajectory of one box is singular" \
  grep -q "^    (peeling trajectory of 1 box; box 0 chosen" "$work/d.all/discovery.txt"
check "discover: a box without restrictions reads 'everywhere in the sweep'" grep -q \
  '^PRIM box 1: "y/value: A > -1e+300" everywhere in the sweep (no restriction separates it): 100% of such points' "$work/d.all/discovery.txt"
fails "$AMBASSIM" analyze "$work/d.h5" --discover "y/value: A > -1e300" --box 1 -o "$work/d.bad"
check "--box past a one-box trajectory: singular" test "$code" -eq 2 -a "$err" = \
  "ambassim: error: --box 1: the peeling trajectory has 1 box (0 .. 0)"
fails "$AMBASSIM" analyze "$work/d.h5" --box 3
check "--box without --discover: exit 2" test "$code" -eq 2 -a "$err" = \
  "ambassim: error: --box applies only with --discover"

finish
