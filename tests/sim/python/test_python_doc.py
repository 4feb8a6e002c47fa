#!/usr/bin/python3
"""The session in docs/python.md is real: every ```python block of the page
runs as a doctest (from the source folder, with the built module), so a
change of the module or of the model that changes a shown output fails here
until the page is regenerated (run the blocks in a python3 session and paste).

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
runner = doctest.DocTestRunner(optionflags=flags)
globs = {}
for i, block in enumerate(blocks):
    test = parser.get_doctest(block, globs, f"docs/python.md block {i + 1}", "docs/python.md", 0)
    result = runner.run(test)
    check(f"block {i + 1}: {result.attempted} examples give the page's outputs",
          result.attempted > 0 and result.failed == 0, f"{result.failed} of {result.attempted} differ")
finish()
