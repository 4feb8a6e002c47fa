#!/usr/bin/env bash
# End-to-end tests of `ambassim sweep` and `ambassim merge` (issue #4): a
# 200-run grid sweep gives a byte-identical sweep.h5 locally at 1, 2 and 8
# threads, under `mpirun -np 2`, split into 3 shards and merged, and killed
# with SIGKILL then resumed; --plan counts; point files are comparison files;
# a directory of another sweep, a missing point and an existing sweep.h5 are
# refused with exact messages. Categorical factors (an enum key, a list of
# base scenarios) in grid and Latin hypercube sweeps: the same bytes at any
# thread, rank and shard count.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$work"
cat > base.toml <<'EOF'
[simulation]
ticks = 40
warmup_days = 20
[organisation]
employees = 40
units = 4
[customers]
customers = 600
EOF
cat > grid.toml <<'EOF'
[sweep]
base = "base.toml"
design = "grid"
levels = 5
strategies = ["engagement_first", "ambassadorship_first"]
replicates = 4
[[sweep.parameters]]
key = "customers.churn_per_year"
min = 0.1
max = 0.4
[[sweep.parameters]]
key = "encounters.capacity_engagement_sensitivity"
min = 0.0
max = 1.0
EOF

mkdir plan-tmp
plan=$(TMPDIR=$work/plan-tmp "$AMBASSIM" sweep grid.toml --plan)
check "plan counts 25 points" grep -q "^points:     25$" <<<"$plan"
check "plan counts 200 runs" grep -q "^runs:       200 (40 ticks each" <<<"$plan"
check "plan runs nothing" test ! -e grid.sweep
check "plan estimates the run time" grep -Eq "^run time:   about [0-9hms]+ on [0-9]+ cores? for 25 points " <<<"$plan"
check "plan's calibration leaves no files" test -z "$(ls -A plan-tmp)"

out=$("$AMBASSIM" sweep grid.toml -o local1 --threads 1 -q)
check "sweep says what it runs" grep -q "^sweep: 25 points x 2 strategies x 4 replicates = 200 runs; 0 points already complete, running 25$" <<<"$out"
check "sweep merges at the end" grep -q "^wrote local1/sweep.h5$" <<<"$out"
check "25 point files" test "$(ls local1/points | wc -l)" -eq 25
estimate=$(grep -o "point files of about [0-9.]* [KMG]B" <<<"$plan" | awk '{print $5 * ($6 == "KB" ? 1e3 : $6 == "MB" ? 1e6 : 1e9)}')
actual=$(stat -c %s local1/points/p000000.h5)
check "plan's point file size within 1.5x of the real one ($estimate vs $actual)" \
  awk "BEGIN { exit !($estimate < 1.5 * $actual && $actual < 1.5 * $estimate) }"
check "no temporary files left" test -z "$(find . -name '*.tmp-*')"
check "sweep.h5 format" grep -q '"ambassim-sweep"' <(h5dump -a /format local1/sweep.h5)
check "outcomes are point x strategy x replicate" \
  grep -q "DATASPACE  SIMPLE { ( 25, 2, 4 ) / ( 25, 2, 4 ) }" <(h5dump -H -d /outcomes/nps/horizon local1/sweep.h5)
check "scalar trajectories are point x strategy x replicate x tick" \
  grep -q "DATASPACE  SIMPLE { ( 25, 2, 4, 40 ) / ( 25, 2, 4, 40 ) }" <(h5dump -H -d /runs/customers/active local1/sweep.h5)
check "design matrix is point x factor" \
  grep -q "DATASPACE  SIMPLE { ( 25, 2 ) / ( 25, 2 ) }" <(h5dump -H -d /design/matrix local1/sweep.h5)
check "a point file is a comparison file" grep -q '"ambassim-compare"' <(h5dump -a /format local1/points/p000007.h5)
check "a point file knows its point" grep -q "(0): 7" <(h5dump -a /sweep_point local1/points/p000007.h5)
check "a point file records its assignments" \
  grep -q 'customers.churn_per_year=0.175' <(h5dump -a /overrides local1/points/p000007.h5)

"$AMBASSIM" sweep grid.toml -o local2 --threads 2 -q >/dev/null
check "1 and 2 threads: byte-identical sweep.h5" cmp -s local1/sweep.h5 local2/sweep.h5
"$AMBASSIM" sweep grid.toml -o local8 --threads 8 -q >/dev/null
check "1 and 8 threads (oversubscribed): byte-identical sweep.h5" cmp -s local1/sweep.h5 local8/sweep.h5

if command -v mpirun >/dev/null; then
  # OpenMPI's own allocations outlive MPI_Finalize: no leak report for them under ASan.
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
  mpirun --allow-run-as-root --oversubscribe -np 2 "$AMBASSIM" sweep grid.toml -o mpi --threads 1 -q > mpi.out 2>&1 || true
  check "mpirun -np 2 reports its ranks" grep -q "; 2 MPI ranks; " mpi.out
  check "mpirun -np 2: byte-identical sweep.h5" cmp -s local1/sweep.h5 mpi/sweep.h5
else
  check "mpirun is installed (.ci/install-deps installs openmpi-bin)" false
fi

for k in 1 2 3; do "$AMBASSIM" sweep grid.toml -o shards --shard $k/3 --threads 1 -q > shard$k.out; done
check "a shard leaves merging to merge" grep -q "when every shard has finished run \`ambassim merge shards\`" shard1.out
check "the shards together run every point" test "$(ls shards/points | wc -l)" -eq 25
"$AMBASSIM" merge shards >/dev/null
check "3 shards merged: byte-identical sweep.h5" cmp -s local1/sweep.h5 shards/sweep.h5

# Killed with SIGKILL part-way, then resumed: the same bytes as uninterrupted.
"$AMBASSIM" sweep grid.toml -o killed --threads 1 -q > /dev/null 2>&1 &
pid=$!
for _ in $(seq 600); do
  n=$(ls killed/points 2>/dev/null | grep -c '\.h5$' || true)
  test "$n" -ge 4 && break
  sleep 0.02
done
kill -9 $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
done_before=$(ls killed/points | grep -c '\.h5$' || true)
check "the kill came part-way" test "$done_before" -ge 4 -a "$done_before" -lt 25
check "a killed sweep leaves no sweep.h5" test ! -e killed/sweep.h5
out=$("$AMBASSIM" sweep grid.toml -o killed --threads 2 -q)
check "resume skips complete points" grep -Eq "; ([4-9]|1[0-9]|2[0-4]) points already complete, running" <<<"$out"
check "resumed sweep: byte-identical sweep.h5" cmp -s local1/sweep.h5 killed/sweep.h5
check "resume removed the killed run's temporary files" test -z "$(find killed -name '*.tmp-*')"

out=$("$AMBASSIM" sweep grid.toml -o local1 -q)
check "a finished sweep has nothing to do" \
  grep -q "^nothing to do: all 25 points are complete and local1/sweep.h5 exists$" <<<"$out"

# Refusals.
sed 's/levels = 5/levels = 4/' grid.toml > other.toml
fails "$AMBASSIM" sweep other.toml -o local1 -q
check "another sweep in the directory: exit 2" test "$code" -eq 2
check "another sweep in the directory: message" test "$err" = \
  "ambassim: error: sweep directory \`local1\` holds a different sweep (sweep.toml differs); use another directory or delete it"
rm local2/points/p000003.h5
fails "$AMBASSIM" merge local2 --force
check "merge with a missing point: exit 2" test "$code" -eq 2
check "merge with a missing point: message" test "$err" = \
  "ambassim: error: 1 of 25 points are not complete (points/p000003.h5); run the sweep again to complete them"
fails "$AMBASSIM" merge local1
check "merge over an existing sweep.h5: exit 1" test "$code" -eq 1
check "merge over an existing sweep.h5: message" grep -q "local1/sweep.h5\` already exists; use --force" <<<"$err"
"$AMBASSIM" merge local1 --force >/dev/null
check "merge --force rewrites the same bytes" cmp -s local1/sweep.h5 shards/sweep.h5
fails "$AMBASSIM" sweep grid.toml --shard 4/3
check "bad shard: exit 2" test "$code" -eq 2
check "bad shard: message" test "$err" = "ambassim: error: --shard K expects an integer in [1, 3], got \`4\`"
touch afile
fails "$AMBASSIM" sweep grid.toml -o afile
check "a file as the sweep directory: exit 1" test "$code" -eq 1
check "a file as the sweep directory: message" test "$err" = "ambassim: error: sweep directory \`afile\` exists and is not a directory"
fails "$AMBASSIM" sweep grid.toml -o /proc/ambassim-sweep
check "an uncreatable sweep directory: exit 1" test "$code" -eq 1
check "an uncreatable sweep directory: message" grep -q "^ambassim: error: cannot create sweep directory \`/proc/ambassim-sweep\`: " <<<"$err"
fails "$AMBASSIM" merge nowhere
check "merge of a missing directory: message" test "$err" = \
  "ambassim: error: \`nowhere\` is not a sweep directory (no such directory)"

# SIGINT stops at the next tick, keeps complete points and says how to resume.
"$AMBASSIM" sweep grid.toml -o stopped --threads 1 -q > /dev/null 2> stopped.err &
pid=$!
for _ in $(seq 600); do
  test "$(ls stopped/points 2>/dev/null | grep -c '\.h5$' || true)" -ge 2 && break
  sleep 0.02
done
kill -INT $pid
set +e; wait $pid; code=$?; set -e
check "SIGINT: exit 130" test "$code" -eq 130
check "SIGINT: says how to resume" grep -q "points complete in stopped; run the same command again to resume$" stopped.err
check "SIGINT: no temporary files left" test -z "$(find stopped -name '*.tmp-*')"
# sweep.series picks the trajectories copied into sweep.h5.
cat > series.toml <<'EOF2'
[sweep]
base = "base.toml"
design = "grid"
strategies = ["none"]
replicates = 1
series = ["/customers/nps", "/employees/mean_engagement"]
[[sweep.parameters]]
key = "customers.churn_per_year"
values = [0.1, 0.2]
EOF2
"$AMBASSIM" sweep series.toml -o series -q >/dev/null
check "listed scalar series copied" \
  grep -q "DATASPACE  SIMPLE { ( 2, 1, 1, 40 ) / ( 2, 1, 1, 40 ) }" <(h5dump -H -d /runs/customers/nps series/sweep.h5)
check "listed per-role series copied with its role axis" \
  grep -q "DATASPACE  SIMPLE { ( 2, 1, 1, 40, 3 ) / ( 2, 1, 1, 40, 3 ) }" <(h5dump -H -d /runs/employees/mean_engagement series/sweep.h5)
check "unlisted series left in the point files" test -z "$(h5ls series/sweep.h5/runs/customers | grep -w active)"

# Categorical factors (an enum key and a list of base scenarios) in grid and
# Latin hypercube designs: identical sweep.h5 at 1 and 3 threads, under
# mpirun -np 2 and split into 2 shards; level names recorded by name.
sed 's/units = 4/units = 2/' base.toml > base_b.toml
for design in grid latin_hypercube; do
  {
    echo '[sweep]'
    echo "design = \"$design\""
    test "$design" = grid || printf 'samples = 7\nseed = 3\n'
    echo 'strategies = ["engagement_first", "ambassadorship_first"]'
    echo 'replicates = 2'
    printf '[[sweep.parameters]]\nkey = "base"\nvalues = ["base.toml", "base_b.toml"]\n'
    printf '[[sweep.parameters]]\nkey = "market.network"\nvalues = ["well_mixed", "scale_free"]\n'
    test "$design" = grid || printf '[[sweep.parameters]]\nkey = "customers.churn_per_year"\nmin = 0.1\nmax = 0.4\n'
  } > cat_$design.toml
  "$AMBASSIM" sweep cat_$design.toml -o cat_${design}_1 --threads 1 -q >/dev/null
  "$AMBASSIM" sweep cat_$design.toml -o cat_${design}_3 --threads 3 -q >/dev/null
  check "$design categorical: 1 and 3 threads byte-identical" cmp -s cat_${design}_1/sweep.h5 cat_${design}_3/sweep.h5
  if command -v mpirun >/dev/null; then
    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
    mpirun --allow-run-as-root --oversubscribe -np 2 "$AMBASSIM" sweep cat_$design.toml -o cat_${design}_mpi --threads 1 -q >/dev/null 2>&1 || true
    check "$design categorical: mpirun -np 2 byte-identical" cmp -s cat_${design}_1/sweep.h5 cat_${design}_mpi/sweep.h5
  fi
  for k in 1 2; do "$AMBASSIM" sweep cat_$design.toml -o cat_${design}_shards --shard $k/2 --threads 1 -q >/dev/null; done
  "$AMBASSIM" merge cat_${design}_shards >/dev/null
  check "$design categorical: 2 shards merged byte-identical" cmp -s cat_${design}_1/sweep.h5 cat_${design}_shards/sweep.h5
  check "$design categorical: level names recorded" \
    grep -q '"well_mixed", "scale_free"' <(h5dump -d /design/levels/market.network cat_${design}_1/sweep.h5 | tr -s ' \n' ' ')
  check "$design categorical: the bases pinned in the directory" cmp -s base_b.toml cat_${design}_1/base-1.toml
done
check "grid categorical: 4 points" grep -q "DATASPACE  SIMPLE { ( 4, 2 ) / ( 4, 2 ) }" <(h5dump -H -d /design/matrix cat_grid_1/sweep.h5)
check "grid categorical: a point on the second base runs on it" \
  grep -q 'units = 2' <(h5dump -a /scenario_text cat_grid_1/points/p000002.h5 2>/dev/null || h5dump -A cat_grid_1/points/p000002.h5)
check "grid categorical: the level is a typed assignment" \
  grep -q 'market.network="scale_free"' <(h5dump -a /overrides cat_grid_1/points/p000001.h5)
lhs_levels=$(h5dump -d /design/matrix cat_latin_hypercube_1/sweep.h5 | grep -oE '\([0-9]+,0\): [0-9.]+, [0-9.]+' | awk '{print $3}' | sort | uniq -c | awk '{print $1}' | sort | tr '\n' ' ')
check "latin hypercube categorical: 7 points stratified 3 + 4 over the 2 networks (got $lhs_levels)" test "$lhs_levels" = "3 4 "
# Scenario discovery on it; its zoom-in block completes the sweep's header
# into a valid sweep file (categorical levels by name, base files as written).
"$AMBASSIM" analyze cat_latin_hypercube_1/sweep.h5 --discover "active_customers: engagement_first > 0" \
  --no-figures -q -o cat_discovery >/dev/null
{ sed '/\[\[sweep.parameters\]\]/,$d' cat_latin_hypercube.toml; cat cat_discovery/discovery_zoom.toml; } > zoom.toml
check "the zoom-in block lists every factor" test "$(grep -c '^\[\[sweep.parameters\]\]' zoom.toml)" -eq 3
check "the zoom-in block names the levels" grep -q '^values = \["base.toml", "base_b.toml"\]$' zoom.toml
check "the zoom-in block makes a valid sweep" "$AMBASSIM" check zoom.toml
cp cat_latin_hypercube.toml cat_saltelli.toml
sed -i 's/design = "latin_hypercube"/design = "saltelli"/' cat_saltelli.toml
fails "$AMBASSIM" sweep cat_saltelli.toml --plan
check "saltelli refuses a categorical factor: exit 2" test "$code" -eq 2
check "saltelli refuses a categorical factor: one line naming file, line and key" test "$err" = \
  "ambassim: error: cat_saltelli.toml:9:1: parameter \`base\` has a list of values (a categorical factor); the saltelli design needs numeric min/max factors: use grid or latin_hypercube"

# Every shipped sweep file is valid (its base and every point).
for f in "$AMBASSIM_SOURCE_DIR"/scenarios/sweeps/*.toml; do
  check "shipped sweep $(basename "$f") passes check" "$AMBASSIM" check "$f" >/dev/null
done
finish
