"""End-to-end test of the class game's HTTP API against the built binary
(`ambassim serve --game`, docs/classroom.md): three teams join (one rejoins)
and a fourth joins late (at the current round, its missed round run on the
default decision), invalid requests are refused with their field named, rounds advance when
every team has submitted and when the timer ends (a team that did not submit
keeps its last decision), the server is stopped and restarted on the same
state file and resumes the game with identical trajectories, and the exports
are checked: the HDF5 file holds every company and the decisions, and a
team's exported scenario (the late team's too) replayed by `ambassim
compare` gives exactly the team's trajectories. The game allows the capacity
lever (a copy of game_small.toml with `levers = ["families", "hire"]`):
Alpha hires, so its replay checks that hiring replays exactly too."""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from checks import check, finish  # noqa: E402
from e2e.serve_process import start_serve  # noqa: E402

AMBASSIM = os.environ["AMBASSIM"]
SOURCE = os.environ["AMBASSIM_SOURCE_DIR"]
work = tempfile.mkdtemp(prefix="ambassim-game-")
small_file = os.path.join(SOURCE, "tests", "e2e", "game_small.toml")
state_file = os.path.join(work, "game.state.toml")
# The tests' tiny game with the capacity lever (its world's path made absolute in the copy).
game_file = os.path.join(work, "game_hire.toml")
with open(small_file) as f:
    text = f.read()
text = text.replace('scenario = "../../scenarios/', f'scenario = "{SOURCE}/scenarios/')
text = text.replace("round_minutes = 0\n", 'round_minutes = 0\nlevers = ["families", "hire"]\n')
with open(game_file, "w") as f:
    f.write(text + "\n[hire]\nmax = 0.3\nstep = 0.05\n")


def start():
    p, m, out = start_serve([AMBASSIM, "serve", "--port", "0", "--game", game_file, "--game-state", state_file],
                            r"facilitator: (http://127\.0\.0\.1:\d+)/facilitator\?key=(\w+)")
    code = re.search(r"join code (\w+)", out).group(1)
    return p, m.group(1), code, m.group(2), out


def call(base, path, params, post=False):
    data = urllib.parse.urlencode(params).encode()
    req = urllib.request.Request(base + path + ("" if post else "?" + data.decode()), data=data if post else None)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            body = r.read()
            return r.status, (json.loads(body) if r.headers.get_content_type() == "application/json" else body)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def wait_round(base, key, n):
    for _ in range(200):
        s, b = call(base, "/api/game/board", {"key": key})
        if b["round"] >= n and not b["advancing"]:
            return b
        time.sleep(0.05)
    raise RuntimeError(f"round {n} never came")


# A bad game file or state file stops the server before it listens: exit 2, FILE:LINE:COL.
bad = os.path.join(work, "bad.toml")
with open(bad, "w") as f:
    f.write('[game]\nscenario = "none.toml"\nrounds = 99\n')
r = subprocess.run([AMBASSIM, "serve", "--port", "0", "--game", bad], capture_output=True, text=True, timeout=60)
check("a bad game file", r.returncode == 2 and
      r.stderr.strip() == f"ambassim: error: {bad}:3:1: key `game.rounds` must be in [1, 40], got 99", r.stderr)
# `ambassim check` knows game files: the same message, and a summary of a good one.
r = subprocess.run([AMBASSIM, "check", bad], capture_output=True, text=True, timeout=60)
check("check: a bad game file", r.returncode == 2 and
      r.stderr.strip() == f"ambassim: error: {bad}:3:1: key `game.rounds` must be in [1, 40], got 99", r.stderr)
shipped = os.path.join(SOURCE, "scenarios", "games", "class_45min.toml")
r = subprocess.run([AMBASSIM, "check", shipped], capture_output=True, text=True, timeout=60)
check("check: a shipped game file", r.returncode == 0 and r.stdout.startswith(f"ok: game {shipped} (6 rounds of 91 days, "
      "levers: families, world ") and r.stdout.endswith(": 500 employees, 10,000 customers)\n"), r.stdout + r.stderr)
r = subprocess.run([AMBASSIM, "check", game_file], capture_output=True, text=True, timeout=60)
check("check: a game with the capacity lever", r.returncode == 0 and
      "levers: families and hire (up to 30% more front-line staff), world " in r.stdout, r.stdout + r.stderr)
r = subprocess.run([AMBASSIM, "check", shipped, "--set", "run.seed=3"], capture_output=True, text=True, timeout=60)
check("check: --set is for scenarios", r.returncode == 2 and "not to a game file" in r.stderr, r.stderr)
with open(bad, "w") as f:
    f.write('format = "ambassim-game-state"\ngame_hash = "0"\n')
r = subprocess.run([AMBASSIM, "serve", "--port", "0", "--game", game_file, "--game-state", bad], capture_output=True,
                   text=True, timeout=60)
check("another game's state file", r.returncode == 2 and "belongs to another game file" in r.stderr, r.stderr)

r = subprocess.run([AMBASSIM, "serve", "--port", "0", "--game", game_file, "--game-state",
                    os.path.join(work, "missing", "state.toml")], capture_output=True, text=True, timeout=60)
check("a state file that cannot be written: exit 1 before the game starts", r.returncode == 1 and
      "cannot write output" in r.stderr and "join code" not in r.stdout, (r.returncode, r.stderr))

server, base, code, key, out = start()
check("new game announced", "saved to " + state_file in out, out)
try:
    teams = {}
    for name in ["Alpha", "Beta", "Gamma"]:
        s, b = call(base, "/api/game/join", {"code": code, "team": name}, post=True)
        check(f"join {name}", s == 200 and b["rejoined"] is False, b)
        teams[name] = b["token"]
    s, b = call(base, "/api/game/join", {"code": code, "team": "alpha"}, post=True)
    check("rejoin keeps the company", s == 200 and b["rejoined"] and b["token"] == teams["Alpha"], b)
    s, b = call(base, "/api/game/join", {"code": "WRONG", "team": "Delta"}, post=True)
    check("wrong code refused", s == 400 and b["error"] == "code: no game with this join code here", b)
    s, b = call(base, "/api/game/join", {"code": code, "team": "Delta"})
    check("join needs POST", s == 405, b)
    s, b = call(base, "/api/game/join", {"code": code, "team": "<b>Delta</b>"}, post=True)
    check("markup in a name refused", s == 400 and b["error"].startswith("team: letters, digits"), b)
    s, b = call(base, "/api/game/join", {"code": code, "team": "x" * 5000}, post=True)
    check("an oversized form refused", s == 413, (s, b))

    s, b = call(base, "/api/game/control", {"key": key, "action": "start"}, post=True)
    check("start", s == 200 and b["status"] == "running", b)
    bad = [({"round": 1, "budget": 100, "engagement": 0.8, "ambassadorship": 0.4},
            "shares: sum to 1.2; together they can take at most the whole budget (1)"),
           ({"round": 1, "budget": 9999}, "budget: must be in [0, 3000], got 9999"),
           ({"round": 1, "budget": 100, "hire": 0.35}, "hire: must be in [0, 0.3], got 0.35"),
           ({"round": 1, "budget": 100, "hiring": 0.1}, "hiring: the capacity lever's field is `hire`"),
           ({"round": 1, "budget": "1e3x"}, 'budget: expected a number, got "1e3x"')]
    for params, message in bad:
        s, b = call(base, "/api/game/submit", dict(params, token=teams["Alpha"]), post=True)
        check("invalid submission: " + message, s == 400 and b["error"] == message, (s, b))
    s, b = call(base, "/api/game/submit", {"token": "nosuchteam", "round": 1, "budget": 1}, post=True)
    check("unknown token", s == 400, b)
    s, b = call(base, "/api/game/board", {"key": teams["Alpha"]})
    check("a team cannot see the board", s == 400, b)

    s, info = call(base, "/api/game/info", {})
    check("the game offers the capacity lever", info["hire"] == {"max": 0.3, "step": 0.05}, info)
    # Round 1: everyone submits; the round advances by itself. Alpha hires 10% more front-line staff.
    decisions = {"Alpha": (2000, 0.2, 0.7, 0.1), "Beta": (1000, 0.9, 0.0, 0), "Gamma": (0, 0.0, 0.0, 0)}
    for name, (budget, e, a, h) in decisions.items():
        s, b = call(base, "/api/game/submit", {"token": teams[name], "round": 1, "budget": budget,
                                               "engagement": e, "ambassadorship": a, "hire": h}, post=True)
        check(f"{name} submits", s == 200, b)
    board = wait_round(base, key, 1)
    check("round 1 played", board["round"] == 1 and len(board["day"]) == 2, board["round"])

    # A late team joins at the current round; its company ran round 1 on the game's default decision.
    s, b = call(base, "/api/game/join", {"code": code, "team": "Delta"}, post=True)
    check("a late team joins", s == 200 and b["rejoined"] is False, b)
    teams["Delta"] = b["token"]
    for _ in range(200):
        s, late = call(base, "/api/game/team", {"token": teams["Delta"]})
        if len(late["day"]) == 2:
            break
        time.sleep(0.05)
    check("the late team starts at the current round with the default decision history",
          late["round"] == 1 and late["joined_round"] == 1 and len(late["series"]["nps"]) == 2
          and late["decisions"] == [{"budget": 1500, "engagement": 0, "ambassadorship": 0, "hire": 0}], late)

    # Round 2: only Alpha submits; the timer ends it and the others keep their decisions.
    call(base, "/api/game/submit", {"token": teams["Alpha"], "round": 2, "budget": 2500, "engagement": 0.1,
                                    "ambassadorship": 0.8, "hire": 0.25}, post=True)
    s, b = call(base, "/api/game/control", {"key": key, "action": "timer", "seconds": 1}, post=True)
    check("timer set", s == 200, b)
    board = wait_round(base, key, 2)
    by = {t["name"]: t for t in board["teams"]}
    check("the timer advanced round 2", board["round"] == 2)
    check("Beta kept its decision",
          by["Beta"]["decisions"][1] == {"budget": 1000, "engagement": 0.9, "ambassadorship": 0, "hire": 0},
          by["Beta"]["decisions"])
    check("Alpha's new decision", by["Alpha"]["decisions"][1]["budget"] == 2500
          and by["Alpha"]["decisions"][1]["hire"] == 0.25, by["Alpha"]["decisions"])
    with open(state_file) as f:
        saved = f.read()
    check("the state is saved after the round", "round = 2" in saved and saved.count("[[teams]]") == 4
          and "[2500.0, 0.1, 0.8," in saved, saved[:300])
    s, team_before = call(base, "/api/game/team", {"token": teams["Alpha"]})
    check("team view has news", s == 200 and len(team_before["news"]) >= 1, team_before.get("news"))
    x = team_before["series"]["extra_front_line"]
    check("Alpha's extra staff ramp up toward its share", len(x) == 4 and 0 < x[0] < x[1] < x[2] < x[3] < 0.25, x)
    check("the news tells Alpha about its extra staff",
          any(n.startswith("Extra front-line staff add ") and "(up from" in n for n in team_before["news"]),
          team_before["news"])
    s, beta = call(base, "/api/game/team", {"token": teams["Beta"]})
    check("Beta hired nobody", not any(beta["series"]["extra_front_line"]), beta["series"]["extra_front_line"])
    call(base, "/api/game/control", {"key": key, "action": "timer", "seconds": 0}, post=True)
finally:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)

# Restart on the same state file: the game resumes, paused, with the same companies.
server, base, code2, key2, out = start()
try:
    check("resumed", "resumed from " + state_file in out and code2 == code and key2 == key, out)
    s, board = call(base, "/api/game/board", {"key": key})
    check("resumed at round 2, paused", board["round"] == 2 and board["status"] == "paused", board["status"])
    s, team_after = call(base, "/api/game/team", {"token": teams["Alpha"]})
    check("trajectories identical after the restart", team_after["series"] == team_before["series"])
    call(base, "/api/game/control", {"key": key, "action": "resume"}, post=True)
    call(base, "/api/game/control", {"key": key, "action": "advance"}, post=True)
    board = wait_round(base, key, 3)
    check("game over after 3 rounds", board["status"] == "ended", board["status"])
    s, b = call(base, "/api/game/control", {"key": key, "action": "reveal"}, post=True)
    s, deb = call(base, "/api/game/debrief", {"token": teams["Beta"]})
    names = [c["name"] for c in deb["companies"]]
    check("debrief: teams and built-ins", s == 200 and "Alpha" in names and "Built-in: no programmes" in names, names)
    check("debrief: which decisions mattered", len(deb["mattered"]) >= 3, deb["mattered"])
    check("debrief: hiring is among the decisions weighed",
          any(m["what"].startswith("hired more extra front-line staff") for m in deb["mattered"]), deb["mattered"])

    s, html = call(base, "/api/game/export/debrief.html", {"key": key})
    check("debrief page", s == 200 and b"Which decisions mattered" in html and b"Gamma" in html
          and b"hire 25%" in html)
    s, h5 = call(base, "/api/game/export/game.h5", {"key": key})
    check("HDF5 export", s == 200 and h5[:8] == b"\x89HDF\r\n\x1a\n")
    game_h5 = os.path.join(work, "game.compare.h5")
    with open(game_h5, "wb") as f:
        f.write(h5)
    s, toml = call(base, "/api/game/export/team.toml", {"token": teams["Alpha"], "team": "Alpha"})
    check("a team exports its own scenario, its hiring in its phases",
          s == 200 and b"extra_front_line = 0.1\n" in toml and b"extra_front_line = 0.25\n" in toml, toml)
    s, other = call(base, "/api/game/export/team.toml", {"token": teams["Beta"], "team": "Alpha"})
    check("but not another team's", s == 400, other)
    s, late_toml = call(base, "/api/game/export/team.toml", {"key": key, "team": "Delta"})
    check("the facilitator exports the late team's scenario", s == 200, late_toml)
finally:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)

builtins = ["none", "engagement_first", "ambassadorship_first", "balanced"]


def replay(team, text):
    """Replays a team's exported scenario with `compare`; the mismatched datasets against the game's export."""
    path = os.path.join(work, team + ".toml")
    with open(path, "wb") as f:
        f.write(text)
    out = os.path.join(work, team + ".compare.h5")
    r = subprocess.run([AMBASSIM, "compare", path, "--output", out, "--quiet"], capture_output=True, text=True)
    check(f"the exported scenario of {team} runs", r.returncode == 0, r.stderr)
    mismatched, compared = [], []
    with h5py.File(game_h5) as g, h5py.File(out) as x:
        strategies = list(g["strategies"].asstr()[:])
        replayed = list(x["strategies"].asstr()[:])
        check(f"the replay compares {team}'s named strategy with the built-ins", replayed == [team.lower()] + builtins,
              replayed)
        # Every company of the replay (the team and the built-ins) against the game's.
        pairs = [(strategies.index(team), 0)] + [(strategies.index(b), 1 + k) for k, b in enumerate(builtins)]

        def same(name, obj):
            if isinstance(obj, h5py.Dataset) and name.startswith("runs/") and obj.ndim >= 3 and obj.dtype.kind == "f":
                compared.append(name)
                for a, b in pairs:
                    if not np.array_equal(obj[a, 0], x[name][b, 0], equal_nan=True):
                        mismatched.append(f"{name} ({strategies[a]})")
        g.visititems(same)
    check(f"the replay gives exactly {team}'s and the built-ins' trajectories", len(compared) > 20 and not mismatched,
          mismatched[:5])


replay("Alpha", toml)
replay("Delta", late_toml)  # a late team: its missed round on the default decision
with h5py.File(game_h5) as g:
    strategies = list(g["strategies"].asstr()[:])
    check("companies in the export", strategies == ["Alpha", "Beta", "Gamma", "Delta"] + builtins, strategies)
    labels = list(g["strategy_labels"].asstr()[:])
    check("teams labelled as named strategies", labels == ["Alpha", "Beta", "Gamma", "Delta"] + [""] * 4, labels)
    dec = g["game/decisions"][:]
    fields = list(g["game/decision_fields"].asstr()[:])
    check("decision fields end with the capacity lever", fields[-1] == "extra_front_line" and len(fields) == 12, fields)
    check("decisions recorded", dec.shape == (4, 3, 12) and dec[0, 0, 0] == 2000 and dec[0, 1, 0] == 2500
          and dec[0, 0, 11] == 0.1 and dec[0, 1, 11] == 0.25 and not dec[1, :, 11].any()
          and dec[1, 1, 1] == 0.9 and dec[2, 2, 0] == 0
          and dec[3, 0, 0] == 1500 and not dec[3, 0, 1:].any(), dec[:, :, :3])
finish()
