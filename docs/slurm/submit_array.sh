#!/bin/bash
# Submits a sharded sweep and its merge job, chained: the merge runs only if
# every array task succeeded. Usage: docs/slurm/submit_array.sh SWEEP.toml OUT_DIR [TASKS]
set -euo pipefail
export SWEEP=$1 OUT=$2
tasks=${3:-50}
ambassim check "$SWEEP"               # fail here, not in 50 jobs
ambassim sweep "$SWEEP" --plan
jid=$(sbatch --parsable --array=0-$((tasks - 1)) --export=ALL "$(dirname "$0")/sweep_array.sbatch")
sbatch --dependency=afterok:"$jid" --export=ALL "$(dirname "$0")/sweep_merge.sbatch"
