"""End-to-end test of starting a class game from the classroom page (plain
`ambassim serve`, docs/classroom.md "Starting a game from the page"): the
server prints a facilitator link with a host key; without it (a student's
page) nothing lists or starts games; with it the offered game files (the
shipped ones and --game-dir's) are listed with their rules, one is started
and then served exactly as `serve --game` serves it (its own join code and
facilitator key); a second start is refused while it runs; it is saved in the
current folder and never overwritten: after a restart the page must resume it
(or the file be moved away), and `serve --game` on the same file resumes the
same game."""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from checks import check, finish  # noqa: E402
from e2e.serve_process import start_serve  # noqa: E402

AMBASSIM = os.environ["AMBASSIM"]
SOURCE = os.environ["AMBASSIM_SOURCE_DIR"]
work = tempfile.mkdtemp(prefix="ambassim-host-")
games = os.path.join(work, "games")
os.makedirs(games)
# The tests' tiny game, offered from a --game-dir (its world's path made absolute in the copy).
with open(os.path.join(SOURCE, "tests", "e2e", "game_small.toml")) as f:
    text = f.read().replace('scenario = "../../scenarios/', f'scenario = "{SOURCE}/scenarios/')
with open(os.path.join(games, "tiny.toml"), "w") as f:
    f.write(text)
with open(os.path.join(games, "broken.toml"), "w") as f:
    f.write('[game]\nscenario = "none.toml"\nrounds = 99\n')


def start(*extra):
    p, m, out = start_serve([AMBASSIM, "serve", "--port", "0", *extra], r"(http://127\.0\.0\.1:\d+)/(facilitator)?\?key=(\w+)",
                            cwd=work)
    return p, m.group(1), m.group(3), out


def call(base, path, params, post=False):
    data = urllib.parse.urlencode(params).encode()
    req = urllib.request.Request(base + path + ("" if post else "?" + data.decode()), data=data if post else None)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def stop(p):
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=30)
    return p.stdout.read()


server, base, host_key, out = start("--game-dir", games)
try:
    check("the facilitator link is printed", f"{base}/?key={host_key}" in out and "keep this link to yourself" in out, out)
    # A student's page (no key, a wrong key) can neither list nor start games.
    s, b = call(base, "/api/host/games", {})
    check("no key: refused", s == 400 and b["error"] == "key: missing", (s, b))
    s, b = call(base, "/api/host/start", {"key": "x" * 20, "game": "tiny"}, post=True)
    check("a wrong key: refused", s == 400 and b["error"] == "key: not the facilitator's key", (s, b))
    s, b = call(base, "/api/host/start", {"key": host_key, "game": "tiny"})
    check("start needs POST", s == 405, (s, b))
    s, b = call(base, "/api/game/info", {})
    check("no game yet", s == 404 and "no class game is running" in b["error"], (s, b))

    s, b = call(base, "/api/host/games", {"key": host_key})
    by = {g["name"]: g for g in b.get("games", [])}
    check("the shipped games and --game-dir's are offered", s == 200 and
          {"class_45min", "class_90min", "tiny", "broken"} <= set(by) and b["running"] is None, list(by))
    r45, r90 = by["class_45min"]["rules"], by["class_90min"]["rules"]
    check("their rules are shown", r45["rounds"] == 6 and r45["levers"] == ["engagement", "ambassadorship"]
          and r45["hire"] is None and r45["budget"] == {"min": 0, "max": 3000, "default": 1500}
          and r45["world"]["employees"] == 500 and r90["rounds"] == 12 and r90["hire"] == {"max": 0.2, "step": 0.02},
          (r45, r90))
    check("a broken game file is listed with its error", by["broken"]["error"].endswith(
        "broken.toml:3:1: key `game.rounds` must be in [1, 40], got 99") and "rules" not in by["broken"], by["broken"])
    check("the state folder is the current one", os.path.samefile(b["state_dir"], work), b["state_dir"])
    s, b = call(base, "/api/host/start", {"key": host_key, "game": "../games/tiny"}, post=True)
    check("only an offered game, by name", s == 400 and b["error"].startswith("game: no game file of that name (offered: "),
          (s, b))
    s, b = call(base, "/api/host/start", {"key": host_key, "game": "broken"}, post=True)
    check("a broken game does not start", s == 400 and "must be in [1, 40]" in b["error"], (s, b))

    s, b = call(base, "/api/host/start", {"key": host_key, "game": "tiny"}, post=True)
    check("the facilitator starts the game", s == 200 and b["title"] == "Test game" and b["resumed"] is False
          and re.fullmatch(r"/facilitator\?key=\w{20}", b["facilitator"]), (s, b))
    code, key = b["code"], b["facilitator"].split("=")[1]
    check("a state file in the current folder", os.path.exists(os.path.join(work, "tiny.state.toml")))
    # Now served as `serve --game` serves it.
    s, info = call(base, "/api/game/info", {})
    check("teams see the game", s == 200 and info["title"] == "Test game" and info["status"] == "lobby", (s, info))
    s, b = call(base, "/api/game/join", {"code": code, "team": "Alpha"}, post=True)
    check("a team joins with the join code", s == 200, b)
    s, board = call(base, "/api/game/board", {"key": key})
    check("the facilitator's board", s == 200 and board["code"] == code and [t["name"] for t in board["teams"]] == ["Alpha"],
          board)
    s, b = call(base, "/api/game/board", {"key": host_key})
    check("the host key is not the game's key", s == 400, (s, b))
    s, b = call(base, "/api/host/start", {"key": host_key, "game": "class_45min"}, post=True)
    check("one game per server", s == 409 and "already running" in b["error"], (s, b))
    s, b = call(base, "/api/host/games", {"key": host_key})
    check("the listing names the running game", b["running"] == {"title": "Test game", "code": code,
                                                                  "facilitator": f"/facilitator?key={key}"}, b["running"])
finally:
    out = stop(server)
check("the start is logged", "ambassim game: started from the page: " in out and "join code " + code in out, out)

# Restart: the saved game is not overwritten; the page resumes it.
server, base, host_key, out = start("--game-dir", games)
try:
    s, b = call(base, "/api/host/games", {"key": host_key})
    tiny = {g["name"]: g for g in b["games"]}["tiny"]
    check("the saved game is listed", tiny["saved"] and tiny["saved"]["round"] == 0 and tiny["saved"]["teams"] == 1,
          tiny)
    s, b = call(base, "/api/host/start", {"key": host_key, "game": "tiny"}, post=True)
    check("a new game would overwrite it: refused", s == 409 and "a saved game of tiny.toml is in" in b["error"]
          and "resume it, or move that file away" in b["error"], (s, b))
    s, b = call(base, "/api/host/start", {"key": host_key, "game": "tiny", "resume": "1"}, post=True)
    check("resumed: the same game", s == 200 and b["resumed"] is True and b["code"] == code
          and b["facilitator"] == f"/facilitator?key={key}", (s, b))
finally:
    stop(server)

# `serve --game` on the same file, in the same folder, resumes it too.
r = subprocess.run([AMBASSIM, "serve", "--port", "0", "--game-dir", games, "--game", os.path.join(games, "tiny.toml")],
                   cwd=work, capture_output=True, text=True, timeout=60)
check("--game-dir is not for --game", r.returncode == 2 and "not with --game" in r.stderr, r.stderr)
server, base, _, out = start("--game", os.path.join(games, "tiny.toml"))
try:
    check("serve --game resumes the game started from the page", "resumed from tiny.state.toml" in out
          and f"join code {code}" in out, out)
finally:
    stop(server)
finish()
