"""Files of the HTML reports (imported by report.py, sweep_report.py and
validation_report.py, which Python finds beside this module): figures as
PNG + SVG written under temporary names and renamed, existing outputs
refused before any work, the page written the same way, the error type that
means exit code 2, and main() wrapped so that a failure (a full disk) is one
line on stderr, never a traceback. Temporaries are created exclusively
(mkstemp: O_EXCL, an unpredictable name, never through a planted symlink)
and removed when the write fails."""
import argparse
import csv
import os
import signal
import sys
import tempfile

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


class InputError(Exception):
    """A problem with the inputs or existing outputs (exit 2)."""


def read_csv_rows(path):
    """The rows of a CSV table as dicts; a missing file is an InputError."""
    try:
        with open(path, encoding="utf-8") as f:
            return list(csv.DictReader(f))
    except FileNotFoundError:
        raise InputError(f"`{path}` not found") from None


def table_and_outdir_args(prog, table, argv):
    """Arguments of a figure script that reads one table into a folder:
    TABLE DIR [--force]."""
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument(table)
    parser.add_argument("outdir")
    parser.add_argument("--force", action="store_true")
    return parser.parse_args(argv)


def refuse_existing(paths, force):
    """Raises InputError for the first existing path unless force."""
    for path in paths:
        if os.path.exists(path) and not force:
            raise InputError(f"output file `{path}` already exists; use --force to overwrite it")


def _atomic(path, write, binary):
    """Calls write(f) on an exclusive temporary beside path, then renames it."""
    folder = os.path.dirname(path) or "."
    fd, temp = tempfile.mkstemp(dir=folder, prefix=os.path.basename(path) + ".tmp-")
    try:
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())  # a full disk shows here at the latest
        mask = os.umask(0)  # mkstemp makes 0600; give what open() would have
        os.umask(mask)
        os.chmod(temp, 0o666 & ~mask)
        os.replace(temp, path)
    except BaseException as e:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(e, OSError) and e.errno is not None:  # name the file, not the temporary or nothing
            raise OSError(e.errno, os.strerror(e.errno), path) from None
        raise


def save(fig, outdir, name, dpi=150):
    """Writes name.png and name.svg (no timestamp in the SVG) and closes the figure."""
    try:
        for ext, kw in (("png", {"dpi": dpi}), ("svg", {"metadata": {"Date": None}})):
            _atomic(os.path.join(outdir, f"{name}.{ext}"), lambda f: fig.savefig(f, format=ext, **kw), True)
    finally:
        plt.close(fig)


def save_png(fig, path, dpi=100):
    """Writes one PNG (exclusive temporary, renamed) and closes the figure."""
    try:
        _atomic(path, lambda f: fig.savefig(f, format="png", dpi=dpi), True)
    finally:
        plt.close(fig)


def write_text(path, text):
    """Writes a text file under a temporary name, then renames it."""
    _atomic(path, lambda f: f.write(text), False)


class Stopped(BaseException):
    """SIGTERM or SIGHUP (ambassim stopping the script): the temporary being
    written is removed on the way out (_atomic), exit code 130."""


def _stop(signum, frame):
    raise Stopped()


def run_main(prog, main, *args):
    """Exit code of main(*args); an OSError (a full disk, a folder that cannot
    be written) becomes one line on stderr and exit code 1, an InputError
    exit code 2, SIGTERM or SIGHUP exit code 130 without a temporary left."""
    for s in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, _stop)
    try:
        return main(*args)
    except Stopped:
        print(f"{prog}: stopped", file=sys.stderr)
        return 130
    except InputError as e:
        print(f"{prog}: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        where = f"`{e.filename}`: " if e.filename else ""
        print(f"{prog}: cannot write the report: {where}{e.strerror or e}", file=sys.stderr)
        return 1
