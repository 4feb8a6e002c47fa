#!/usr/bin/env python3
"""Round advance time of the class game (`ambassim serve --game`, issue #15)
with many teams: starts the server on a game file, joins N teams, and plays
every round with all teams submitting (varied decisions). Two times per
round: the server's own (`last_advance_seconds` on the board: simulating
every team's company plus the four built-ins for one round, and reading
their trajectories), and the wall time a client sees from the last
submission to the new round on the board (polling every 20 ms).

  /usr/bin/python3 bench/game_rounds.py [AMBASSIM_BINARY] [--teams 30] [--game FILE]

Prints a Markdown table row per round and the median and maximum.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

args = [a for a in sys.argv[1:] if not a.startswith("--")]
binary = args[0] if args else "build/release/ambassim"
teams_n = int(sys.argv[sys.argv.index("--teams") + 1]) if "--teams" in sys.argv else 30
game = sys.argv[sys.argv.index("--game") + 1] if "--game" in sys.argv else "scenarios/games/class_45min.toml"
state = os.path.join(tempfile.mkdtemp(prefix="ambassim-game-bench-"), "state.toml")

server = subprocess.Popen([binary, "serve", "--port", "0", "--game", game, "--game-state", state],
                          stdout=subprocess.PIPE, text=True)
out = ""
t0 = time.time()
while True:
    line = server.stdout.readline()
    if not line:
        sys.exit("the server stopped: " + out)
    out += line
    m = re.search(r"facilitator: (http://127\.0\.0\.1:\d+)/facilitator\?key=(\w+)", out)
    if m:
        break
base, key = m.group(1), m.group(2)
code = re.search(r"join code (\w+)", out).group(1)
startup = time.time() - t0


def call(path, params, post=False):
    data = urllib.parse.urlencode(params).encode()
    req = urllib.request.Request(base + path + ("" if post else "?" + data.decode()), data=data if post else None)
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


try:
    info = call("/api/game/info", {})
    tokens = [call("/api/game/join", {"code": code, "team": f"Team {i + 1}"}, post=True)["token"] for i in range(teams_n)]
    call("/api/game/control", {"key": key, "action": "timer", "seconds": 0}, post=True)
    call("/api/game/control", {"key": key, "action": "start"}, post=True)
    levers = info["levers"]
    print(f"{teams_n} teams, {info['rounds']} rounds of {info['round_days']:g} days ({game}); "
          f"server start-up (warm-up) {startup:.2f} s\n")
    print("| round | server advance s | last submission to new round s |")
    print("|---|---|---|")
    server_s, wall_s = [], []
    for r in range(1, info["rounds"] + 1):
        for i, token in enumerate(tokens):
            shares = [((i + k + r) % 5) / (5 * len(levers)) for k in range(len(levers))]  # sum <= 0.8
            params = {"token": token, "round": r, "budget": 500 + 100 * ((i * 7 + r) % 25)}
            params.update({lever: s for lever, s in zip(levers, shares)})
            if i == len(tokens) - 1:
                t = time.time()
            call("/api/game/submit", params, post=True)
        while True:
            board = call("/api/game/board", {"key": key})
            if board["round"] >= r and not board["advancing"]:
                break
            time.sleep(0.02)
        wall_s.append(time.time() - t)
        server_s.append(board["last_advance_seconds"])
        print(f"| {r} | {server_s[-1]:.2f} | {wall_s[-1]:.2f} |")
    print(f"\nmedian server advance {statistics.median(server_s):.2f} s (max {max(server_s):.2f}); "
          f"median wall {statistics.median(wall_s):.2f} s (max {max(wall_s):.2f})")
    # What the pages' polling costs at the end of the game (the longest trajectories).
    for what, path, params in [("board (facilitator)", "/api/game/board", {"key": key}),
                               ("team dashboard", "/api/game/team", {"token": tokens[0]})]:
        times = []
        for _ in range(20):
            t = time.time()
            call(path, params)
            times.append(time.time() - t)
        print(f"{what}: median {1000 * statistics.median(times):.1f} ms per request")
finally:
    server.terminate()
    server.wait(timeout=30)
