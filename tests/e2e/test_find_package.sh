#!/usr/bin/env bash
# Installs the built project into a temporary prefix and builds docs/api.md's
# example against it from a LANGUAGES CXX project with find_package(ambassim),
# then checks what it prints and that only the public headers were installed.
set -euo pipefail
: "${AMBASSIM:?}" "${AMBASSIM_SOURCE_DIR:?}"
build_dir=$(dirname "$AMBASSIM")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "$*" >&2; echo "0 passed, 1 failed"; exit 1; }
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
sed -n '/<!-- example:begin -->/,/<!-- example:end -->/p' "$AMBASSIM_SOURCE_DIR/docs/api.md" | sed '1,2d;$d' | sed '$d' >"$work/main.cpp"
grep -q 'int main' "$work/main.cpp" || fail "no example found in docs/api.md"
cmake -S "$AMBASSIM_SOURCE_DIR/tests/e2e/find_package_consumer" -B "$work/build" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$work/prefix" -DCONSUMER_MAIN="$work/main.cpp" >"$work/cmake.log" 2>&1 ||
  { cat "$work/cmake.log" >&2; fail "configuring the consumer failed"; }
cmake --build "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "building the consumer failed"; }
out=$(cd "$work" && LD_LIBRARY_PATH="$work/prefix/lib" "$work/build/consumer") || fail "the consumer failed: $out"
test -x "$work/prefix/bin/ambassim" || fail "ambassim not installed"
grep -qx 'compared 2 strategies x 3 replicates over 60 days' <<<"$out" || fail "unexpected output: $out"
grep -qx 'refused: --set customers.churn_per_year=-1: key `customers.churn_per_year` = -1 is out of range \[0, 50\]' <<<"$out" ||
  fail "InputError not caught as documented: $out"
grep -q '^ran 60 ticks; 60 values of /customers/active; version 0.1.0 (' <<<"$out" || fail "unexpected run output: $out"
test -f "$work/example.h5" || fail "the example's file is missing"
# Only the public API is installed: no engine, no toml++-facing header.
for private in sim/engine/rng.hpp sim/scenario/toml_document.hpp sim/output/recorder.hpp; do
  test ! -e "$work/prefix/include/ambassim/$private" || fail "private header $private installed"
done
grep -q 'find_dependency' "$work/prefix/lib/cmake/ambassim/ambassimConfig.cmake" && fail "the package config still finds dependencies"
echo "1 passed, 0 failed"
