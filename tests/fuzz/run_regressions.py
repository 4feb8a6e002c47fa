#!/usr/bin/env python3
"""Every input the fuzzer ever found a problem with (tests/fuzz/regressions/*)
goes through `ambassim check` and must end with exit code 0 or 2 and, for 2,
one `ambassim: error: ` line: never a crash, a signal, a hang or exit 1.

An input is a scenario text, optionally followed by "\\n#--set " and one --set
assignment (the last separator splits), as in tests/fuzz/fuzz_scenario.cpp.
An assignment holding a NUL byte cannot be passed on a command line: such an
input runs without it. Prints `N passed, M failed`.
Needs AMBASSIM (the binary) and AMBASSIM_SOURCE_DIR (the source tree)."""
import os
import subprocess
import sys
import tempfile

SEPARATOR = b"\n#--set "


def main() -> int:
    binary = os.environ["AMBASSIM"]
    folder = os.path.join(os.environ["AMBASSIM_SOURCE_DIR"], "tests", "fuzz", "regressions")
    names = sorted(n for n in os.listdir(folder) if not n.startswith(".") and n != "README.md")
    env = dict(os.environ, AMBASSIM_MEMORY_LIMIT_BYTES=str(8 << 30))
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            data = open(os.path.join(folder, name), "rb").read()
            cut = data.rfind(SEPARATOR)
            text, assignment = (data, None) if cut < 0 else (data[:cut], data[cut + len(SEPARATOR):])
            scenario = os.path.join(tmp, name + ".toml")
            with open(scenario, "wb") as f:
                f.write(text)
            args = [binary, "check", scenario]
            if assignment is not None and b"\0" not in assignment:
                args.append(b"--set=" + assignment)
            try:
                run = subprocess.run(args, capture_output=True, timeout=60, env=env, cwd=tmp)
            except subprocess.TimeoutExpired:
                print(f"FAIL: {name}: no answer within 60 s")
                failed += 1
                continue
            lines = run.stderr.splitlines()
            ok = run.returncode == 0 or (
                run.returncode == 2 and len(lines) >= 1 and lines[0].startswith(b"ambassim: error: "))
            if ok:
                passed += 1
            else:
                failed += 1
                print(f"FAIL: {name}: exit code {run.returncode}, stderr: {run.stderr[:500]!r}")
    if not names:
        print(f"FAIL: no regression inputs in {folder}")
        failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
