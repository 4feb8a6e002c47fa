#!/usr/bin/env bash
# The logic of docs/slurm/*.sbatch and submit_array.sh without SLURM: each
# script runs with the environment SLURM gives it (array tasks, a resubmitted
# single task whose SLURM_ARRAY_TASK_COUNT is 1, a requeued task, an MPI job)
# against a small sweep, with stub sbatch/scontrol/srun on PATH that log what
# they are asked. Checks shard arithmetic, the merge's missing-task report,
# the walltime signal -> stop -> requeue -> resume cycle, SRUN_CPUS_PER_TASK
# and the absence of a hard-coded --mpi, and timestamped progress lines.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$work"
slurm=$AMBASSIM_SOURCE_DIR/docs/slurm

mkdir bin
ln -s "$AMBASSIM" bin/ambassim
cat > bin/sbatch <<'STUB'
#!/bin/bash
n=$(( $(cat "$STUB_LOG.count" 2>/dev/null || echo 0) + 1 )); echo $n > "$STUB_LOG.count"
echo "sbatch $* SHARDS=${SHARDS:-} SWEEP=${SWEEP:-} OUT=${OUT:-}" >> "$STUB_LOG"
echo "100$n;cluster"
STUB
cat > bin/scontrol <<'STUB'
#!/bin/bash
echo "scontrol $*" >> "$STUB_LOG"
STUB
cat > bin/srun <<'STUB'
#!/bin/bash
# One rank, no MPI: logs its arguments and the cores it would give each rank.
echo "srun $* SRUN_CPUS_PER_TASK=${SRUN_CPUS_PER_TASK:-unset}" >> "$STUB_LOG"
while [[ $1 == --* ]]; do shift; done
exec "$@"
STUB
chmod +x bin/*
export PATH=$work/bin:$PATH STUB_LOG=$work/stub.log
: > "$STUB_LOG"

cat > base.toml <<'TOML'
[simulation]
ticks = 30
warmup_days = 10
[organisation]
employees = 30
units = 3
[customers]
customers = 400
TOML
cat > sweep.toml <<'TOML'
[sweep]
base = "base.toml"
design = "grid"
levels = 3
strategies = ["engagement_first", "ambassadorship_first"]
replicates = 2
[[sweep.parameters]]
key = "customers.churn_per_year"
min = 0.1
max = 0.4
TOML
export SWEEP=$work/sweep.toml OUT=$work/out SHARDS=3

# Array tasks 0 and 1 as SLURM starts them (task count 3); task 2 "fails".
for k in 0 1; do
  SLURM_JOB_ID=20$k SLURM_ARRAY_JOB_ID=200 SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_MIN=0 \
    SLURM_ARRAY_TASK_MAX=2 SLURM_CPUS_PER_TASK=2 bash "$slurm/sweep_array.sbatch" > task$k.out 2> task$k.err
done
check "task 0 runs shard 1/3" grep -q "; shard 1/3; " task0.out
check "task 1 runs shard 2/3" grep -q "; shard 2/3; " task1.out
check "task 0 ran its 1 point" grep -q "running 1$" task0.out
check "timestamped point lines with ETA" \
  grep -Eq "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z point 0 done \(1 of 1, elapsed [0-9]+s, ETA 0s\)$" task0.err

# The merge job (afterany) runs although task 2 did not finish: it fails and names it.
fails env SLURM_JOB_ID=300 bash "$slurm/sweep_merge.sbatch"
check "merge with a missing task fails" test "$code" -ne 0
check "merge names the missing point" grep -q "1 of 3 points are not complete (points/p000002.h5)" <<<"$err"
check "merge names the task to resubmit" grep -q "resubmit with sbatch --array=2$" <<<"$err"

# Task 2 resubmitted alone (sbatch --array=2): SLURM sets the task count to 1.
SLURM_JOB_ID=210 SLURM_ARRAY_JOB_ID=210 SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_COUNT=1 SLURM_ARRAY_TASK_MIN=2 \
  SLURM_ARRAY_TASK_MAX=2 SLURM_CPUS_PER_TASK=2 bash "$slurm/sweep_array.sbatch" > task2.out 2> task2.err
check "a resubmitted task still runs its own shard (3/3)" grep -q "; shard 3/3; " task2.out
check "every point is complete" test "$(ls out/points | grep -c '\.h5$')" -eq 3
SLURM_JOB_ID=301 bash "$slurm/sweep_merge.sbatch" > merge.out 2> merge.err
check "the merge then writes sweep.h5" test -s out/sweep.h5
"$AMBASSIM" sweep sweep.toml -o whole --threads 1 -q > /dev/null
check "sharded and resubmitted: byte-identical to one process" cmp -s out/sweep.h5 whole/sweep.h5

# An array task outside 0..SHARDS-1 is refused.
fails env SLURM_ARRAY_TASK_ID=3 bash "$slurm/sweep_array.sbatch"
check "task outside the shards: exit 2" test "$code" -eq 2
check "task outside the shards: message" grep -q "array task 3 is outside 0..2 (SHARDS=3)" <<<"$err"
fails env -u SHARDS SLURM_ARRAY_TASK_ID=0 bash "$slurm/sweep_array.sbatch"
check "no SHARDS: refused" grep -q "SHARDS" <<<"$err"

# Walltime: the signal Slurm sends (USR1 to the batch shell) stops the shard,
# requeues the job; the requeued run (SLURM_RESTART_COUNT=1) resumes.
cat > long.toml <<'TOML'
[sweep]
base = "base.toml"
design = "grid"
levels = 8
strategies = ["engagement_first", "ambassadorship_first"]
replicates = 2
[[sweep.parameters]]
key = "customers.churn_per_year"
min = 0.1
max = 0.4
TOML
# signalled NAME ENV...: runs the long shard as array task 0 with ENV, sends it
# Slurm's walltime signal after its first point (ambassim has its stop
# handlers by then) and sets $status to the script's exit code. SCRIPT
# (default sweep_array.sbatch) is the batch script run.
signalled() {
  local name=$1; shift
  env SWEEP="$work/long.toml" OUT="$work/long" SHARDS=1 SLURM_ARRAY_TASK_ID=0 SLURM_ARRAY_TASK_COUNT=1 \
    SLURM_CPUS_PER_TASK=1 "$@" bash "$slurm/${SCRIPT:-sweep_array.sbatch}" > "$name.out" 2> "$name.err" &
  local pid=$!
  for _ in $(seq 500); do grep -q " point .* done" "$name.err" 2>/dev/null && break; sleep 0.02; done
  kill -USR1 $pid
  status=0
  wait $pid || status=$?
}
signalled long1 SLURM_JOB_ID=400 SLURM_ARRAY_JOB_ID=400
check "the signalled task exits 0 (requeued, not failed)" test "$status" -eq 0
check "it requeued its own job" grep -q "^scontrol requeue 400$" "$STUB_LOG"
check "it says so in the log" grep -q "requeued job 400" long1.err
check "ambassim stopped, keeping complete points" grep -q "interrupted: .* points complete in" long1.err
check "the stop left no temporary files" test -z "$(find long -name '*.tmp-*')"
SWEEP=$work/long.toml OUT=$work/long SHARDS=1 SLURM_JOB_ID=400 SLURM_ARRAY_JOB_ID=400 SLURM_ARRAY_TASK_ID=0 \
  SLURM_ARRAY_TASK_COUNT=1 SLURM_CPUS_PER_TASK=1 SLURM_RESTART_COUNT=1 bash "$slurm/sweep_array.sbatch" > long2.out 2> long2.err
check "the requeued task resumes" grep -Eq "; [0-8] points already complete, running ([1-9])$" long2.out
check "and completes the shard" test "$(ls long/points | grep -c '\.h5$')" -eq 8
check "a requeued task logs its restart" grep -q "restart 1" long2.err

# MAX_RESTARTS reached: stops without requeueing.
: > "$STUB_LOG"
rm -rf long
signalled long3 SLURM_JOB_ID=401 SLURM_RESTART_COUNT=5
check "after MAX_RESTARTS no requeue" test ! -s "$STUB_LOG"
check "after MAX_RESTARTS it says so" grep -q "not requeued: MAX_RESTARTS=5 reached" long3.err

# The MPI script: srun gets the allocation's cores and no hard-coded plugin.
: > "$STUB_LOG"
SWEEP=$work/sweep.toml OUT=$work/mpi SLURM_JOB_ID=500 SLURM_CPUS_PER_TASK=4 SLURM_JOB_NUM_NODES=2 \
  bash "$slurm/sweep_mpi.sbatch" > mpi.out 2> mpi.err
check "srun gets SRUN_CPUS_PER_TASK from --cpus-per-task" grep -q "SRUN_CPUS_PER_TASK=4$" "$STUB_LOG"
check "no hard-coded --mpi" bash -c "! grep -q -- '--mpi' '$STUB_LOG'"
check "ranks get the cores as threads" grep -q "^srun ambassim sweep .* --threads 4 " "$STUB_LOG"
check "the MPI job merges and analyses" test -s mpi/sweep.h5
: > "$STUB_LOG"
SWEEP=$work/sweep.toml OUT=$work/mpi2 SLURM_JOB_ID=501 SLURM_CPUS_PER_TASK=4 SRUN_MPI=pmix \
  bash "$slurm/sweep_mpi.sbatch" > mpi2.out 2> mpi2.err
check "SRUN_MPI selects the plugin" grep -q "^srun --mpi=pmix ambassim sweep" "$STUB_LOG"

# The MPI job at its walltime: the signal stops the ranks (complete points
# kept), requeues the job; the requeued job resumes, merges and analyses.
: > "$STUB_LOG"
rm -rf long
SCRIPT=sweep_mpi.sbatch signalled mpi3 SLURM_JOB_ID=600 SLURM_JOB_NUM_NODES=1
check "MPI job signalled: exits 0 (requeued, not failed)" test "$status" -eq 0
check "MPI job signalled: requeued its own job" grep -q "^scontrol requeue 600$" "$STUB_LOG"
check "MPI job signalled: says so" grep -q "requeued job 600" mpi3.err
check "MPI job signalled: ambassim stopped keeping complete points" grep -q "interrupted: .* points complete in" mpi3.err
check "MPI job signalled: no temporary files, no sweep.h5 yet" \
  test -z "$(find long -name '*.tmp-*')" -a ! -e long/sweep.h5
SWEEP=$work/long.toml OUT=$work/long SLURM_JOB_ID=600 SLURM_CPUS_PER_TASK=1 SLURM_RESTART_COUNT=1 \
  bash "$slurm/sweep_mpi.sbatch" > mpi4.out 2> mpi4.err
check "the requeued MPI job resumes" grep -Eq "[1-7] points already complete" mpi4.out
check "and writes sweep.h5" test -s long/sweep.h5
"$AMBASSIM" sweep long.toml -o long_whole --threads 1 -q > /dev/null
check "stopped and resumed: byte-identical to one uninterrupted sweep" cmp -s long/sweep.h5 long_whole/sweep.h5

# submit_array.sh: explicit shard count, afterany, the plan with its estimate.
: > "$STUB_LOG"; rm -f "$STUB_LOG.count"
bash "$slurm/submit_array.sh" "$work/sweep.toml" "$work/submitted" 3 > submit.out
check "the array has SHARDS tasks and SHARDS exported" \
  grep -q "^sbatch --parsable --array=0-2 --export=ALL .*sweep_array.sbatch SHARDS=3 " "$STUB_LOG"
check "the merge waits afterany on the array job" \
  grep -q "^sbatch --parsable --dependency=afterany:1001 --export=ALL .*sweep_merge.sbatch SHARDS=3 " "$STUB_LOG"
check "submit prints the run-time estimate" grep -q "^run time:   about " submit.out
check "submit prints the disk estimate" grep -q "^disk:       about " submit.out
check "submit reports both jobs" grep -q "^array job 1001 (3 tasks), merge job 1002$" submit.out
finish
