"""Shared by the Python tests: check(name, ok, detail) counts passes and
failures (printing each failure), finish() prints the closing line ctest and
CI read ("N passed, M failed") and exits 1 if anything failed."""
import sys

_counts = {"passed": 0, "failed": 0}


def check(name, ok, detail=""):
    if ok:
        _counts["passed"] += 1
    else:
        _counts["failed"] += 1
        print("FAILED:", name, detail, file=sys.stderr)


def finish():
    print(f"{_counts['passed']} passed, {_counts['failed']} failed")
    sys.exit(1 if _counts["failed"] else 0)
