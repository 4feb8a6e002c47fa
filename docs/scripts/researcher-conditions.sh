#!/usr/bin/env bash
# Regenerates the discovered conditions of docs/researcher-guide.md ("Under
# which conditions"): runs scenarios/sweeps/conditions.toml, scenario
# discovery for the guide's three conditions, pastes their boxes between the
# guide's <!-- conditions:begin --> and <!-- conditions:end --> markers and
# copies the active_customers box figure to
# docs/figures/researcher-conditions-box.png. The words under the block
# ("In words: ...") are written by a person: read the new boxes and update
# them. Run it from the repository root after a change of the model's
# defaults:
#   docs/scripts/researcher-conditions.sh [OUT_DIR]      (default: conditions)
# AMBASSIM names the binary (default: build/release/ambassim, else ambassim
# on PATH). OUT_DIR must be new or hold this same sweep (a run resumes; a
# directory of an older sweep text is refused by ambassim: delete it).
# About 2.2 CPU minutes (1,200 two-year runs) and 0.7 GB of files.
set -euo pipefail
out=${1:-conditions}
ambassim=${AMBASSIM:-build/release/ambassim}
[ -x "$ambassim" ] || ambassim=ambassim
guide=docs/researcher-guide.md
[ -f "$guide" ] && [ -f scenarios/sweeps/conditions.toml ] || { echo "run from the repository root" >&2; exit 2; }

nice -n 19 "$ambassim" sweep scenarios/sweeps/conditions.toml -o "$out" --quiet

# name|condition; the first one's box is the guide's figure.
conditions=(
  "active|active_customers: ambassadorship_first > engagement_first"
  "revenue|net_revenue/total: engagement_first > ambassadorship_first"
  "nps|nps: ambassadorship_first > engagement_first"
)
block=$(mktemp)
trap 'rm -f "$block"' EXIT
for c in "${conditions[@]}"; do
  name=${c%%|*} condition=${c#*|}
  nice -n 19 "$ambassim" analyze "$out/sweep.h5" --discover "$condition" -o "$out/discover-$name" --force -q >/dev/null
  # The headline and PRIM box 1 with its restrictions, up to its trajectory line.
  [ -s "$block" ] && echo >>"$block"
  awk '/^    \(peeling trajectory/ { exit } { print }' "$out/discover-$name/discovery.txt" >>"$block"
done
cp "$out/discover-active/prim_box.png" docs/figures/researcher-conditions-box.png

/usr/bin/python3 - "$guide" "$block" <<'EOF'
import re, sys
guide, block = sys.argv[1], open(sys.argv[2], encoding="utf-8").read().rstrip("\n")
text = open(guide, encoding="utf-8").read()
pattern = r"(<!-- conditions:begin -->\n```text\n).*?(```\n<!-- conditions:end -->)"
if not re.search(pattern, text, re.S):
    sys.exit(f"{guide}: no <!-- conditions:begin --> ... <!-- conditions:end --> block")
new = re.sub(pattern, lambda m: m.group(1) + block + "\n" + m.group(2), text, flags=re.S)
open(guide, "w", encoding="utf-8").write(new)
EOF
echo "updated $guide (the discovered boxes) and docs/figures/researcher-conditions-box.png;"
echo "now read the boxes and update the words under them (git diff $guide)"
