#!/usr/bin/env bash
# End-to-end test of `ambassim serve` on loopback: help, bad options (exit 2
# with one error line), a port already in use (exit 1), the URL printed, the
# API answering, and Ctrl-C (SIGINT) stopping it cleanly (exit 0).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

check "serve --help" bash -c '"$AMBASSIM" serve --help | grep -q "^Usage: ambassim serve \[--port 8080\] \[--bind 127.0.0.1\] \[--lesson FILE\]"'
check "serve is listed" bash -c '"$AMBASSIM" --help | grep -q "^  serve "'
fails "$AMBASSIM" serve --port 99999
check "bad port: exit 2" test "$code" -eq 2
check "bad port: message" grep -q "^ambassim: error: --port" <<<"$err"
fails "$AMBASSIM" serve --bind not-an-address --port 0
check "bad address: exit 2" test "$code" -eq 2
check "bad address: message" grep -q "^ambassim: error: --bind not-an-address: not an IP address" <<<"$err"
fails "$AMBASSIM" serve --lesson "$work/missing.toml" --port 0
check "missing lesson file: exit 2" test "$code" -eq 2
check "missing lesson file: message names it" grep -q "missing.toml" <<<"$err"

"$AMBASSIM" serve --port 0 >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 100); do grep -q "open http" "$work/out" && break; sleep 0.1; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$work/out")
port=${url##*:}; port=${port%/}
check "prints the loopback URL" test -n "$url"
check "answers /api/lessons" /usr/bin/python3 - "$port" <<'PY'
import http.client, json, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=30)
c.request("GET", "/api/lessons")
r = c.getresponse()
body = json.loads(r.read())
assert r.status == 200 and len(body["lessons"]) == 4, body
c.request("GET", "/")
r = c.getresponse()
assert r.status == 200 and b"ambassim classroom" in r.read()
PY
fails "$AMBASSIM" serve --port "$port"
check "port in use: exit 1" test "$code" -eq 1
check "port in use: message" grep -q "^ambassim: error: cannot listen on 127.0.0.1:$port" <<<"$err"
kill -INT "$pid"
set +e; wait "$pid"; code=$?; set -e
check "Ctrl-C: exit 0" test "$code" -eq 0
check "Ctrl-C: says stopped" grep -q "stopped" "$work/out"
finish
