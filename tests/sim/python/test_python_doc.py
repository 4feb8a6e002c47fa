#!/usr/bin/python3
"""The session in docs/python.md is real: every ```python block of the page
runs as a doctest (from the source folder, with the built module), so a
change of the module or of the model that changes a shown output fails here
until the page is regenerated: `--update` rewrites every output that differs
with what the session prints now (read the diff: the prose is still yours).

Needs AMBASSIM_SOURCE_DIR and AMBASSIM_PYTHON_DIR; prints `N passed, M failed`.
"""
import doctest
import os
import re
import sys

source = os.environ["AMBASSIM_SOURCE_DIR"]
sys.path.insert(0, os.environ["AMBASSIM_PYTHON_DIR"])
sys.path.insert(0, os.path.join(source, "tests"))
from checks import check, finish  # noqa: E402

page = open(os.path.join(source, "docs", "python.md"), encoding="utf-8").read()
blocks = re.findall(r"^```python\n(.*?)^```", page, flags=re.S | re.M)
check("the page has a python session", len(blocks) >= 1, len(blocks))
os.chdir(source)
parser = doctest.DocTestParser()
flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
update = "--update" in sys.argv[1:]


class Recorder(doctest.DocTestRunner):
    """Keeps what each differing example printed (for --update)."""
    def __init__(self, **kw):
        super().__init__(**kw)
        self.got = []

    def report_failure(self, out, test, example, got):
        self.got.append((example, got))
        if not update:
            super().report_failure(out, test, example, got)


runner = Recorder(optionflags=flags)
globs = {}
new_page = page
for i, block in enumerate(blocks):
    test = parser.get_doctest(block, globs, f"docs/python.md block {i + 1}", "docs/python.md", 0)
    runner.got = []
    result = runner.run(test)
    if update and runner.got:
        lines = block.split("\n")
        for example, got in sorted(runner.got, key=lambda e: -e[0].lineno):
            start = example.lineno + example.source.count("\n")
            end = start + example.want.count("\n")
            lines[start:end] = [line.rstrip() for line in got.rstrip("\n").split("\n")]
        new_page = new_page.replace(block, "\n".join(lines), 1)
        print(f"updated: block {i + 1}: {len(runner.got)} outputs")
        continue
    check(f"block {i + 1}: {result.attempted} examples give the page's outputs",
          result.attempted > 0 and result.failed == 0, f"{result.failed} of {result.attempted} differ")
if update and new_page != page:
    open(os.path.join(source, "docs", "python.md"), "w", encoding="utf-8").write(new_page)
finish()
