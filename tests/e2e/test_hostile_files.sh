#!/usr/bin/env bash
# Hostile files and folders (issue #19): what is not a regular file (a FIFO
# without a writer, a directory, a device, a socket) given to every command
# that reads a file (calibrate --targets and optimise --uncertain too) must be
# refused at once, never hang, and a file above 16 MiB too; keys nested 50,000
# levels deep (in a scenario, a sweep's base and a run file's recorded text)
# must be refused, never crash; a point file of another sweep copied into a
# sweep directory is refused by resume and merge; `summary` refuses
# sweep files, comparison files with absurd sizes, wrongly shaped and absurdly large datasets;
# `rerun` names the run file for a bad recorded text or `overrides` attribute
# and refuses a negative recorded seed; a 15 MiB value is cut in messages; a
# report script interrupted by SIGTERM leaves no orphan and
# ends with exit 130 without claiming to have written the report.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$work"
scenario="$AMBASSIM_SOURCE_DIR/scenarios/none.toml"
small=(--set organisation.employees=150 --set organisation.units=3 --set customers.customers=2000
       --set simulation.ticks=30 --set simulation.warmup_days=10)

# refused NAME CODE PATTERN COMMAND...: COMMAND ends within 20 s with exit
# CODE and one stderr line matching PATTERN (grep -E).
refused() {
  local name=$1 want=$2 pattern=$3; shift 3
  fails timeout 20 "$@"
  check "$name: exit $want (got $code)" test "$code" -eq "$want"
  check "$name: one line" test "$(printf '%s\n' "$err" | wc -l)" -eq 1
  check "$name: message" grep -qE "^ambassim: error: $pattern" <<<"$err"
  check "$name: no \`wrote\` on stdout" test -z "$(grep '^wrote ' <<<"$said")"
  if [ "$code" -ne "$want" ] || ! grep -qE "^ambassim: error: $pattern" <<<"$err"; then echo "  stderr: $err" >&2; fi
}

# ---- files that are not regular files
mkfifo fifo.toml fifo.h5
mkdir folder.h5
/usr/bin/python3 -c "import socket; s = socket.socket(socket.AF_UNIX); s.bind('sock.toml')"
"$AMBASSIM" run "$scenario" -o run.h5 -q "${small[@]}" >/dev/null
"$AMBASSIM" compare "$scenario" --strategies none,balanced --replicates 2 -o cmp.h5 -q "${small[@]}" >/dev/null
for special in fifo.toml sock.toml /dev/zero /dev/null; do
  refused "check $special" 2 "cannot read scenario \`$special\`: is a (named pipe|socket|device)" "$AMBASSIM" check "$special"
  refused "run $special" 2 "cannot read scenario \`$special\`: is a" "$AMBASSIM" run "$special" -o x.h5
  refused "compare $special" 2 "cannot read scenario \`$special\`: is a" "$AMBASSIM" compare "$special" -o x.h5
  refused "sweep $special" 2 "cannot read scenario \`$special\`: is a" "$AMBASSIM" sweep "$special" --plan
done
for special in fifo.h5 folder.h5 /dev/zero; do
  refused "summary $special" 1 "cannot open \`$special\`: (it )?is a" "$AMBASSIM" summary "$special"
  refused "rerun $special" 1 "cannot open \`$special\`: (it )?is a" "$AMBASSIM" rerun "$special" -o x.h5
  refused "report $special" 1 "cannot open \`$special\`: (it )?is a" "$AMBASSIM" report "$special" rep
  refused "analyze $special" 2 "cannot open \`$special\`: (it )?is a" "$AMBASSIM" analyze "$special" -o an
done
# sweep_on BASE NAME: writes NAME, a small sweep file whose base is BASE
sweep_on() {
  printf '[sweep]\nbase = "%s"\ndesign = "grid"\n[[sweep.parameters]]\nkey = "customers.churn_per_year"\nmin = 0.1\nmax = 0.3\n' \
    "$1" >"$2"
}
sweep_on fifo.toml fifo_base.sweep.toml
refused "a FIFO as a sweep's base" 2 "fifo_base.sweep.toml:2:1: key \`sweep.base\`: cannot read scenario \`[^\`]*fifo.toml\`: is a named pipe" \
  "$AMBASSIM" sweep fifo_base.sweep.toml --plan
check "nothing written for refused inputs" test ! -e x.h5 -a ! -e rep -a ! -e an
# the fit commands' own files (a targets file, a file of ranges) go through the same guarded reader
printf '[[target]]\nmeasure = "customer_churn"\nvalue = 0.2\nsd = 0.01\n' >big.targets.toml
head -c $((17 << 20)) /dev/zero | tr '\0' '#' >>big.targets.toml
for special in fifo.toml sock.toml /dev/zero folder.h5 big.targets.toml no_such.toml; do
  why="is a|is larger than 16 MiB|no such file"
  refused "calibrate --targets $special" 2 "cannot read targets file \`$special\`: ($why)" \
    "$AMBASSIM" calibrate "$scenario" --targets "$special" -o cal.toml
  refused "optimise --uncertain $special" 2 "cannot read ranges file \`$special\`: ($why)" \
    "$AMBASSIM" optimise "$scenario" --objective nps --uncertain "$special" -o opt.toml
done
check "nothing written for refused fit inputs" test ! -e cal.toml -a ! -e opt.toml

# ---- keys 50,000 levels deep (toml++ 3.3.0 overflowed its stack)
/usr/bin/python3 - <<'EOF'
deep = ".".join(["k"] * 50000)
open("deep_key.toml", "w").write(deep + " = 1\n")
open("deep_header.toml", "w").write("[" + deep + "]\n")
open("deep_inline.toml", "w").write("x = {" + deep + " = 1}\n")
EOF
for f in deep_key deep_header deep_inline; do
  refused "$f" 2 "$f.toml:1:[0-9]+: .*a key nested more than 64 levels deep" "$AMBASSIM" check "$f.toml"
done
sweep_on deep_key.toml deep_base.sweep.toml
refused "a deep sweep base" 2 ".*deep_key.toml:1:[0-9]+: .*nested more than 64 levels" "$AMBASSIM" sweep deep_base.sweep.toml --plan

# ---- run files whose recorded provenance is hostile (rerun)
/usr/bin/python3 - <<'EOF'
import shutil, h5py
deep = ".".join(["k"] * 50000)
for name, attr, value in [("deep_text.h5", "scenario_text", deep + " = 1\n"),
                          ("bad_text.h5", "scenario_text", "[customers]\nchurn_per_year = -1.0\n"),
                          ("negative_seed.h5", "seed", -1)]:
    shutil.copy("run.h5", name)
    with h5py.File(name, "r+") as f:
        f.attrs[attr] = value
EOF
refused "rerun of a deep recorded text" 2 "deep_text.h5: recorded text of .*nested more than 64 levels" \
  "$AMBASSIM" rerun deep_text.h5 -o y.h5
refused "rerun names the run file, not the scenario on disk" 2 \
  "bad_text.h5: recorded text of [^:]*none.toml:2:1: key \`customers.churn_per_year\` = -1 is out of range" \
  "$AMBASSIM" rerun bad_text.h5 -o y.h5
refused "rerun of a negative recorded seed" 2 "\`negative_seed.h5\`: attribute \`seed\` = -1 is negative" \
  "$AMBASSIM" rerun negative_seed.h5 -o y.h5
# a bad recorded `overrides` attribute: named as the run file's attribute, never as a --set nobody typed
/usr/bin/python3 - <<'EOF'
import shutil, h5py
for name, value in [("bad_overrides.h5", "customers.churn_per_year=-1"),
                    ("bad_sum.h5", "organisation.units=3\ncustomers.loyalty_bond_weight=0.9"),
                    ("bad_key.h5", "customers.churn=0.1")]:
    shutil.copy("run.h5", name)
    with h5py.File(name, "r+") as f:
        f.attrs["overrides"] = value
EOF
refused "rerun of a bad recorded override" 2 \
  "\`bad_overrides.h5\`: attribute \`overrides\`: \`customers.churn_per_year=-1\`: key \`customers.churn_per_year\` = -1 is out of range" \
  "$AMBASSIM" rerun bad_overrides.h5 -o y.h5
refused "rerun of a recorded override breaking a cross-field rule" 2 \
  "\`bad_sum.h5\`: attribute \`overrides\`: \`customers.loyalty_bond_weight=0.9\`: customers.loyalty_satisfaction_weight \+ customers.loyalty_bond_weight = 1.2; they must sum to 1" \
  "$AMBASSIM" rerun bad_sum.h5 -o y.h5
refused "rerun of an unknown recorded override" 2 \
  "\`bad_key.h5\`: attribute \`overrides\`: \`customers.churn=0.1\`: unknown key \`customers.churn\`" \
  "$AMBASSIM" rerun bad_key.h5 -o y.h5
check "rerun wrote nothing" test ! -e y.h5

# ---- a 15 MiB value echoed in a message is cut, not printed whole
/usr/bin/python3 -c "open('huge_base.toml', 'w').write('base = \"' + 'b' * (15 << 20) + '\"\n')"
refused "a 15 MiB base name" 2 'huge_base.toml:1:8: key `base` = "b{64}"\.\.\.: cannot read scenario `b{100,}\.\.\.`: ' \
  "$AMBASSIM" check huge_base.toml
check "a 15 MiB base name: the message is short (${#err} bytes)" test "${#err}" -lt 600

# ---- summary: other kinds of files, wrong shapes, huge declared datasets
/usr/bin/python3 - <<'EOF'
import shutil, h5py, numpy as np
shutil.copy("run.h5", "long.h5")
with h5py.File("long.h5", "r+") as f:  # twice as long as ticks_run: was read flattened
    a = f["/customers/active"][()]
    del f["/customers/active"]
    f["/customers/active"] = np.concatenate([a, a])
shutil.copy("run.h5", "roles.h5")
with h5py.File("roles.h5", "r+") as f:  # [tick] where [tick x role] is documented
    a = f["/employees/headcount"][()]
    del f["/employees/headcount"]
    f["/employees/headcount"] = a.sum(axis=1)
shutil.copy("run.h5", "huge.h5")
with h5py.File("huge.h5", "r+") as f:  # 2^28 doubles declared in a small file
    del f["/customers/active"]
    f.create_dataset("/customers/active", shape=(2**28,), dtype="f8", chunks=(2**16,))
    f.attrs["ticks_run"] = 2**28
shutil.copy("run.h5", "huger.h5")
with h5py.File("huger.h5", "r+") as f:  # 2^40 doubles, with a matching ticks_run
    del f["/customers/active"]
    f.create_dataset("/customers/active", shape=(2**40,), dtype="f8", chunks=(2**16,))
    f.attrs["ticks_run"] = 30
# comparison files whose declared sizes are absurd or inconsistent
for name, edit in [("cmp_reps.h5", lambda f: f.attrs.__setitem__("replicates", 2**40)),
                   ("cmp_ticks.h5", lambda f: f.attrs.__setitem__("replicates", 3)),
                   ("cmp_series.h5", None)]:
    shutil.copy("cmp.h5", name)
    with h5py.File(name, "r+") as f:
        if edit:
            edit(f)
        else:  # a series whose tick axis is twice the file's
            a = f["/runs/customers/active"][()]
            del f["/runs/customers/active"]
            f["/runs/customers/active"] = np.concatenate([a, a], axis=2)
EOF
out=$("$AMBASSIM" summary cmp.h5)
check "summary of a comparison file prints its bottom line" grep -q "^Bottom line" <<<"$out"
check "summary of a comparison file names both strategies" grep -q "balanced" <<<"$out"
refused "summary of a comparison with 2^40 replicates" 2 "\`cmp_reps.h5\`: attribute \`replicates\` = 1099511627776 is out of range" \
  "$AMBASSIM" summary cmp_reps.h5
refused "summary of a comparison whose runs do not match its replicates" 2 \
  "\`cmp_ticks.h5\`: dataset \`/runs/ticks_run\` has shape \\[2 x 2\\], expected \\[2 x 3\\]" "$AMBASSIM" summary cmp_ticks.h5
refused "summary of a comparison with a too long series" 2 \
  "\`cmp_series.h5\`: dataset \`/runs/customers/active\` has shape \\[2 x 2 x 60\\]" "$AMBASSIM" summary cmp_series.h5
refused "summary of a too long series" 2 "\`long.h5\`: dataset \`/customers/active\` has shape \[60\], expected \[30\]" \
  "$AMBASSIM" summary long.h5
refused "summary of a series without its role axis" 2 \
  "\`roles.h5\`: dataset \`/employees/headcount\` has shape \[30\], expected \[30 x 3\]" "$AMBASSIM" summary roles.h5
refused "summary of a huge ticks_run" 2 "\`huge.h5\`: attribute \`ticks_run\` = 268435456 is out of range" \
  "$AMBASSIM" summary huge.h5
refused "summary of a 2^40 dataset" 2 "\`huger.h5\`: dataset \`/customers/active\` has shape \[1099511627776\], expected \[30\]" \
  "$AMBASSIM" summary huger.h5
out=$("$AMBASSIM" summary run.h5)
check "summary of a run file still works" grep -q "^horizon  *30 ticks" <<<"$out"

# ---- export: every dataset checked against the axes the file declares;
# summary of NaN values prints n/a (was an undefined cast to an integer)
/usr/bin/python3 - <<'EOF'
import h5py, shutil, numpy as np
def replace(f, path, data):
    attrs = dict(f[path].attrs)
    del f[path]
    f[path] = data
    for k, v in attrs.items():
        f[path].attrs[k] = v
shutil.copy("run.h5", "x_long.h5")
with h5py.File("x_long.h5", "r+") as f:  # twice ticks_run, with its dimensions attribute
    a = f["/customers/active"][()]
    replace(f, "/customers/active", np.concatenate([a, a]))
shutil.copy("run.h5", "x_nodims.h5")
with h5py.File("x_nodims.h5", "r+") as f:  # the right shape, without `dimensions`
    del f["/customers/nps"].attrs["dimensions"]
shutil.copy("run.h5", "x_huge.h5")
with h5py.File("x_huge.h5", "r+") as f:  # 2^40 values declared on the tick axis
    attrs = dict(f["/customers/active"].attrs)
    del f["/customers/active"]
    d = f.create_dataset("/customers/active", shape=(2**40,), dtype="f8", chunks=(2**16,))
    d.attrs["dimensions"] = attrs["dimensions"]
shutil.copy("run.h5", "x_wide.h5")
with h5py.File("x_wide.h5", "r+") as f:  # a tail axis of 2^40 (a per-unit series)
    attrs = dict(f["/units/active"].attrs)
    del f["/units/active"]
    d = f.create_dataset("/units/active", shape=(30, 2**40), dtype="f8", chunks=(1, 2**16))
    d.attrs["dimensions"] = attrs["dimensions"]
shutil.copy("cmp.h5", "x_cmp.h5")
with h5py.File("x_cmp.h5", "r+") as f:  # a comparison's outcome with a third replicate
    p = "/summary/outcomes/active_customers/average/values"
    replace(f, p, np.concatenate([f[p][()], f[p][()][:, :1]], axis=1))
shutil.copy("run.h5", "x_nan.h5")
with h5py.File("x_nan.h5", "r+") as f:
    for p in ["/customers/active", "/customers/cumulative_revenue", "/employees/mean_engagement"]:
        a = f[p][()]
        a[-1] = np.nan
        f[p][...] = a
EOF
refused "export of a series twice as long as ticks_run" 2 \
  "\`x_long.h5\`: dataset \`/customers/active\` has shape \[60\], expected \[30\] \(tick\)" "$AMBASSIM" export x_long.h5 -o x.csv
refused "export of a dataset without its axes" 2 \
  "\`x_nodims.h5\`: dataset \`/customers/nps\` has no \`dimensions\` attribute" "$AMBASSIM" export x_nodims.h5 -o x.csv
refused "export of a 2^40 series" 2 \
  "\`x_huge.h5\`: dataset \`/customers/active\` has shape \[1099511627776\], expected \[30\]" "$AMBASSIM" export x_huge.h5 -o x.csv
refused "export of a 2^40-wide series" 2 \
  "\`x_wide.h5\`: dataset \`/units/active\` has shape \[30 x 1099511627776\], expected \[30 x 1099511627776\] \(tick x unit, at most 10000000 values per row\)" \
  "$AMBASSIM" export x_wide.h5 -o x.csv
refused "export of a comparison outcome with another replicate count" 2 \
  "\`x_cmp.h5\`: dataset \`/summary/outcomes/active_customers/average/values\` has shape \[2 x 3\], expected \[2 x 2\] \(strategy x replicate\)" \
  "$AMBASSIM" export x_cmp.h5 -o x.csv
check "nothing exported from refused files" test ! -e x.csv
"$AMBASSIM" export run.h5 -o run.csv 2>/dev/null
check "export of a sound run file still works" test "$(wc -l <run.csv)" -eq 31
out=$("$AMBASSIM" summary x_nan.h5)
check "summary of NaN figures: customers n/a" grep -q "^customers  *n/a -> n/a (acquired" <<<"$out"
check "summary of NaN figures: revenue n/a" grep -q "^revenue  *n/a (program spend" <<<"$out"
check "summary of NaN figures: engagement n/a" grep -q "engagement n/a, customer focus" <<<"$out"
check "summary of NaN figures: no 2^63" test -z "$(grep "9,223,372" <<<"$out")"

# ---- a point file of another sweep in a sweep directory
cat >base.toml <<'EOF'
[simulation]
ticks = 20
warmup_days = 0
[organisation]
employees = 40
units = 4
[customers]
customers = 300
EOF
for name in a b; do
  max=$([ $name = a ] && echo 0.4 || echo 0.5)
  cat >$name.sweep.toml <<EOF
[sweep]
base = "base.toml"
design = "grid"
levels = 2
strategies = ["none", "balanced"]
replicates = 1
[[sweep.parameters]]
key = "customers.churn_per_year"
min = 0.1
max = $max
EOF
  "$AMBASSIM" sweep $name.sweep.toml -o $name.dir -q >/dev/null
done
cp b.dir/points/p000001.h5 a.dir/points/p000001.h5  # same index, other factor value
rm a.dir/sweep.h5
before=$(md5sum a.dir/points/p000001.h5)
refused "resume with a foreign point" 2 \
  "sweep directory \`a.dir\`: points/p000001.h5 is not point 1 of this sweep \(its factor values differ\)" \
  "$AMBASSIM" sweep a.sweep.toml -o a.dir -q
refused "merge with a foreign point" 2 "sweep directory \`a.dir\`: points/p000001.h5 is not point 1 of this sweep" \
  "$AMBASSIM" merge a.dir
check "the foreign point is kept (not deleted)" test "$before" = "$(md5sum a.dir/points/p000001.h5)"
check "no sweep.h5 merged from a foreign point" test ! -e a.dir/sweep.h5

# ---- a point with the same factors and values from a sweep with another
# input: base scenario, seed, replicate count or build (its recorded provenance)
foreign() {  # NAME PATTERN DIR: a.dir's point 1 replaced by DIR's, resume and merge refuse it
  local name=$1 pattern=$2 from=$3
  rm -rf f.dir && cp -r a.dir f.dir && cp "$from/points/p000001.h5" f.dir/points/p000001.h5
  refused "resume, $name" 2 "sweep directory \`f.dir\`: points/p000001.h5 is not point 1 of this sweep \($pattern\)" \
    "$AMBASSIM" sweep a.sweep.toml -o f.dir -q
  refused "merge, $name" 2 "sweep directory \`f.dir\`: points/p000001.h5 is not point 1 of this sweep \($pattern\)" \
    "$AMBASSIM" merge f.dir
  check "$name: nothing merged" test ! -e f.dir/sweep.h5
}
rm -rf a.dir && "$AMBASSIM" sweep a.sweep.toml -o a.dir -q --no-merge >/dev/null
sed 's/customers = 300/customers = 500/' base.toml >base800.toml
sed 's/base.toml/base800.toml/' a.sweep.toml >c.sweep.toml
"$AMBASSIM" sweep c.sweep.toml -o c.dir -q --no-merge >/dev/null
foreign "another base" "its \`customers.customers\` is 500, this sweep's is 300" c.dir
printf '[run]\nseed = 9\n' | cat base.toml - >base_seed.toml
sed 's/base.toml/base_seed.toml/' a.sweep.toml >d.sweep.toml
"$AMBASSIM" sweep d.sweep.toml -o d.dir -q --no-merge >/dev/null
foreign "another seed" "its seed differs" d.dir
sed 's/replicates = 1/replicates = 2/' a.sweep.toml >e.sweep.toml
"$AMBASSIM" sweep e.sweep.toml -o e.dir -q --no-merge >/dev/null
foreign "another replicate count" "its replicates differ" e.dir
rm -rf g.dir && cp -r a.dir g.dir
/usr/bin/python3 -c "
import h5py
with h5py.File('g.dir/points/p000001.h5', 'r+') as f:
    f.attrs['git_commit'] = 'a0b1c2d3e4f5'
"
foreign "another build" "it was written by build \`a0b1c2d3e4f5\`, this is build \`[^\`]+\`" g.dir
rm -rf f.dir && cp -r a.dir f.dir
out=$("$AMBASSIM" merge f.dir)
check "merge of the sweep's own points still works" grep -q "^wrote f.dir/sweep.h5$" <<<"$out"

# ---- a point file declaring 2^40 values (a few KB on disk): refused, not allocated
rm b.dir/sweep.h5
/usr/bin/python3 - <<'EOF'
import h5py
with h5py.File("b.dir/points/p000000.h5", "r+") as f:
    d = "/summary/outcomes/active_customers/average/values"
    del f[d]
    f.create_dataset(d, shape=(2, 2**39), dtype="f8", chunks=(1, 2**16))
EOF
refused "merge of a point declaring 2^40 values" 1 \
  "dataset \`/summary/outcomes/active_customers/average/values\` in \`b.dir/points/p000000.h5\` declares 1099511627776 values \(8192.0 GiB\), more than half of this machine's memory" \
  "$AMBASSIM" merge b.dir
check "no sweep.h5 merged from a huge point" test ! -e b.dir/sweep.h5

# ---- SIGTERM or SIGHUP (a closed terminal) while a report script runs: no
# orphan, exit 130, no "wrote", and the file the script was writing leaves no
# temporary behind (slow_report.py stops inside report_files' atomic write)
cat >slow_report.py <<EOF
import os, sys, time
sys.path.insert(0, "$AMBASSIM_SOURCE_DIR/analysis/scripts")
import report_files
def main(results, outdir):
    os.makedirs(outdir, exist_ok=True)
    def slow(f):
        f.write("partial")
        open("child.pid", "w").write(str(os.getpid()))
        time.sleep(30)
    report_files.write_text(os.path.join(outdir, "index.html"), "")
    report_files._atomic(os.path.join(outdir, "figure.svg"), slow, False)
    return 0
sys.exit(report_files.run_main("slow_report.py", main, sys.argv[1], sys.argv[2]))
EOF
for signal in TERM HUP; do
  for cmd in report compare; do
    rm -f child.pid
    rep=rep_${cmd}_$signal
    if [ $cmd = report ]; then
      AMBASSIM_REPORT_SCRIPT="$work/slow_report.py" "$AMBASSIM" report cmp.h5 $rep >out_$cmd 2>err_$cmd &
    else
      AMBASSIM_REPORT_SCRIPT="$work/slow_report.py" "$AMBASSIM" compare "$scenario" --strategies none,balanced \
        --replicates 2 -o c2_$signal.h5 -q --report $rep "${small[@]}" >out_$cmd 2>err_$cmd &
    fi
    pid=$!
    for _ in $(seq 100); do [ -s child.pid ] && break; sleep 0.1; done
    kill -$signal $pid
    set +e; wait $pid; code=$?; set -e
    check "$cmd --report on SIG$signal: exit 130 (got $code)" test "$code" -eq 130
    check "$cmd --report on SIG$signal: message" \
      test "$(cat err_$cmd)" = "ambassim: error: interrupted: the report script was stopped before it finished"
    check "$cmd --report on SIG$signal: no index.html claimed" test -z "$(grep index.html out_$cmd || true)"
    sleep 0.2
    check "$cmd --report on SIG$signal: the script is not left running" test ! -e /proc/"$(cat child.pid)"
    check "$cmd --report on SIG$signal: no temporary left" test -z "$(find $rep -name '*.tmp*' -print -quit)"
  done
done
# SIGHUP during a run: stops after the tick, keeps the incomplete file (as SIGINT/SIGTERM)
"$AMBASSIM" run "$scenario" -o hup_run.h5 -q --set simulation.ticks=100000 --set customers.customers=2000 \
  --set organisation.employees=150 --set organisation.units=3 --set simulation.warmup_days=0 >/dev/null 2>err_run &
pid=$!
sleep 1.5
kill -HUP $pid
set +e; wait $pid; code=$?; set -e
check "run on SIGHUP: exit 130 (got $code)" test "$code" -eq 130
check "run on SIGHUP: the incomplete results are kept" grep -q "^interrupted: stopped after tick [0-9]*; wrote incomplete results to hup_run.h5$" err_run

# ---- the memory check counts a comparison's stacked series (strategies x
# replicates x ticks x values), and a sweep's points in flight at once
limit=$((96 * 1024 * 1024))
refused "compare whose series outgrow the memory" 2 \
  "[^ ]*none.toml: comparison needs about 0.7 GiB of memory for the recorded series of its runs \(4 strategies x 8 replicates x 3000 ticks x 282 values, .*\); the limit is 0.1 GiB \(AMBASSIM_MEMORY_LIMIT_BYTES\)$" \
  env AMBASSIM_MEMORY_LIMIT_BYTES=$limit "$AMBASSIM" compare "$scenario" --replicates 8 --set simulation.ticks=3000 -o mem.h5 -q
check "no file for a comparison refused for memory" test ! -e mem.h5
AMBASSIM_MEMORY_LIMIT_BYTES=$limit "$AMBASSIM" compare "$scenario" --strategies none,balanced --replicates 2 -o mem_small.h5 -q \
  "${small[@]}" >/dev/null
check "a small comparison under the same limit runs" test -e mem_small.h5
sed 's/ticks = 20/ticks = 3000/' base.toml >base3k.toml
sed 's/base.toml/base3k.toml/; s/replicates = 1/replicates = 3/' a.sweep.toml >mem.sweep.toml
refused "check of a sweep whose point outgrows the memory" 2 \
  "mem.sweep.toml: comparison needs about 0.1 GiB of memory for the recorded series of its runs \(2 strategies x 3 replicates x 3000 ticks x [0-9]+ values" \
  env AMBASSIM_MEMORY_LIMIT_BYTES=$limit "$AMBASSIM" check mem.sweep.toml
refused "sweep with two points in flight that outgrow the memory" 2 \
  "mem.sweep.toml: 2 comparisons at once need about 0.2 GiB of memory for the recorded series of their runs \(2 strategies x 3 replicates x 3000 ticks x [0-9]+ values, .*, as do fewer --threads\)" \
  env AMBASSIM_MEMORY_LIMIT_BYTES=$((200 * 1024 * 1024)) "$AMBASSIM" sweep mem.sweep.toml -o mem.dir -q --threads 2
check "no point file for a sweep refused for memory" test -z "$(ls mem.dir/points)"

finish
