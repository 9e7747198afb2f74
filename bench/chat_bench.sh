#!/usr/bin/env bash
# Chat benchmarks (issue 5; docs/PERFORMANCE.md has the method and the figures). Ours only
# unless --node is given. Everything on 127.0.0.1.
#   1. added latency: wrk -t1 -c1 POST /v1/chat/completions (non-streaming) through the
#      gateway vs. straight to the fake provider (bench/fake_provider.cpp), p50/p99;
#   2. streaming time to first chunk and to [DONE], through the gateway vs. direct
#      (bench/sse_client.py, sequential);
#   3. concurrent streams: STREAMS (1000) SSE streams held open at once through the gateway
#      (the provider sends a chunk every second for 20 s), gateway peak RSS;
#   4. GET /v1/models with a Bearer token under wrk -t2 -c50.
#
#   bench/chat_bench.sh [--node] [--out FILE]
# Env: OPENCLAW_BIN_DIR (default build/release-static), BENCH_BUILD_DIR (build/bench),
#      LOAD_SECONDS (10), STREAMS (1000), STATE_ON (disk|tmpfs; default disk).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT_DIR="$PWD"
BIN_DIR="${OPENCLAW_BIN_DIR:-$ROOT_DIR/build/release-static}"
BUILD="${BENCH_BUILD_DIR:-$ROOT_DIR/build/bench}"
LOAD_SECONDS="${LOAD_SECONDS:-10}"
STREAMS="${STREAMS:-1000}"
PY=/usr/bin/python3
TOKEN="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "chat_bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

WORK="$(mktemp -d /tmp/openclaw-chat-bench.XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "chat_bench.sh: $*" >&2; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

command -v wrk >/dev/null || { [ "$(id -u)" -eq 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
log "building fake_provider ($BUILD, Release)"
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DOPENCLAW_BUILD_BENCH=ON -DOPENCLAW_BUILD_TESTS=OFF >/dev/null
cmake --build "$BUILD" --target fake_provider -j 2 >/dev/null
[ -x "$BIN_DIR/openclaw" ] || { log "no $BIN_DIR/openclaw: build it first (scripts/build.sh)"; exit 1; }

free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_provider() { # CHUNKS INTERVAL_MS -> port
  "$BUILD/bench/fake_provider" --port 0 --chunks "$1" --interval-ms "$2" >"$WORK/provider-$1-$2.out" &
  PIDS+=($!)
  until [ -s "$WORK/provider-$1-$2.out" ]; do sleep 0.05; done
  awk '{print $2}' "$WORK/provider-$1-$2.out"
}

start_gateway() { # PROVIDER_PORT -> sets GW_PORT GW_PID
  local state="$WORK/state-$1"
  if [ "${STATE_ON:-disk}" = tmpfs ]; then state="/dev/shm/openclaw-chat-bench-$1"; fi
  GW_PORT=$(free_port)
  "$BIN_DIR/openclaw-provision" apply --state-dir "$state" --port "$GW_PORT" --bind loopback >/dev/null
  printf '%s' "$TOKEN" >"$state/credentials/gateway-token"
  $PY - "$state/openclaw.json" "$1" <<'EOF'
import json, sys
path, port = sys.argv[1], sys.argv[2]
config = json.load(open(path))
config.setdefault("models", {})["providers"] = {"bench": {
    "baseUrl": f"http://127.0.0.1:{port}/v1", "api": "openai-completions", "apiKey": "bench-key",
    "models": [{"id": "m", "name": "bench model"}]}}
config.setdefault("agents", {}).setdefault("defaults", {})["model"] = "bench/m"
config["gateway"].setdefault("http", {})["endpoints"] = {"chatCompletions": {"enabled": True},
                                                         "responses": {"enabled": True}}
json.dump(config, open(path, "w"), indent=2)
EOF
  env "OPENCLAW_STATE_DIR=$state" "$BIN_DIR/openclaw" gateway run --bind loopback --port "$GW_PORT" \
    >"$WORK/gateway-$1.log" 2>&1 &
  GW_PID=$!
  PIDS+=("$GW_PID")
  local deadline=$((SECONDS + 15))
  until curl -sf -o /dev/null "http://127.0.0.1:$GW_PORT/healthz"; do
    [ $SECONDS -lt $deadline ] || { log "gateway did not start: $(tail -n 3 "$WORK/gateway-$1.log")"; exit 1; }
    sleep 0.05
  done
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }

# wrk_latency URL BODY [TOKEN] -> "p50 p99 rate" in ms / req/s
wrk_latency() {
  local script="$WORK/post.lua" auth=""
  [ -z "${3:-}" ] || auth="wrk.headers[\"Authorization\"] = \"Bearer $3\""
  cat >"$script" <<EOF
wrk.method = "POST"
wrk.body = '$2'
wrk.headers["Content-Type"] = "application/json"
$auth
EOF
  wrk -t1 -c1 -d"${LOAD_SECONDS}s" --latency -s "$script" "$1" >"$WORK/wrk.txt" 2>&1
  $PY - "$WORK/wrk.txt" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
def ms(v):
    n, unit = re.match(r"([\d.]+)(\w+)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
p = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", text, re.M))
rate = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{ms(p['50']):.3f} {ms(p['99']):.3f} {float(rate):.0f} {non2xx.group(1) if non2xx else 0}")
EOF
}

REPORT="$WORK/report.md"
{
  echo "### Chat benchmarks ($(date -u +%Y-%m-%d), bench/chat_bench.sh)"
  echo
  echo "- CPU: $(nproc) × $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- state dir on ${STATE_ON:-disk}; LOAD_SECONDS=$LOAD_SECONDS; STREAMS=$STREAMS"
  echo
} >"$REPORT"

FAST=$(start_provider 8 0)
start_gateway "$FAST"
log "gateway on $GW_PORT, provider on $FAST"
curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$GW_PORT/v1/chat/completions" \
  -d '{"model":"openclaw","messages":[{"role":"user","content":"warm up"}]}' >/dev/null \
  || { log "warm-up chat failed: $(tail -n 5 "$WORK/gateway-$FAST.log")"; exit 1; }

log "1. added latency (non-streaming, wrk -t1 -c1)"
BODY='{"model":"openclaw","messages":[{"role":"user","content":"benchmark"}]}'
read -r d50 d99 drate _ < <(wrk_latency "http://127.0.0.1:$FAST/v1/chat/completions" '{"model":"m","messages":[{"role":"user","content":"benchmark"}]}')
read -r g50 g99 grate gbad < <(wrk_latency "http://127.0.0.1:$GW_PORT/v1/chat/completions" "$BODY" "$TOKEN")
added() { $PY -c 'import sys; print(format(float(sys.argv[2]) - float(sys.argv[1]), ".3f"))' "$1" "$2"; }
{
  echo "| Non-streaming chat completion, 1 connection | p50 ms | p99 ms | req/s |"
  echo "|---|---|---|---|"
  echo "| fake provider directly | $d50 | $d99 | $drate |"
  echo "| through the gateway | $g50 | $g99 | $grate$([ "$gbad" = 0 ] || echo " ($gbad non-2xx: not valid)") |"
  echo "| **added by the gateway** | **$(added "$d50" "$g50")** | **$(added "$d99" "$g99")** | |"
  echo
} >>"$REPORT"

log "2. streaming time to first chunk (sequential)"
direct=$($PY bench/sse_client.py --url "http://127.0.0.1:$FAST/v1/chat/completions" --model m --requests 500)
gateway=$($PY bench/sse_client.py --url "http://127.0.0.1:$GW_PORT/v1/chat/completions" --token "$TOKEN" --requests 500)
field() { $PY -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval("d"+sys.argv[2]))' "$1" "$2"; }
{
  echo "| Streaming, sequential, 500 streams | first chunk p50 ms | p99 ms | [DONE] p50 ms | p99 ms | errors |"
  echo "|---|---|---|---|---|---|"
  for row in "fake provider directly:$direct" "through the gateway:$gateway"; do
    name="${row%%:*}"; json="${row#*:}"
    echo "| $name | $(field "$json" '["firstChunkMs"]["p50"]') | $(field "$json" '["firstChunkMs"]["p99"]') | $(field "$json" '["totalMs"]["p50"]') | $(field "$json" '["totalMs"]["p99"]') | $(field "$json" '["errors"]') |"
  done
  echo
} >>"$REPORT"

log "4. GET /v1/models, wrk -t2 -c50"
wrk -t2 -c50 -d"${LOAD_SECONDS}s" --latency -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$GW_PORT/v1/models" >"$WORK/models.txt" 2>&1
models_rate=$(awk '/^Requests\/sec:/ {print $2}' "$WORK/models.txt")
models_p99=$(awk '$1=="99%" {print $2}' "$WORK/models.txt")
models_bad=$(awk '/Non-2xx/ {print $NF}' "$WORK/models.txt")
idle_rss=$(rss_kib "$GW_PID")

log "3. $STREAMS concurrent streams"
SLOW=$(start_provider 20 1000)
start_gateway "$SLOW"
before=$(rss_kib "$GW_PID")
$PY bench/sse_client.py --url "http://127.0.0.1:$GW_PORT/v1/chat/completions" --token "$TOKEN" \
  --concurrency "$STREAMS" --requests 1 >"$WORK/hold.json" &
client=$!
peak=0
while kill -0 "$client" 2>/dev/null; do
  now=$(rss_kib "$GW_PID"); [ "$now" -gt "$peak" ] && peak=$now
  sleep 0.5
done
wait "$client" || true
hold=$(cat "$WORK/hold.json")
{
  echo "| Held streams | result |"
  echo "|---|---|"
  echo "| $STREAMS concurrent SSE streams (20 chunks, 1/s) | $(field "$hold" '["streams"]') completed, $(field "$hold" '["errors"]') errors, $(field "$hold" '["openPeak"]') open at once; first error: $(field "$hold" '["firstError"]') |"
  echo "| gateway RSS before / peak while holding / VmHWM | $((before / 1024)) MiB / $((peak / 1024)) MiB / $(( $(hwm_kib "$GW_PID") / 1024 )) MiB |"
  echo
  echo "| GET /v1/models, Bearer, wrk -t2 -c50 | req/s | p99 | RSS after |"
  echo "|---|---|---|---|"
  echo "| ours | $models_rate${models_bad:+ ($models_bad non-2xx)} | $models_p99 | $((idle_rss / 1024)) MiB |"
  echo "| Node gateway (issue 5's figure, same machines) | 768 | 126 ms | |"
} >>"$REPORT"

if [ -n "$out" ]; then cp "$REPORT" "$out"; fi
cat "$REPORT"
