#!/usr/bin/env bash
# The bad-input corpus (docs/robustness.md): every tests/corpus/NAME.toml is
# checked with `ambassim check` (plus the arguments in NAME.args, one per
# line, if present) and must give exactly the exit code on the first line of
# NAME.expected and the stderr on its second line ({DIR} stands for the
# corpus folder; an empty line means no stderr). Then cases made at test
# time: a missing file, a directory, a 50 MB file, an endless device, binary
# garbage, and output paths `ambassim run` cannot write.
# The memory limit is fixed (AMBASSIM_MEMORY_LIMIT_BYTES = 8 GiB) so that the
# messages do not depend on the machine.
# Needs AMBASSIM (the binary) and AMBASSIM_SOURCE_DIR (the source tree).
set -uo pipefail

: "${AMBASSIM:?set AMBASSIM to the ambassim binary}"
: "${AMBASSIM_SOURCE_DIR:?set AMBASSIM_SOURCE_DIR to the source tree}"
corpus="$AMBASSIM_SOURCE_DIR/tests/corpus"
export AMBASSIM_MEMORY_LIMIT_BYTES=8589934592
tmp="$(mktemp -d)"
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1  # nothing may be written into the source tree

passed=0
failed=0

# expect NAME CODE STDERR ARGS...: runs ambassim ARGS and compares the exit
# code and the whole stderr.
expect() {
    local name="$1" want_code="$2" want_err="$3"
    shift 3
    local code=0
    timeout 120 "$AMBASSIM" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null || code=$?
    local err
    err="$(cat "$tmp/err")"
    if [[ "$code" == "$want_code" && "$err" == "$want_err" ]]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $name: ambassim $*"
        echo "  exit code: got $code, expected $want_code"
        echo "  stderr got:      $err"
        echo "  stderr expected: $want_err"
    fi
}

# --- the corpus ---------------------------------------------------------------
count=0
for file in "$corpus"/*.toml; do
    name="$(basename "$file" .toml)"
    if [[ ! -f "$corpus/$name.expected" ]]; then
        echo "FAIL: $name: no $name.expected beside $name.toml"
        failed=$((failed + 1))
        continue
    fi
    want_code="$(sed -n 1p "$corpus/$name.expected")"
    want_err="$(sed -n 2p "$corpus/$name.expected")"
    want_err="${want_err//\{DIR\}/$corpus}"
    args=()
    [[ -f "$corpus/$name.args" ]] && mapfile -t args <"$corpus/$name.args"
    expect "$name" "$want_code" "$want_err" check "$file" "${args[@]}"
    count=$((count + 1))
done
if [[ $count -lt 32 ]]; then
    echo "FAIL: only $count cases in $corpus"
    failed=$((failed + 1))
fi

# --- made at test time -----------------------------------------------------------
expect missing_file 2 "ambassim: error: cannot read scenario \`$tmp/missing.toml\`: no such file" check "$tmp/missing.toml"
mkdir "$tmp/folder.toml"
expect directory 2 "ambassim: error: cannot read scenario \`$tmp/folder.toml\`: is a directory" check "$tmp/folder.toml"
head -c 52428800 /dev/zero | tr '\0' '#' >"$tmp/huge.toml"  # 50 MB of comment
expect file_50_mb 2 "ambassim: error: cannot read scenario \`$tmp/huge.toml\`: is larger than 16 MiB; not a scenario file" \
    check "$tmp/huge.toml"
rm -f "$tmp/huge.toml"
expect endless_device 2 "ambassim: error: cannot read scenario \`/dev/zero\`: is a device, not a file" \
    check /dev/zero
mkfifo "$tmp/fifo.toml"
expect fifo_without_writer 2 "ambassim: error: cannot read scenario \`$tmp/fifo.toml\`: is a named pipe (FIFO), not a file" \
    check "$tmp/fifo.toml"
# Binary garbage: every byte value, from 0x80 up and round to 0x7F.
for ((b = 128; b < 384; b++)); do printf "\\x$(printf %02x $((b % 256)))"; done >"$tmp/garbage.toml"
expect binary_garbage 2 "ambassim: error: $tmp/garbage.toml:1:1: not valid UTF-8 text (byte 0x80); save the file as UTF-8" \
    check "$tmp/garbage.toml"
# A program given as the scenario: refused at its first NUL or invalid byte
# (or, for a sanitizer build, for its size).
code=0
"$AMBASSIM" check "$AMBASSIM" >/dev/null 2>"$tmp/err" || code=$?
if [[ $code == 2 ]] &&
    grep -Eq "^ambassim: error: ($AMBASSIM:1:[0-9]+: (NUL byte \(0x00\) in the text|not valid UTF-8 text)|cannot read scenario .$AMBASSIM.: is larger than 16 MiB)" "$tmp/err"; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "FAIL: executable_as_scenario: exit code $code, stderr: $(cat "$tmp/err")"
fi

# `run` with output paths it cannot write: refused before simulating (exit 1).
small=(--set simulation.ticks=1 --set simulation.warmup_days=0 --set organisation.employees=30
       --set organisation.units=1 --set customers.customers=100)
valid="$corpus/valid_empty.toml"
expect output_folder_missing 1 \
    "ambassim: error: cannot write output \`$tmp/no/such/folder/out.h5\`: folder \`$tmp/no/such/folder\` does not exist" \
    run "$valid" -o "$tmp/no/such/folder/out.h5" "${small[@]}"
touch "$tmp/plain_file"
expect output_folder_is_a_file 1 "ambassim: error: cannot write output \`$tmp/plain_file/out.h5\`: \`$tmp/plain_file\` is not a folder" \
    run "$valid" -o "$tmp/plain_file/out.h5" "${small[@]}"
expect output_is_a_directory 1 "ambassim: error: output path \`$tmp/folder.toml\` is a directory" \
    run "$valid" -o "$tmp/folder.toml" "${small[@]}"
touch "$tmp/exists.h5"
expect output_exists_without_force 1 \
    "ambassim: error: output file \`$tmp/exists.h5\` already exists; use --force to overwrite it" \
    run "$valid" -o "$tmp/exists.h5" "${small[@]}"
# A folder without write permission (only meaningful when not root).
mkdir "$tmp/read_only"
chmod a-w "$tmp/read_only"
if [[ ! -w "$tmp/read_only" ]]; then
    code=0
    "$AMBASSIM" run "$valid" -o "$tmp/read_only/out.h5" "${small[@]}" >/dev/null 2>"$tmp/err" || code=$?
    if [[ $code == 1 ]] && grep -q "^ambassim: error: cannot " "$tmp/err"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: output_folder_read_only: exit code $code, stderr: $(cat "$tmp/err")"
    fi
fi
# A bad scenario is refused before the output is looked at.
expect run_bad_scenario 2 "$(sed -n 2p "$corpus/typo_key.expected" | sed "s|{DIR}|$corpus|")" \
    run "$corpus/typo_key.toml" -o "$tmp/no/such/folder/out.h5"
[[ ! -e "$tmp/no" ]] || { failed=$((failed + 1)); echo "FAIL: run created $tmp/no"; }

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
