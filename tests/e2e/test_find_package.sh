#!/usr/bin/env bash
# Installs the built project into a temporary prefix and builds a downstream
# project against it with find_package(ambassim).
set -euo pipefail
: "${AMBASSIM:?}" "${AMBASSIM_SOURCE_DIR:?}"
build_dir=$(dirname "$AMBASSIM")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
cmake -S "$AMBASSIM_SOURCE_DIR/tests/e2e/find_package_consumer" -B "$work/build" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
out=$("$work/build/consumer")
test -x "$work/prefix/bin/ambassim"
if [ "$out" = "30 150" ]; then
  echo "1 passed, 0 failed"
else
  echo "consumer printed '$out', expected '30 150'" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
