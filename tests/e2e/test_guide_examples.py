#!/usr/bin/python3
"""The guides' pasted outputs are real (issue #13: "runs from the strategist's guide as written").

Every `<!-- checked: COMMAND -->` comment in docs/strategist-guide.md and
docs/researcher-guide.md is followed by a fenced block of output. COMMAND (an
`ambassim ...` line exactly as the guide writes it, paths relative to the
repository root) is run in an empty folder where `scenarios` is the
repository's, so it reads the shipped files and writes its outputs there; the
block's lines must appear, in order and contiguous, in what it printed (a
guide may paste the first or last lines), or else in its messages on stderr
(`wrote FILE`). A `<!-- checked-python -->` comment
is followed by a fenced ```python block and a fenced block of its output: the
code runs with /usr/bin/python3 in the same folder (so it reads what the
commands before it wrote; `import ambassim` finds the module in
AMBASSIM_PYTHON_DIR) and its output is checked the same way. A guide's checks
run in the guide's order. A block of TOML after `<!-- file: PATH -->` must be
that file's text from its first line.

Needs AMBASSIM and AMBASSIM_SOURCE_DIR (and AMBASSIM_PYTHON_DIR for examples
that import ambassim: without it they are reported as skipped); Debian's
/usr/bin/python3.
Prints `N passed, M failed` last; exits 1 if any check failed.

`--update` rewrites every pasted output that no longer matches with what the
command prints now (after a model change): the same number of lines, taken
where the old block's lines best match the new output line by line with
numbers ignored (a pasted head stays a head, a tail a tail). Read the diff:
the words around the numbers are still yours to check.
"""
import os
import re
import shlex
import subprocess
import sys
import tempfile

AMBASSIM = os.environ.get("AMBASSIM")
SOURCE_DIR = os.environ.get("AMBASSIM_SOURCE_DIR")
if not AMBASSIM or not SOURCE_DIR:
    sys.exit("set AMBASSIM to the ambassim binary and AMBASSIM_SOURCE_DIR to the source tree")
PYTHON_DIR = os.environ.get("AMBASSIM_PYTHON_DIR")
GUIDES = ["docs/strategist-guide.md", "docs/researcher-guide.md"]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, finish  # noqa: E402  (tests/checks.py)


def blocks(text, kind):
    """(argument, block lines) for every `<!-- kind: argument -->` followed by a fenced block."""
    pattern = r"<!-- " + kind + r": (.+?) -->\s*\n```[a-z]*\n(.*?)\n```"
    return [(m.group(1).strip(), m.group(2).split("\n")) for m in re.finditer(pattern, text, re.S)]


def checked(text):
    """(position, kind, command or code, output lines, span of the output block) of every checked example,
    in the guide's order."""
    found = [(m.start(), "command", m.group(1).strip(), m.group(2).split("\n"), m.span(2))
             for m in re.finditer(r"<!-- checked: (.+?) -->\s*\n```[a-z]*\n(.*?)\n```", text, re.S)]
    found += [(m.start(), "python", m.group(1), m.group(2).split("\n"), m.span(2))
              for m in re.finditer(r"<!-- checked-python -->\s*\n```python\n(.*?)\n```\s*\n```[a-z]*\n(.*?)\n```",
                                   text, re.S)]
    return sorted(found)


def skeleton(line):
    """A line with its numbers blanked, to align an old pasted block with new output."""
    return " ".join(re.sub(r"[-+]?\d[\d,.]*%?", "#", line).split())


def refreshed(lines, out, err):
    """The block's lines as the new output gives them (see --update)."""
    best = None
    for source in (out, err):
        n = len(lines)
        for k in range(max(1, len(source) - n + 1)):
            window = source[k:k + n]
            score = sum(skeleton(a) == skeleton(b) for a, b in zip(lines, window))
            if best is None or score > best[0]:  # the first best: a pasted head stays a head
                best = (score, window)
    return best[1] if best and best[0] > 0 else out


def run(kind, code, work):
    """(exit code, stdout, stderr) of a checked command or Python example; None to skip."""
    if kind == "command":
        args = shlex.split(code)
        assert args[0] == "ambassim", code
        return subprocess.run([AMBASSIM, *args[1:]], cwd=work, capture_output=True, text=True, timeout=900)
    env = dict(os.environ)
    if re.search(r"^import .*\bambassim\b", code, re.M):
        if not PYTHON_DIR:
            return None
        env["PYTHONPATH"] = PYTHON_DIR
    return subprocess.run(["/usr/bin/python3", "-c", code], cwd=work, capture_output=True, text=True, timeout=900, env=env)


def contiguous(needle, haystack):
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def main():
    update = "--update" in sys.argv[1:]
    total = 0
    with tempfile.TemporaryDirectory() as work:
        os.symlink(os.path.join(SOURCE_DIR, "scenarios"), os.path.join(work, "scenarios"))
        for guide in GUIDES:
            text = open(os.path.join(SOURCE_DIR, guide), encoding="utf-8").read()
            for path, lines in blocks(text, "file"):
                total += 1
                actual = open(os.path.join(SOURCE_DIR, path), encoding="utf-8").read().split("\n")
                check(f"{guide}: {path} as pasted", actual[:len(lines)] == lines,
                      "\n".join(f"- {a}\n+ {b}" for a, b in zip(lines, actual) if a != b)[:2000])
            edits = []
            for _, kind, code, lines, span in checked(text):
                total += 1
                name = f"`{code}`" if kind == "command" else "the Python example `" + code.split("\n")[0] + " ...`"
                r = run(kind, code, work)
                if r is None:
                    print(f"skipped: {guide}: {name} (AMBASSIM_PYTHON_DIR is not set: the module was not built)")
                    continue
                # Trailing spaces (pandas pads its index lines) are not compared.
                out = [line.rstrip() for line in r.stdout.rstrip("\n").split("\n")]
                err = [line.rstrip() for line in r.stderr.rstrip("\n").split("\n")]
                lines = [line.rstrip() for line in lines]
                # Messages such as "wrote FILE" go to stderr: a block may show those.
                ok = r.returncode == 0 and (contiguous(lines, out) or contiguous(lines, err))
                if update and not ok and r.returncode == 0:
                    edits.append((span, "\n".join(refreshed(lines, out, err))))
                    print(f"updated: {guide}: {name}")
                    continue
                first_bad = next((f"- {a}\n+ {b}" for a, b in zip(lines, out) if a != b), "")
                check(f"{guide}: {name} prints what the guide shows", ok,
                      f"exit {r.returncode}; stderr {r.stderr[-500:]}\nfirst difference from the top:\n{first_bad}")
            for (a, b), new in sorted(edits, reverse=True):
                text = text[:a] + new + text[b:]
            if edits:
                open(os.path.join(SOURCE_DIR, guide), "w", encoding="utf-8").write(text)
    check("the guides have checked examples", total >= 4, f"{total} found")
    finish()


if __name__ == "__main__":
    main()
