#!/usr/bin/env python3
"""Checks every #include in models/, sim/ and analysis/ against the table of
allowed dependencies in docs/developer.md (between the `layers:begin` and
`layers:end` markers), so the table is the one place the architecture is
written down. Prints one line per offending include and exits 1 if any.

Table rows: | folder | may include (project folders) | third-party headers |
A folder may always include itself; "-" means nothing else.

A project include is any "..." include and any <models/...>, <sim/...> or
<analysis/...> one (angle brackets do not bypass the table). A third-party
header is followed through project headers: a folder may include a project
header only if it may include every third-party header that header reaches
(so toml++ stays private to sim/scenario, HDF5 to sim/output).

    check_layers.py [ROOT]   (ROOT: the source tree; default this script's)
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent
doc = (ROOT / "docs" / "developer.md").read_text()
m = re.search(r"<!-- layers:begin -->(.*?)<!-- layers:end -->", doc, re.S)
if not m:
    sys.exit("check_layers: docs/developer.md has no <!-- layers:begin --> table")

rules = {}
for line in m.group(1).splitlines():
    cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
    if len(cells) != 3 or cells[0] in ("folder", "") or set(cells[0]) <= set("-: "):
        continue
    allowed = {c.strip().strip("`") for c in cells[1].split(",") if c.strip() not in ("-", "")}
    third = {c.strip().strip("`") for c in cells[2].split(",") if c.strip() not in ("-", "")}
    rules[cells[0]] = (allowed | {cells[0]}, third)

# Third-party header prefixes the table may name; anything else (the C++ and
# POSIX standard headers) is always allowed.
# HDF5's headers all start with H5 (H5Cpp.h, H5Ppublic.h, H5DSpublic.h, ...) or hdf5.
THIRD_PARTY = {"toml++": "toml++/", "tbb": "tbb/", "hdf5": ("H5", "hdf5"),
               "random123": "Random123/", "boost.program_options": "boost/program_options",
               "boost": "boost/", "mpi": "mpi.h", "pybind11": "pybind11/", "nlopt": "nlopt.h"}


def folder_of(path):
    rel = path.relative_to(ROOT).as_posix()
    best = ""
    for f in rules:
        if (rel.startswith(f + "/") or rel == f) and len(f) > len(best):
            best = f
    return best


def third_party_name(header):
    # the most specific name first (boost.program_options before boost)
    for name, prefixes in sorted(THIRD_PARTY.items(), key=lambda kv: -len(kv[0])):
        for p in (prefixes if isinstance(prefixes, tuple) else (prefixes,)):
            if header.startswith(p):
                return name
    return None


PROJECT_PREFIXES = ("models/", "sim/", "analysis/")
INCLUDE = re.compile(r'\s*#\s*include\s*([<"])([^>"]+)[>"]')


def includes(path):
    """(line number, header, is a project include) of every #include of a file."""
    out = []
    for n, line in enumerate(path.read_text().splitlines(), 1):
        inc = INCLUDE.match(line)
        if not inc:
            continue
        header = inc.group(2)
        project = (inc.group(1) == '"' and not header.startswith("ambassim/")) or header.startswith(PROJECT_PREFIXES)
        out.append((n, header, project))
    return out


reached_cache = {}


def reached(header, seen=()):
    """Third-party names a project header reaches, directly or through other
    project headers, each with the header that includes it."""
    if header in reached_cache:
        return reached_cache[header]
    path = ROOT / header
    found = {}
    if path.is_file() and header not in seen:
        for _, h, project in includes(path):
            if project:
                for name, via in reached(h, seen + (header,)).items():
                    found.setdefault(name, via)
            elif (name := third_party_name(h)):
                found.setdefault(name, f"{header} includes <{h}>")
    reached_cache[header] = found
    return found


def may_use(third, name):
    return name in third or (name == "boost" and "boost.program_options" in third)


bad = []
for path in sorted(ROOT.glob("**/*.[ch]pp")):
    rel = path.relative_to(ROOT).as_posix()
    if not rel.startswith(PROJECT_PREFIXES):
        continue
    owner = folder_of(path)
    if not owner:
        bad.append(f"{rel}: folder not in the table of docs/developer.md")
        continue
    allowed, third = rules[owner]
    for n, header, project in includes(path):
        if project:
            target = folder_of(ROOT / header)
            if not target:
                bad.append(f"{rel}:{n}: includes {header}, which is in no folder of the table")
            elif target not in allowed:
                bad.append(f"{rel}:{n}: {owner} may not include {header} ({target})")
            elif target != owner:
                for name, via in sorted(reached(header).items()):
                    if not may_use(third, name):
                        bad.append(f"{rel}:{n}: {owner} may not include {header}, which reaches {name} ({via})")
        else:
            name = third_party_name(header)
            if name and not may_use(third, name):
                bad.append(f"{rel}:{n}: {owner} may not include <{header}> ({name})")

for b in bad:
    print("check_layers: " + b)
if bad:
    sys.exit(1)
print(f"check_layers: every include follows the table ({len(rules)} folders)")
