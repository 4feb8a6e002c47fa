# Shared by the bash end-to-end tests (sourced, not a test itself): a
# temporary work folder removed on exit, `check NAME COMMAND...` that counts
# passes and failures, and `finish` that prints the closing line ctest and CI
# read ("N passed, M failed") and fails the test if anything failed.
: "${AMBASSIM:?path of the ambassim binary}" "${AMBASSIM_SOURCE_DIR:?source dir}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() {
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name" >&2; fi
}
finish() {
  echo "$passed passed, $failed failed"
  test "$failed" -eq 0
}
# fails COMMAND...: runs a command expected to fail; sets $code to its exit
# code, $err to its stderr and $said to its stdout.
fails() {
  set +e
  err=$("$@" 2>&1 >"$work/.stdout")
  code=$?
  set -e
  said=$(cat "$work/.stdout")
}
