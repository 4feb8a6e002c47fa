"""Files of the HTML reports (imported by report.py and sweep_report.py,
which Python finds beside this module): figures as PNG + SVG written under
temporary names and renamed, existing outputs refused before any work, the
page written the same way, and the error type that means exit code 2."""
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


class InputError(Exception):
    """A problem with the inputs or existing outputs (exit 2)."""


def refuse_existing(paths, force):
    """Raises InputError for the first existing path unless force."""
    for path in paths:
        if os.path.exists(path) and not force:
            raise InputError(f"output file `{path}` already exists; use --force to overwrite it")


def save(fig, outdir, name, dpi=150):
    """Writes name.png and name.svg (no timestamp in the SVG) and closes the figure."""
    for ext, kw in (("png", {"dpi": dpi}), ("svg", {"metadata": {"Date": None}})):
        final = os.path.join(outdir, f"{name}.{ext}")
        fig.savefig(final + ".tmp", format=ext, **kw)
        os.replace(final + ".tmp", final)
    plt.close(fig)


def write_text(path, text):
    """Writes a text file under a temporary name, then renames it."""
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(path + ".tmp", path)
