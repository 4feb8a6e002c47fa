#!/usr/bin/python3
"""End-to-end test of the comparison report (analysis/scripts/report.py).

Runs a small `ambassim compare` (none vs ambassadorship_first, 3 replicates,
40 ticks, 200 employees, 3000 customers) into a temporary folder, then the
report script on it, and checks: exit 0; every figure as a PNG (signature,
IHDR width and height > 300 px) and an SVG (XML with an <svg> root);
index.html with every strategy name, every verdict of /summary/verdicts
(HTML-escaped), the bottom line first and every PNG embedded; a second run without --force
exits 2, names the file and leaves every output untouched; --force
succeeds; `ambassim report` runs the same script (it relays the refusal);
symlinks planted at the old predictable temporary names (`<file>.tmp`) are
never written through (temporaries are made with mkstemp).

Needs AMBASSIM (the binary) and AMBASSIM_SOURCE_DIR (the source tree); run as
`/usr/bin/python3 tests/e2e/test_report.py` (h5py from Debian).
Prints `N passed, M failed` last; exits 1 if any check failed.
"""
import base64
import hashlib
import html
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import traceback
import xml.etree.ElementTree as ET

import h5py

AMBASSIM = os.environ.get("AMBASSIM")
SOURCE_DIR = os.environ.get("AMBASSIM_SOURCE_DIR")
if not AMBASSIM or not SOURCE_DIR:
    sys.exit("set AMBASSIM to the ambassim binary and AMBASSIM_SOURCE_DIR to the source tree")
SCRIPT = os.path.join(SOURCE_DIR, "analysis", "scripts", "report.py")
FIGURES = ["bottom_line", "payback", "trajectories", "differences", "employees_by_role", "acquisition_channels"]
STRATEGIES = ["none", "ambassadorship_first"]

passed = 0
failed = 0


def check(name, fn, *args):
    """Runs one check; an exception or AssertionError counts as a failure."""
    global passed, failed
    try:
        fn(*args)
    except Exception:  # noqa: BLE001 - report every failure and go on
        failed += 1
        print(f"FAIL {name}\n{traceback.format_exc()}")
    else:
        passed += 1
        print(f"ok   {name}")


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=120, **kw)


def report(results, outdir, *extra):
    return run(["/usr/bin/python3", SCRIPT, results, outdir, *extra])


def outputs(outdir):
    return [os.path.join(outdir, f"{n}.{x}") for n in FIGURES for x in ("png", "svg")] + \
        [os.path.join(outdir, "index.html")]


def snapshot(outdir):
    """(mtime_ns, sha256) of every output file."""
    out = {}
    for p in outputs(outdir):
        with open(p, "rb") as f:
            out[p] = (os.stat(p).st_mtime_ns, hashlib.sha256(f.read()).hexdigest())
    return out


def check_png(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    assert head[12:16] == b"IHDR", f"{path}: first chunk is not IHDR"
    width, height = struct.unpack(">II", head[16:24])
    assert width > 300 and height > 300, f"{path}: {width}x{height} px"


def check_svg(path):
    root = ET.parse(path).getroot()
    assert root.tag in ("svg", "{http://www.w3.org/2000/svg}svg"), f"{path}: root is <{root.tag}>"


def check_index(outdir, results):
    with open(os.path.join(outdir, "index.html"), encoding="utf-8") as f:
        text = f.read()
    with h5py.File(results, "r") as h5:
        strategies = list(h5["strategies"].asstr()[...])
        verdicts = list(h5["summary/verdicts"].asstr()[...])
    assert strategies == STRATEGIES, strategies
    assert verdicts, "the file has no verdicts"
    for s in strategies:
        assert s in text, f"strategy {s} missing from index.html"
    missing = [v for v in verdicts if html.escape(v) not in text]
    assert not missing, f"{len(missing)} verdicts missing from index.html, e.g. {missing[0]!r}"
    # Every figure embedded (the page shows them when mailed alone): the very
    # bytes of the PNG written beside it, in its own <figure>.
    for name in FIGURES:
        m = re.search(r'<figure id="' + name + r'"><a href="[^"]*"><img src="data:image/png;base64,([^"]+)"', text)
        assert m, f"no embedded <img> for {name}"
        with open(os.path.join(outdir, f"{name}.png"), "rb") as f:
            assert base64.b64decode(m.group(1)) == f.read(), f"the embedded {name} is not {name}.png"
        assert f'href="{name}.svg"' in text, f"no link to {name}.svg"
    # The first screen: the bottom line (as in the file) before the paired-difference figure, before the table.
    with h5py.File(results, "r") as h5:
        lines = list(h5["summary/bottom_line/text"].asstr()[...])
    assert len(lines) == 5, lines
    for line in lines:
        assert html.escape(line) in text, f"bottom line sentence missing: {line!r}"
    order = [text.find(x) for x in ('id="bottom-line"', 'id="bottom_line"', 'id="payback"', 'id="table"')]
    assert -1 not in order and order == sorted(order), f"first screen out of order: {order}"
    assert "<script" not in text and "stylesheet" not in text, "index.html is not self-contained"


def check_first_run(results, outdir):
    r = report(results, outdir)
    assert r.returncode == 0, f"exit {r.returncode}\n{r.stdout}\n{r.stderr}"
    for p in outputs(outdir):
        assert os.path.isfile(p), f"{p} missing"
    assert not [f for f in os.listdir(outdir) if ".tmp" in f], "temporary files left behind"


def check_refuses(results, outdir):
    before = snapshot(outdir)
    r = report(results, outdir)
    assert r.returncode == 2, f"exit {r.returncode} (expected 2)\n{r.stderr}"
    assert re.search(r"(index\.html|\.png|\.svg)", r.stderr), f"stderr does not name the file: {r.stderr!r}"
    assert snapshot(outdir) == before, "outputs changed although --force was not given"


def check_force(results, outdir):
    r = report(results, outdir, "--force")
    assert r.returncode == 0, f"exit {r.returncode}\n{r.stderr}"
    check_png(os.path.join(outdir, "trajectories.png"))


def check_cli(results, outdir):
    """`ambassim report` runs this script: on the finished folder it relays the script's refusal."""
    before = snapshot(outdir)
    r = run([AMBASSIM, "report", results, outdir], env=dict(os.environ, AMBASSIM_REPORT_SCRIPT=SCRIPT))
    assert r.returncode != 0, "`ambassim report` overwrote without --force"
    assert "report.py: output file" in r.stderr and "already exists" in r.stderr, r.stderr
    assert snapshot(outdir) == before, "outputs changed although --force was not given"


def check_planted_symlinks(results, outdir, tmp):
    """Symlinks planted under the names temporaries once had (`<file>.tmp`)
    are never written through: the victim file stays as it was."""
    victim = os.path.join(tmp, "victim.txt")
    with open(victim, "w") as f:
        f.write("precious\n")
    os.makedirs(outdir)
    names = [f"{n}.{x}" for n in FIGURES for x in ("png", "svg")] + ["index.html"]
    for name in names:
        os.symlink(victim, os.path.join(outdir, name + ".tmp"))
    r = report(results, outdir)
    assert r.returncode == 0, f"exit {r.returncode}\n{r.stderr}"
    with open(victim) as f:
        assert f.read() == "precious\n", "a report file was written through a planted symlink"
    for name in names:
        assert os.path.islink(os.path.join(outdir, name + ".tmp")), f"{name}.tmp was replaced"
    leftovers = [n for n in os.listdir(outdir) if ".tmp" in n and not os.path.islink(os.path.join(outdir, n))]
    assert not leftovers, f"temporary files left: {leftovers}"


def check_signed_numbers():
    """Panel titles' signed numbers: a small negative keeps its sign, only a rounded zero loses it."""
    sys.path.insert(0, os.path.dirname(SCRIPT))
    import report as script  # analysis/scripts/report.py
    cases = [((-0.2, "points"), "-0.2"), ((-0.04, "points"), "0.0"), ((0.3, "points"), "+0.3"),
             ((-0.4, "customers"), "0"), ((-1500, "customers"), "-1,500"), ((-0.5, "%"), "-0.5"),
             ((-971264, "currency", True), "-0.97M"), ((9421916, "currency", True), "+9.42M")]
    for args, want in cases:
        got = script.signed(*args)
        assert got == want, f"signed{args} = {got!r}, expected {want!r}"


def main():
    tmp = tempfile.mkdtemp(prefix="ambassim-report-")
    try:
        results = os.path.join(tmp, "r.compare.h5")
        outdir = os.path.join(tmp, "report")
        r = run([AMBASSIM, "compare", os.path.join(SOURCE_DIR, "scenarios", "none.toml"),
                 "--strategies", ",".join(STRATEGIES), "--replicates", "3",
                 "--set", "simulation.ticks=40", "--set", "simulation.warmup_days=10",
                 "--set", "organisation.employees=200", "--set", "organisation.units=2",
                 "--set", "customers.customers=3000", "-o", results, "-q"])
        if r.returncode != 0:
            print(f"FAIL compare: exit {r.returncode}\n{r.stdout}\n{r.stderr}")
            print("0 passed, 1 failed")
            return 1
        check("signed numbers in the figures' titles", check_signed_numbers)
        check("report exits 0 and writes every file", check_first_run, results, outdir)
        for name in FIGURES:
            check(f"{name}.png is a PNG larger than 300x300", check_png, os.path.join(outdir, f"{name}.png"))
            check(f"{name}.svg is an SVG", check_svg, os.path.join(outdir, f"{name}.svg"))
        check("index.html: strategies, verdicts, images", check_index, outdir, results)
        check("second run without --force exits 2 and changes nothing", check_refuses, results, outdir)
        check("--force overwrites", check_force, results, outdir)
        check("`ambassim report` runs the same script", check_cli, results, outdir)
        check("planted symlinks at temporary names are not followed", check_planted_symlinks, results,
              os.path.join(tmp, "planted"), tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
