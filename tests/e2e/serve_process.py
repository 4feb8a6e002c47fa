"""Starts `ambassim serve` for the end-to-end tests (test_game_api.py,
test_game_host.py) and waits for the line it prints that `pattern` matches."""
import re
import subprocess
import time


def start_serve(args, pattern, cwd=None):
    """(process, match, everything printed so far); RuntimeError if the server exits or prints no match in 60 s."""
    p = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = ""
    deadline = time.time() + 60
    while time.time() < deadline:
        line = p.stdout.readline()
        if not line and p.poll() is not None:
            break
        out += line
        m = re.search(pattern, out)
        if m:
            return p, m, out
    raise RuntimeError("no URL printed: " + out + p.stderr.read())
