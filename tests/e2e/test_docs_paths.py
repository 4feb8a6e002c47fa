"""Every repository path written in backquotes in docs/*.md and README.md
exists (issue #11: after the move to one folder per subsystem, 16 references
named files that no longer existed). A word inside `...` is taken as a
repository path when its first component is a top-level folder of the
repository (sim/, models/, analysis/, tests/, docs/, scenarios/, bench/,
cmake/, .ci/ ...); a `:LINE` suffix is dropped, `*` globs must match
something, and words with placeholders (<preset>, {a,b}, $VAR, NAME) are
skipped. Relative to the repository root or, failing that, to the page's
own folder (docs/figures/...)."""
import glob
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, finish  # noqa: E402

root = os.environ.get("AMBASSIM_SOURCE_DIR") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# Top-level folders of the repository (not build trees or caches).
folders = {e for e in os.listdir(root)
           if os.path.isdir(os.path.join(root, e)) and e not in {"build", ".git", "node_modules"}}
pages = sorted(glob.glob(os.path.join(root, "docs", "*.md"))) + [os.path.join(root, "README.md")]

span = re.compile(r"`([^`\n]+)`")
placeholder = re.compile(r"[<>{}$]|\b[A-Z]{2,}\b")


def candidates(text):
    """(line number, path) of every word in backquotes that names a repository path."""
    for number, line in enumerate(text.splitlines(), 1):
        for m in span.finditer(line):
            for word in m.group(1).split():
                word = word.strip("\"'(),;")
                word = re.sub(r":\d+(-\d+)?$", "", word)  # file.cpp:35 or :35-38
                first = word.split("/", 1)[0]
                if "/" not in word or first not in folders or placeholder.search(word):
                    continue
                yield number, word


def exists(path, page):
    for base in (root, os.path.dirname(page)):
        full = os.path.join(base, path)
        if glob.glob(full) if "*" in path else os.path.exists(full):
            return True
    return False


checked = 0
for page in pages:
    with open(page, encoding="utf-8") as f:
        text = f.read()
    in_fence = False
    lines = []
    for line in text.splitlines():  # fenced code blocks hold commands and outputs, not references
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            lines.append("")
        else:
            lines.append("" if in_fence else line)
    for number, path in candidates("\n".join(lines)):
        checked += 1
        name = f"{os.path.relpath(page, root)}:{number}: `{path}`"
        check(name + " exists", exists(path, page))
check("some paths were checked", checked > 50, f"({checked})")
finish()
