#!/bin/bash
# Submits a sharded sweep and its merge job. The merge waits for every array
# task to end (afterany, not afterok: a task that failed for good must not
# leave it pending forever) and names the tasks to resubmit if points are
# missing. Usage: docs/slurm/submit_array.sh SWEEP.toml OUT_DIR [SHARDS]
set -euo pipefail
export SWEEP=$1 OUT=$2 SHARDS=${3:-50}
here=$(cd "$(dirname "$0")" && pwd)
ambassim check "$SWEEP"                                # fail here, not in $SHARDS jobs
ambassim sweep "$SWEEP" -o "$OUT" --plan --shard "1/$SHARDS" --threads 8   # points, run time and disk estimate
jid=$(sbatch --parsable --array=0-$((SHARDS - 1)) --export=ALL "$here/sweep_array.sbatch")
jid=${jid%%;*}                                         # "id;cluster" on federated clusters
mid=$(sbatch --parsable --dependency=afterany:"$jid" --export=ALL "$here/sweep_merge.sbatch")
echo "array job ${jid} ($SHARDS tasks), merge job ${mid%%;*}"
