#!/usr/bin/env bash
# docs/model.md embeds the parameter table; it must equal what
# `ambassim params --markdown` prints, so documentation and code cannot drift.
# To refresh it: replace the block between the PARAMS markers with that output.
set -euo pipefail
: "${AMBASSIM:?}" "${AMBASSIM_SOURCE_DIR:?}"
doc="$AMBASSIM_SOURCE_DIR/docs/model.md"
embedded=$(sed -n '/<!-- BEGIN PARAMS/,/<!-- END PARAMS -->/p' "$doc" | sed '1d;$d')
current=$("$AMBASSIM" params --markdown)
if [ "$embedded" == "$current" ]; then
  echo "1 passed, 0 failed"
else
  diff <(echo "$embedded") <(echo "$current") >&2 || true
  echo "docs/model.md's parameter table is out of date (see the diff above)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
