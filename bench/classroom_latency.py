#!/usr/bin/env python3
"""Latency of the classroom page's comparisons (`ambassim serve`, issue #14):
time to the first partial result and to the final one, for the default
lesson's classroom world (500 employees, 10,000 customers, 2 years of weekly
ticks, 2 strategies x 4 replicates), at 1 and 2 threads per comparison.

  /usr/bin/python3 bench/classroom_latency.py [AMBASSIM_BINARY] [--repeats N]

Two cases per thread count: "new world" (a seed not seen before: the
warm-up is computed) and "same world" (only a strategy control changed: the
warm-up comes from the server's cache, which is what a class moving the
budget split sees). Prints a Markdown table of medians (and min-max) in
seconds, measured by a client on the same machine over loopback, and the
server's CPU seconds per request (user + system, from /proc): on a busy
machine the wall times grow, the CPU time does not.
"""
import os
import http.client
import re
import statistics
import subprocess
import sys
import time

args = [a for a in sys.argv[1:] if not a.startswith("--")]
binary = args[0] if args else "build/release/ambassim"
repeats = 7
if "--repeats" in sys.argv:
    repeats = int(sys.argv[sys.argv.index("--repeats") + 1])


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(port, query):
    """(seconds to the first event, seconds to `done`) for one streamed request."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    start = time.perf_counter()
    conn.request("GET", "/api/compare?" + query, headers={"Accept": "text/event-stream"})
    resp = conn.getresponse()
    assert resp.status == 200, resp.read()
    first = None
    while True:
        line = resp.readline()
        if not line:
            raise RuntimeError("stream ended without a final result")
        if line.startswith(b"event: ") and first is None:
            first = time.perf_counter() - start
        if line.startswith(b"event: done"):
            done = time.perf_counter() - start
            conn.close()
            return first, done


rows = []
for threads in (1, 2):
    server = subprocess.Popen([binary, "serve", "--port", "0", "--threads", str(threads)],
                              stdout=subprocess.PIPE, text=True)
    try:
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", server.stdout.readline()).group(1))
        timed(port, "seed=1000")  # first touch: page-in, TBB start-up
        for case in ("new world", "same world"):
            firsts, dones = [], []
            cpu0 = cpu_seconds(server.pid)
            for i in range(repeats):
                if case == "new world":
                    query = f"seed={2000 + i}"
                else:
                    query = f"seed=1000&budget={1000 + 100 * i}"
                f, d = timed(port, query)
                firsts.append(f)
                dones.append(d)
            rows.append((threads, case, firsts, dones, (cpu_seconds(server.pid) - cpu0) / repeats))
    finally:
        server.terminate()
        server.wait()

fmt = lambda xs: f"{statistics.median(xs):.2f} ({min(xs):.2f}-{max(xs):.2f})"
print(f"| threads | case | first data, s | complete, s | server CPU s per request |")
print("|---|---|---|---|---|")
for threads, case, firsts, dones, cpu in rows:
    print(f"| {threads} | {case} | {fmt(firsts)} | {fmt(dones)} | {cpu:.2f} |")
print(f"\n({repeats} requests per row; median (min-max))")
