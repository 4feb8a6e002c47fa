#!/usr/bin/env bash
# CLI usage errors and input checks of `ambassim`, without running any
# simulation: exit codes and exact stderr for unknown commands, missing files,
# unknown keys and bad --set; `check` on every scenarios/*.toml; `params`
# output complete and equal to scenarios/reference.toml; --version and help.
# Needs AMBASSIM (the binary) and AMBASSIM_SOURCE_DIR (the source tree).
set -euo pipefail

: "${AMBASSIM:?set AMBASSIM to the ambassim binary}"
: "${AMBASSIM_SOURCE_DIR:?set AMBASSIM_SOURCE_DIR to the source tree}"
scenarios="$AMBASSIM_SOURCE_DIR/scenarios"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"  # nothing may be written into the source tree

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# expect CODE STDERR ARGS...: runs ambassim ARGS, checks the exit code and
# that stderr is exactly STDERR; stdout is left in $tmp/out.
expect() {
    local want_code="$1" want_err="$2"
    shift 2
    local code=0
    "$AMBASSIM" "$@" >"$tmp/out" 2>"$tmp/err" || code=$?
    local err
    err="$(cat "$tmp/err")"
    [[ "$code" == "$want_code" ]] || fail "ambassim $*: exit code $code, expected $want_code (stderr: $err)"
    [[ "$err" == "$want_err" ]] || fail "ambassim $*: stderr
  got:      $err
  expected: $want_err"
}

# --- commands and options --------------------------------------------------
expect 2 'ambassim: error: unknown command `frobnicate` (see `ambassim --help`)' frobnicate
expect 2 'ambassim: error: unknown command `rnu`; did you mean `run`? (see `ambassim --help`)' rnu
expect 2 'ambassim: error: no command given; usage: ambassim COMMAND [ARGS...] (see `ambassim --help`)'
expect 2 'ambassim: error: unknown option `--frobnicate` (see `ambassim --help`)' --frobnicate
expect 2 "ambassim: error: unrecognised option '--bogus' (see \`ambassim check --help\`)" check "$scenarios/none.toml" --bogus
expect 2 'ambassim: error: run needs a scenario file (see `ambassim run --help`)' run
expect 2 'ambassim: error: check needs a scenario file (see `ambassim check --help`)' check
expect 2 "ambassim: error: unexpected argument \`$scenarios/balanced.toml\`: \`ambassim check\` takes SCENARIO and options (see \`ambassim check --help\`)" \
    check "$scenarios/none.toml" "$scenarios/balanced.toml"
expect 2 'ambassim: error: --set takes KEY=VALUE as one argument, got `customers.churn_per_year` followed by `0.2`: write `--set customers.churn_per_year=0.2` (see `ambassim run --help`)' \
    run "$scenarios/none.toml" --set customers.churn_per_year 0.2
expect 2 'ambassim: error: unexpected argument `extra`: `ambassim rerun` takes FILE and options (see `ambassim rerun --help`)' \
    rerun a.h5 extra
expect 2 'ambassim: error: --verdicts expects headline, all or none, got `some`' compare "$scenarios/none.toml" --verdicts some
expect 2 'ambassim: error: --seed expects an integer in [0, 9223372036854775807], got `-1`' run "$scenarios/none.toml" --seed=-1
expect 2 'ambassim: error: --threads expects an integer in [0, 1024], got `many`' run "$scenarios/none.toml" --threads many
expect 2 'ambassim: error: params takes --markdown or --toml, not both (see `ambassim params --help`)' params --markdown --toml

expect 0 '' --version
grep -Eq '^ambassim [0-9]+\.[0-9]+\.[0-9]+ \(git ([0-9a-f]+(-dirty)?|unknown)\)$' "$tmp/out" ||
    fail "--version printed: $(cat "$tmp/out")"

expect 0 '' --help
for command in run check params help; do
    grep -q "^  $command " "$tmp/out" || fail "--help does not list $command"
done
for command in run check params; do
    expect 0 '' "$command" --help
    grep -q "^Usage: ambassim $command" "$tmp/out" || fail "$command --help: $(head -1 "$tmp/out")"
    cp "$tmp/out" "$tmp/help_option"
    expect 0 '' help "$command"
    cmp -s "$tmp/out" "$tmp/help_option" || fail "help $command differs from $command --help"
done
# --help after a command wins over its other arguments.
expect 0 '' run "$scenarios/none.toml" --set customers.churn_per_year=0.3 --help
grep -q '^Usage: ambassim run' "$tmp/out" || fail "run SCENARIO --help did not print the run help"
expect 2 'ambassim: error: unknown command `frobnicate` (see `ambassim --help`)' help frobnicate
expect 2 'ambassim: error: unknown command `chek`; did you mean `check`? (see `ambassim --help`)' help chek

# --- scenario input errors -------------------------------------------------
expect 2 "ambassim: error: cannot read scenario \`$tmp/missing.toml\`: no such file" run "$tmp/missing.toml"
expect 2 "ambassim: error: cannot read scenario \`missing.toml\`: no such file" check missing.toml
expect 2 "ambassim: error: cannot read scenario \`$tmp\`: is a directory" check "$tmp"

printf '[customers]\nchurn_per_year = 0.2\nchurn_per_yaer = 0.3\n' >typo.toml
expect 2 'ambassim: error: typo.toml:3:1: unknown key `customers.churn_per_yaer`; did you mean `customers.churn_per_year`?' \
    check typo.toml
expect 2 'ambassim: error: typo.toml:3:1: unknown key `customers.churn_per_yaer`; did you mean `customers.churn_per_year`?' \
    run typo.toml

printf '[organisation]\nemployees = 1000.5\n' >float.toml
expect 2 'ambassim: error: float.toml:2:1: key `organisation.employees` must be an integer, got float' check float.toml

printf '[customers]\nchurn_per_year = \n' >syntax.toml
expect 2 "ambassim: error: syntax.toml:2:18: TOML syntax error in the value of \`customers.churn_per_year\`: Error while parsing key-value pair: expected value, saw '\\n'" \
    check syntax.toml

printf '# caf\xe9\n' >latin1.toml
expect 2 'ambassim: error: latin1.toml:1:6: not valid UTF-8 text (byte 0xE9); save the file as UTF-8' check latin1.toml

expect 2 'ambassim: error: --set customers.churn=0.2: unknown key `customers.churn`; did you mean `customers.churn_per_year`?' \
    check "$scenarios/none.toml" --set customers.churn=0.2
expect 2 'ambassim: error: --set customers.churn=0.2: unknown key `customers.churn`; did you mean `customers.churn_per_year`?' \
    run "$scenarios/none.toml" --set customers.churn=0.2
expect 2 'ambassim: error: --set market.network=ring: key `market.network` = "ring" is not one of well_mixed|small_world|scale_free' \
    check "$scenarios/none.toml" --set market.network=ring
expect 2 'ambassim: error: --set customers.churn_per_year=-1: key `customers.churn_per_year` = -1 is out of range [0, 50]' \
    check "$scenarios/none.toml" --set=customers.churn_per_year=-1
expect 2 'ambassim: error: --set run.seed: expected key=value' check "$scenarios/none.toml" --set run.seed

# --set applies in order; the last one wins.
expect 0 '' check "$scenarios/none.toml" --set organisation.employees=2000 --set organisation.employees=3000 \
    --set market.network=scale_free
grep -qx "ok: $scenarios/none.toml (3000 employees, 20000 customers, 365 ticks, strategy none)" "$tmp/out" ||
    fail "check with --set printed: $(cat "$tmp/out")"

# --- every committed scenario is valid ---------------------------------------
count=0
for scenario in "$scenarios"/*.toml; do
    expect 0 '' check "$scenario"
    grep -Eq "^ok: $scenario \([0-9]+ employees, [0-9]+ customers, [0-9]+ ticks, strategy [a-z_]+\)$" "$tmp/out" ||
        fail "check $scenario printed: $(cat "$tmp/out")"
    count=$((count + 1))
done
[[ $count -ge 6 ]] || fail "only $count scenarios in $scenarios"

# --- params: complete, and scenarios/reference.toml is up to date -----------
expect 0 '' params --markdown
# Keys are the first column of the Markdown table, `section.key`.
sed -n 's/^| `\([a-z_]*\.[a-z_.]*\)` |.*/\1/p' "$tmp/out" >keys.txt
[[ $(wc -l <keys.txt) -ge 100 ]] || fail "params --markdown lists only $(wc -l <keys.txt) keys"
expect 0 '' params --toml
cp "$tmp/out" generated.toml
while read -r key; do
    section="${key%.*}" leaf="${key##*.}"
    # The key's line (`leaf = ` or, without a default, `# leaf = `) inside its [section].
    awk -v s="[$section]" -v l="$leaf" '
        /^\[/ { in_section = ($0 == s) }
        in_section && ($0 ~ "^(# )?" l " = ") { found = 1 }
        END { exit !found }' generated.toml || fail "params --toml lacks $key"
done <keys.txt
expect 0 '' check generated.toml
cmp -s generated.toml "$scenarios/reference.toml" ||
    fail "scenarios/reference.toml is out of date: regenerate it with \`ambassim params --toml > scenarios/reference.toml\`"

if [[ $failures -gt 0 ]]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "all CLI usage checks passed"
