"""Tests of the layer check itself (.ci/check_layers.py): a tiny source tree
with its own layer table, in which each way around the table must be caught
(angle-bracket project includes, HDF5 headers other than H5Cpp.h, a
third-party header reached through a project header), and the real tree must
pass. Run by ctest as ci/test_check_layers."""
import os
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from checks import check, finish  # noqa: E402

SOURCE = pathlib.Path(__file__).resolve().parent.parent.parent
CHECKER = SOURCE / ".ci" / "check_layers.py"

TABLE = """# fixture
<!-- layers:begin -->
| folder | may include (project folders) | third-party headers |
|---|---|---|
| `sim/util` | - | - |
| `sim/scenario` | `sim/util` | `toml++` |
| `sim/output` | `sim/util` | `hdf5` |
| `sim/runs` | `sim/util`, `sim/scenario`, `sim/output` | - |
<!-- layers:end -->
"""

FILES = {
    "sim/util/errors.hpp": "#pragma once\n",
    "sim/scenario/doc.hpp": "#pragma once\n#include <toml++/toml.h>\n",
    "sim/scenario/view.hpp": "#pragma once\n#include \"sim/util/errors.hpp\"\n",
    "sim/scenario/reader.hpp": "#pragma once\n#include \"sim/scenario/doc.hpp\"\n",
    "sim/output/file.hpp": "#pragma once\n#include <string>\n",
    "sim/runs/ok.cpp": "#include \"sim/scenario/view.hpp\"\n#include <sim/output/file.hpp>\n#include <vector>\n",
    # every line below must be reported
    "sim/util/angle.cpp": "#include <sim/output/file.hpp>\n",
    "sim/util/plist.cpp": "#include <H5Ppublic.h>\n",
    "sim/util/hdf5c.cpp": "#include <hdf5.h>\n",
    "sim/runs/direct.cpp": "#include <toml++/toml.h>\n",
    "sim/runs/through.cpp": "#include \"sim/scenario/doc.hpp\"\n",
    "sim/runs/twice.cpp": "#include <sim/scenario/reader.hpp>\n",
}

EXPECTED = [
    "check_layers: sim/runs/direct.cpp:1: sim/runs may not include <toml++/toml.h> (toml++)",
    "check_layers: sim/runs/through.cpp:1: sim/runs may not include sim/scenario/doc.hpp, which reaches toml++ "
    "(sim/scenario/doc.hpp includes <toml++/toml.h>)",
    "check_layers: sim/runs/twice.cpp:1: sim/runs may not include sim/scenario/reader.hpp, which reaches toml++ "
    "(sim/scenario/doc.hpp includes <toml++/toml.h>)",
    "check_layers: sim/util/angle.cpp:1: sim/util may not include sim/output/file.hpp (sim/output)",
    "check_layers: sim/util/hdf5c.cpp:1: sim/util may not include <hdf5.h> (hdf5)",
    "check_layers: sim/util/plist.cpp:1: sim/util may not include <H5Ppublic.h> (hdf5)",
]


def run(root):
    return subprocess.run([sys.executable, str(CHECKER), str(root)], capture_output=True, text=True)


with tempfile.TemporaryDirectory() as tmp:
    root = pathlib.Path(tmp)
    (root / "docs").mkdir()
    (root / "docs" / "developer.md").write_text(TABLE)
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    r = run(root)
    check("the fixture is refused (exit 1)", r.returncode == 1, f"exit {r.returncode}")
    got = r.stdout.splitlines()
    check("every bypass is reported, and nothing else", got == EXPECTED, "\n" + "\n".join(got))

    # Without the offending files the same tree passes.
    for rel in ("sim/util/angle.cpp", "sim/util/plist.cpp", "sim/util/hdf5c.cpp", "sim/runs/direct.cpp",
                "sim/runs/through.cpp", "sim/runs/twice.cpp"):
        os.remove(root / rel)
    r = run(root)
    check("the clean fixture passes", r.returncode == 0 and r.stdout.startswith("check_layers: every include"),
          r.stdout + r.stderr)

r = run(SOURCE)
check("the source tree follows its table", r.returncode == 0, r.stdout + r.stderr)
finish()
