#!/usr/bin/env bash
# Checks that two ambassim binaries give identical outputs (the rule for
# performance work, bench/README.md): runs flagship, contact_centre and
# satisfaction_market, and a 3-replicate comparison of
# engagement_vs_ambassadorship, with both binaries, and h5diff's every file
# pair. Files may differ only in the root's git_commit attribute: any other
# line h5diff prints (a dataset, attribute or object that differs) fails,
# except its notes on empty datasets, which it cannot compare.
#   bash bench/identical.sh OLD_BINARY NEW_BINARY [THREADS]
set -euo pipefail
old=$1 new=$2 threads=${3:-2}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
check() {  # NAME COMMAND ARGS... (run with each binary, -o appended)
  local name=$1; shift
  "$old" "$@" -o "$work/$name.old.h5" --threads "$threads" -q
  "$new" "$@" -o "$work/$name.new.h5" --threads "$threads" -q
  h5diff -c "$work/$name.old.h5" "$work/$name.new.h5" >"$work/$name.diff" 2>&1 || true
  if ! grep -v -E '^attribute: <git_commit of </>> and <git_commit of </>>$|^[0-9]+ differences? found$|is an empty dataset$|^$' \
       "$work/$name.diff" >/dev/null; then
    echo "identical: $name"
  else
    echo "DIFFERENT: $name"; head -20 "$work/$name.diff"; status=1
  fi
  for csv in "$work/$name".old.*.csv; do  # a comparison's tables
    [ -e "$csv" ] || continue
    cmp "$csv" "${csv/.old./.new.}" || { echo "DIFFERENT: ${csv##*/}"; status=1; }
  done
}
check flagship run "$root/scenarios/flagship.toml"
check contact_centre run "$root/scenarios/contact_centre.toml"
check satisfaction_market run "$root/scenarios/satisfaction_market.toml"
check compare compare "$root/scenarios/engagement_vs_ambassadorship.toml" --set compare.replicates=3
exit $status
