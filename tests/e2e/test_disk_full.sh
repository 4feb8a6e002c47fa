#!/usr/bin/env bash
# A full disk (issue #19), for every command that writes: run, compare (its
# HDF5 file and, with room for that alone, its CSV files), sweep, merge,
# validate, report (Python), analyze (CSV files and Python figures), rerun,
# export, calibrate and optimise (with room for the first k of their four
# files, those k are kept). Each
# runs on a small tmpfs left with several amounts of free space (none, and
# fractions of what the command needs), and must end with exit code 1 and
# ONE line `ambassim: error: ... No space left on device` naming the file,
# never a crash (HDF5 1.10 crashed on a second close after a failed flush),
# leave no temporary file and no partial output, and keep what was complete
# before (the compare HDF5 file when only its CSV files do not fit).
# Needs root (mount); prints "skipped" and exits 77 otherwise.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if [ "$(id -u)" != 0 ]; then echo "skipped: mounting a tmpfs needs root"; exit 77; fi
disk="$work/disk"
mkdir "$disk"
mount -t tmpfs -o size=16m,mode=1777 tmpfs "$disk" 2>/dev/null || { echo "skipped: cannot mount a tmpfs"; exit 77; }
trap 'umount "$disk" 2>/dev/null || true; rm -rf "$work"' EXIT

# Leaves about $1 bytes free on the tmpfs: everything else is a filler file.
fill() {
  rm -rf "${disk:?}"/* "$disk"/.[!.]* 2>/dev/null || true
  local avail
  avail=$(( $(stat -f -c '%a * %S' "$disk") ))
  if [ "$avail" -gt "$1" ]; then head -c $(( avail - $1 )) /dev/zero >"$disk/filler" 2>/dev/null || true; fi
}

# Bytes a finished output tree takes (files and folders).
size_of() { du -sb --apparent-size "$@" | awk '{s += $1} END {print s}'; }

# disk_full NAME OUTPUT COMMAND...: runs COMMAND with the disk (nearly)
# full; OUTPUT is the final path (file or folder) that must not appear.
disk_full() {
  local name=$1 output=$2; shift 2
  fails "$@"
  check "$name: exit 1 (got $code)" test "$code" -eq 1
  check "$name: one line" test "$(printf '%s\n' "$err" | wc -l)" -eq 1
  check "$name: ambassim: error: ... No space left on device" \
    grep -q "^ambassim: error: .*No space left on device" <<<"$err"
  check "$name: no temporary file left" test -z "$(find "$disk" -name '*.tmp*' -print -quit)"
  check "$name: the message names a final file, in the house format" \
    grep -qE "^ambassim: error: .*\`[^\`]+\`: No space left on device$" <<<"$err"
  check "$name: the message names no temporary" test -z "$(grep -F '.tmp' <<<"$err")"
  # `wrote X` only for files that were written (analyze's CSV files before its figures)
  local line
  while read -r line; do
    case $line in "wrote "*) check "$name: ${line} is true" test -e "${line#wrote }" ;; esac
  done <<<"$said"
  if [ -n "$output" ]; then check "$name: no output $output" test ! -e "$output"; fi
  if [ "$code" -ne 1 ] || [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ] ||
     ! grep -qE "^ambassim: error: .*\`[^\`]+\`: No space left on device$" <<<"$err" || [ -n "$said" ]; then printf '  stderr: %s\n' "$err" | head -5 >&2; fi
}

# free levels for a command needing $1 bytes: none, and 1/8, 1/2, 7/8 of it
levels() { echo 0 $(( $1 / 8 )) $(( $1 / 2 )) $(( $1 * 7 / 8 )); }

scenario="$AMBASSIM_SOURCE_DIR/scenarios/none.toml"
small=(--set organisation.employees=150 --set organisation.units=3 --set customers.customers=2000
       --set simulation.ticks=40 --set simulation.warmup_days=20)
ref="$work/ref"
mkdir "$ref"

# ---- run (with snapshots: appendable tables are open when the disk fills)
snap=(--set output.snapshot_every=5)
"$AMBASSIM" run "$scenario" -o "$ref/r.h5" -q "${small[@]}" "${snap[@]}" >/dev/null
for free in $(levels "$(size_of "$ref/r.h5")"); do
  fill "$free"
  disk_full "run, $free bytes free" "$disk/r.h5" "$AMBASSIM" run "$scenario" -o "$disk/r.h5" -q "${small[@]}" "${snap[@]}"
done

# ---- compare: the HDF5 file, then only the CSV files
"$AMBASSIM" compare "$scenario" --strategies none,balanced --replicates 2 -o "$ref/c.h5" -q "${small[@]}" >/dev/null
for free in $(levels "$(size_of "$ref/c.h5")"); do
  fill "$free"
  disk_full "compare, $free bytes free" "$disk/c.h5" \
    "$AMBASSIM" compare "$scenario" --strategies none,balanced --replicates 2 -o "$disk/c.h5" -q "${small[@]}"
done
h5=$(size_of "$ref/c.h5")
fill $(( h5 + 8192 ))  # room for the HDF5 file (rounded up to pages), not for both CSV files
disk_full "compare CSV" "$disk/c.differences.csv" \
  "$AMBASSIM" compare "$scenario" --strategies none,balanced --replicates 2 -o "$disk/c.h5" -q "${small[@]}"
check "compare CSV: the complete HDF5 file is kept" cmp -s "$ref/c.h5" "$disk/c.h5"

# ---- sweep and merge
cat >"$ref/base.toml" <<'EOF'
[simulation]
ticks = 30
warmup_days = 0
[organisation]
employees = 40
units = 4
[customers]
customers = 400
EOF
cat >"$ref/grid.toml" <<EOF
[sweep]
base = "$ref/base.toml"
design = "grid"
levels = 2
strategies = ["none", "balanced"]
replicates = 1
series = "all"
[[sweep.parameters]]
key = "customers.churn_per_year"
min = 0.1
max = 0.4
EOF
"$AMBASSIM" sweep "$ref/grid.toml" -o "$ref/sw" -q >/dev/null
for free in $(levels "$(size_of "$ref/sw")"); do
  fill "$free"
  disk_full "sweep, $free bytes free" "$disk/sw/sweep.h5" "$AMBASSIM" sweep "$ref/grid.toml" -o "$disk/sw" -q
done
for free in $(levels "$(size_of "$ref/sw/sweep.h5")"); do
  fill 0
  rm -f "$disk/filler"
  cp -r "$ref/sw" "$disk/sw"
  rm "$disk/sw/sweep.h5"
  avail=$(( $(stat -f -c '%a * %S' "$disk") ))
  head -c $(( avail - free )) /dev/zero >"$disk/filler" 2>/dev/null || true
  disk_full "merge, $free bytes free" "$disk/sw/sweep.h5" "$AMBASSIM" merge "$disk/sw"
  check "merge, $free bytes free: the point files are kept" \
    test "$(ls "$disk/sw/points" | wc -l)" -eq "$(ls "$ref/sw/points" | wc -l)"
done

# ---- report (Python figures) and analyze (CSV files, then Python figures)
if /usr/bin/python3 -c "import h5py, matplotlib" 2>/dev/null; then
  "$AMBASSIM" report "$ref/c.h5" "$ref/rep" >/dev/null
  for free in $(levels "$(size_of "$ref/rep")"); do
    fill "$free"
    disk_full "report, $free bytes free" "$disk/rep/index.html" "$AMBASSIM" report "$ref/c.h5" "$disk/rep"
  done
  "$AMBASSIM" analyze "$ref/sw/sweep.h5" -o "$ref/an" -q >/dev/null
  for free in $(levels "$(size_of "$ref/an")"); do
    fill "$free"
    disk_full "analyze, $free bytes free" "$disk/an/index.html" "$AMBASSIM" analyze "$ref/sw/sweep.h5" -o "$disk/an" -q
  done
fi

# ---- validate (small copies of the validation scenarios, no report)
mkdir "$ref/vs"
for f in "$AMBASSIM_SOURCE_DIR"/scenarios/validation/*.toml; do
  cp "$ref/base.toml" "$ref/vs/$(basename "$f")"
done
AMBASSIM_VALIDATION_DIR="$ref/vs" "$AMBASSIM" validate --out "$ref/val" --seeds 1 --no-report >/dev/null 2>&1 || true  # the checks fail on these tiny worlds: only the files count
for free in $(levels "$(size_of "$ref/val")"); do
  fill "$free"
  disk_full "validate, $free bytes free" "$disk/val/validation.tsv" \
    env AMBASSIM_VALIDATION_DIR="$ref/vs" "$AMBASSIM" validate --out "$disk/val" --seeds 1 --no-report
done

# ---- rerun (an HDF5 file, like run) and export (a CSV file)
for free in $(levels "$(size_of "$ref/r.h5")"); do
  fill "$free"
  disk_full "rerun, $free bytes free" "$disk/rr.h5" "$AMBASSIM" rerun "$ref/r.h5" -o "$disk/rr.h5"
done
"$AMBASSIM" export "$ref/c.h5" --per-tick -o "$ref/c.csv" 2>/dev/null
for free in $(levels "$(size_of "$ref/c.csv")"); do
  fill "$free"
  disk_full "export, $free bytes free" "$disk/c.csv" "$AMBASSIM" export "$ref/c.h5" --per-tick -o "$disk/c.csv"
done

# ---- calibrate and optimise (tiny problems): four small files each, written
# in order; with room for k pages the first k are complete and kept
cat >"$ref/company.toml" <<TOML
base = "$AMBASSIM_SOURCE_DIR/tests/e2e/fit_company.toml"
[run]
seed = 3
TOML
cat >"$ref/targets.toml" <<'TOML'
[calibration]
replicates = 1
evaluations = 3
[[target]]
measure = "churn"
value = 0.2
sd = 0.02
[parameters]
"customers.churn_per_year" = [0.05, 0.5]
TOML
calibrate=(calibrate "$ref/company.toml" --targets "$ref/targets.toml" --threads 2 -q)
optimise=(optimise "$ref/company.toml" --objective nps --evaluations 4 --replicates 1 --test-replicates 2 --phases 1
          --threads 2 -q)
mkdir "$ref/fit"
"$AMBASSIM" "${calibrate[@]}" -o "$ref/fit/c.toml" >/dev/null
"$AMBASSIM" "${optimise[@]}" -o "$ref/fit/o.toml" >/dev/null
page=$(stat -f -c '%S' "$disk")
for run in "c calibrate c.toml c.intervals.toml c.fit.csv c.parameters.csv" \
           "o optimise o.toml o.plan.csv o.convergence.csv o.out_of_sample.csv"; do
  read -r stem command first second third fourth <<<"$run"
  for pages in 0 1 2 3; do
    fill $(( pages * page ))
    if [ "$command" = calibrate ]; then args=("${calibrate[@]}"); else args=("${optimise[@]}"); fi
    disk_full "$command, room for $pages of 4 files" "$disk/$fourth" "$AMBASSIM" "${args[@]}" -o "$disk/$stem.toml"
    kept=0
    for f in $first $second $third; do [ -e "$disk/$f" ] && kept=$((kept + 1)); done
    check "$command, room for $pages: the $pages files written before are kept" test "$kept" -eq "$pages"
    for f in $second $third; do
      case $f in *.csv) if [ -e "$disk/$f" ]; then check "$command: kept $f complete" cmp -s "$ref/fit/$f" "$disk/$f"; fi ;; esac
    done
  done
done

finish
