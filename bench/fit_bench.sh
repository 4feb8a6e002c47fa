#!/usr/bin/env bash
# Issue #16 timings: a calibration of 4 free parameters to 6 targets on a
# 10,000-customer company (bench/fit_company.toml, bench/fit_targets.toml),
# and the optimisation of a 12-phase plan (three years in quarters, eight
# programs, weekly ticks) on the same company. Both run in memory (worlds
# built and warmed in memory, no file per evaluation), evaluations in
# parallel over replicates. Prints wall time and peak memory of each; run on
# a quiet machine. AMBASSIM defaults to build/ci/ambassim.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${AMBASSIM:-$here/../build/ci/ambassim}
threads=${THREADS:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$bin" "$@" -q --threads "$threads" >"$work/out" 2>/dev/null
  read -r secs user sys kb <"$work/time"
  # CPU seconds / threads: the wall time on an otherwise idle machine
  printf '%-36s wall %7.1f s, cpu %7.1f s (cpu / %d threads: %6.1f s), %5d MB\n' "$name" "$secs" \
    "$(echo "$user + $sys" | bc)" "$threads" "$(echo "($user + $sys) / $threads" | bc -l)" "$((kb / 1024))"
}
echo "$("$bin" --version | head -1), $threads threads, $(nproc) cores"
run "calibrate: 4 parameters, 6 targets" calibrate "$here/fit_company.toml" --targets "$here/fit_targets.toml" \
    -o "$work/c.toml"
run "optimise: 12 phases x 8 programs" optimise "$here/fit_company.toml" --objective "nps" \
    --set simulation.ticks=156 --set simulation.dt_days=7 --phases 12 --evaluations 200 --replicates 4 \
    --test-replicates 8 -o "$work/o.toml"
