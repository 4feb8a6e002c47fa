#!/usr/bin/env bash
# Runs the reference workloads (W1 large run, W2 ensemble, W3 snapshots, W4
# sweep) at
# 1 thread and at all cores, and writes wall time, customer-ticks per
# second, peak resident memory and bytes per customer as JSON
# (bench/results/<commit>.json) plus a table on stdout.
#   bash bench/run.sh [BUILD_DIR]      (default build/bench; configures and builds it)
# Compare two result files with: /usr/bin/python3 bench/compare.py OLD.json NEW.json
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build/bench}
if [ -z "${1:-}" ]; then
  (cd "$root" && cmake --preset bench >/dev/null && cmake --build --preset bench >/dev/null)
fi
bin=$build/ambassim
cores=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
commit=$(git -C "$root" describe --always --dirty --abbrev=12 --exclude '*' 2>/dev/null || echo unknown)
mkdir -p "$here/results"
out="$here/results/$commit.json"

# measure NAME THREADS CUSTOMER_TICKS CUSTOMERS COMMAND...: one JSON object on stdout
measure() {
  local name=$1 threads=$2 cticks=$3 customers=$4; shift 4
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" --threads "$threads" >/dev/null
  read -r wall rss_kb <"$work/time"
  /usr/bin/python3 - "$name" "$threads" "$wall" "$rss_kb" "$cticks" "$customers" <<'PY'
import json, sys
name, threads, wall, rss, cticks, customers = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
print(json.dumps({"workload": name, "threads": threads, "wall_s": wall, "peak_rss_mb": rss / 1024,
                  "customer_ticks": cticks, "customer_ticks_per_s": cticks / wall,
                  "bytes_per_customer": rss * 1024 / customers}))
PY
}

networks=$("$build/ambassim_bench_network_build")
rows=()
for threads in 1 "$cores"; do
  rows+=("$(measure W1_large_run "$threads" 365e6 1e6 "$bin" run "$here/w1_large_run.toml" -o "$work/w1.h5" --force -q)")
  rows+=("$(measure W2_ensemble "$threads" 934.4e6 20e3 "$bin" compare "$here/w2_ensemble.toml" -o "$work/w2.h5" --force -q)")
  rows+=("$(measure W3_snapshots "$threads" 365e6 1e6 "$bin" run "$here/w3_snapshots.toml" -o "$work/w3.h5" --force -q)")
  rm -rf "$work/w4"
  rows+=("$(measure W4_sweep "$threads" 116.8e6 5e3 "$bin" sweep "$here/w4_sweep.toml" -o "$work/w4" -q)")
done
/usr/bin/python3 - "$out" "$commit" "$cores" "$networks" "${rows[@]}" <<'PY'
import json, platform, sys
out, commit, cores, networks = sys.argv[1], sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4])
rows = [json.loads(r) for r in sys.argv[5:]]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((int(l.split()[1]) // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
one = {r["workload"]: r["wall_s"] for r in rows if r["threads"] == 1}
for r in rows:
    r["speedup"] = one[r["workload"]] / r["wall_s"]
doc = {"commit": commit, "machine": {"cpu": cpu, "cores": cores, "memory_mb": mem, "kernel": platform.release()},
       "construction": networks, "results": rows}
json.dump(doc, open(out, "w"), indent=2)
print(f"{'workload':14} {'threads':>7} {'wall s':>8} {'Mcust-ticks/s':>14} {'peak MB':>8} {'B/customer':>10} {'speed-up':>8}")
for r in rows:
    print(f"{r['workload']:14} {r['threads']:7d} {r['wall_s']:8.2f} {r['customer_ticks_per_s']/1e6:14.1f} "
          f"{r['peak_rss_mb']:8.0f} {r['bytes_per_customer']:10.0f} {r['speedup']:8.2f}")
print(f"W1 construction (all cores): referral network {networks['referral_network_s']:.2f} s, "
      f"organisation network {networks['org_network_s']:.3f} s, whole initial world {networks['build_world_s']:.2f} s")
print(f"wrote {out}")
PY
# Scenario discovery (issue #17): PRIM and the tree on 10,000 points x 12 factors.
"$build/ambassim_bench_prim"
# The hot loop against a reference loop, ratios from one process (issue #20).
"$build/ambassim_bench_hot_loop" 3 | tee "$here/results/$commit.hot_loop.txt"
