"""Compares two bench/run.sh result files: prints, per workload and thread
count, old and new wall time and the speed ratio (old / new; > 1 is faster).

    /usr/bin/python3 bench/compare.py OLD.json NEW.json
"""
import json
import sys


def main(old_path, new_path):
    old = {(r["workload"], r["threads"]): r for r in json.load(open(old_path))["results"]}
    new = {(r["workload"], r["threads"]): r for r in json.load(open(new_path))["results"]}
    print(f"{'workload':14} {'threads':>7} {'old s':>8} {'new s':>8} {'speed ratio':>11} {'old MB':>7} {'new MB':>7}")
    for key in sorted(old.keys() & new.keys()):
        o, n = old[key], new[key]
        print(f"{key[0]:14} {key[1]:7d} {o['wall_s']:8.2f} {n['wall_s']:8.2f} {o['wall_s'] / n['wall_s']:11.2f} "
              f"{o['peak_rss_mb']:7.0f} {n['peak_rss_mb']:7.0f}")
    for key in sorted(old.keys() ^ new.keys()):
        print(f"{key[0]:14} {key[1]:7d} only in {'old' if key in old else 'new'}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
