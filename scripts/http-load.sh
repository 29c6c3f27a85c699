#!/usr/bin/env bash
# Bounded HTTP load on loopback (SPEC §7: HTTP check ≥ 30,000 requests/s, p99 ≤ 5 ms):
# a generated organization in a fresh SQLite store, `exrbac serve` on 127.0.0.1, and
# wrk POSTing /v1/check bodies sampled from that organization (a mix of principals,
# cmdlets, parameters and targets, allowed and denied) with an Administrator token.
#
#   scripts/http-load.sh [RECIPIENTS] [SECONDS] [CONNECTIONS] [WRK_THREADS]
#
# Defaults: 100000 recipients, 20 s, 64 connections, 1 wrk thread. Uses the release
# binary (built when missing; EXRBAC_BIN overrides). Stops the server it started on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

recipients=${1:-100000}
seconds=${2:-20}
connections=${3:-64}
threads=${4:-1}

if ! command -v wrk >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y wrk
fi

bin=${EXRBAC_BIN:-}
if [ -z "$bin" ]; then
  target=${CARGO_TARGET_DIR:-target}
  bin="$target/release/exrbac"
  if [ ! -x "$bin" ]; then
    cargo build --release --bin exrbac
  fi
fi

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" bench --prepare-load "$work" --recipients "$recipients" --seed 2026 --requests 4000
db="$work/load.db"
token=$("$bin" --db "$db" token create --as Administrator | tail -n 1)

# A free loopback port: let the kernel pick one.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" --db "$db" serve --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
started=$(date +%s.%N)
for _ in $(seq 1 1200); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then cat "$work/serve.log"; exit 1; fi
  sleep 0.1
done
# The first check loads the organization (serve loads lazily on first use).
curl -fsS -H "Authorization: Bearer $token" -d '{"cmdlet":"Get-Mailbox","explain":false}' \
  "http://127.0.0.1:$port/v1/check" >/dev/null
ready=$(date +%s.%N)
echo "serve ready (organization loaded) in $(python3 -c "print(round($ready - $started, 2))") s"

cat >"$work/check.lua" <<'LUA'
local bodies = {}
local n = 0
local i = 0
init = function(args)
  for line in io.lines(args[1]) do
    -- Plain checks: the decision without its explanation.
    bodies[#bodies + 1] = string.gsub(line, "}$", ',"explain":false}')
  end
  n = #bodies
  i = math.random(n) - 1
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. args[2]
end
request = function()
  i = i % n + 1
  return wrk.format(nil, "/v1/check", nil, bodies[i])
end
LUA

echo "wrk: $threads thread(s), $connections connections, ${seconds} s, $(wc -l <"$work/requests.json") request bodies, $recipients recipients"
wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 2s --latency \
  -s "$work/check.lua" "http://127.0.0.1:$port" -- "$work/requests.json" "$token" | tee "$work/wrk.txt"

rss=$(awk '/VmRSS/ {print $2}' "/proc/$server/status")
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
echo "serve resident memory: $((rss / 1024)) MiB (peak $((hwm / 1024)) MiB)"
if grep -q "Non-2xx" "$work/wrk.txt"; then
  echo "some answers were not 2xx: see above" >&2
  exit 1
fi
