#!/usr/bin/env bash
# The soak (issue 7; a bench, never CI): a provisioned gateway under 10,000 WebSocket clients
# cycling (connect, signed-device handshake, health/status RPCs, close) for 30 minutes, with
# HTTP load beside them (wrk on /healthz and on /v1/models with the Bearer token), the
# gateway's RSS sampled every 10 s. Writes a markdown report: errors by kind, the RSS slope
# after warm-up (MiB/hour, least squares), per-minute p99 RPC latency and its spread.
# Only 127.0.0.1.
#
#   bench/soak/soak.sh                      30 minutes, 10,000 clients
#   bench/soak/soak.sh --duration 240       a 4-minute run (any soak_driver option passes on:
#                                           --clients, --rpc-interval-ms, --warmup, ...)
#   bench/soak/soak.sh --out FILE           report path (default bench/results/<date>-soak.md)
#
# Env: OPENCLAW_BIN_DIR (default build/release-static: the gateway and the provisioner),
# SOAK_BIN (default: built into SOAK_BUILD_DIR, default build/bench), SOAK_DEVICES (1000
# pre-approved device keys, shared round-robin by the clients), HTTP_CONNECTIONS (4 per wrk),
# HTTP_DELAY_MS (each wrk connection waits this long between requests; default 10, so about
# 400 req/s per endpoint: a steady load beside the clients, not a saturation test).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT_DIR="$PWD"

BIN_DIR="${OPENCLAW_BIN_DIR:-$ROOT_DIR/build/release-static}"
SOAK_DEVICES="${SOAK_DEVICES:-1000}"
HTTP_CONNECTIONS="${HTTP_CONNECTIONS:-4}"
HTTP_DELAY_MS="${HTTP_DELAY_MS:-10}"

out=""
duration=1800
driver_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --duration) duration="$2"; driver_args+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) driver_args+=("$1"); shift ;;
  esac
done

log() { echo "soak.sh: $*" >&2; }

for tool in wrk curl; do
  command -v "$tool" >/dev/null || { log "$tool is not installed (apt-get install $tool)"; exit 2; }
done
for binary in openclaw openclaw-provision; do
  [ -x "$BIN_DIR/$binary" ] || { log "$BIN_DIR/$binary not built (scripts/build.sh, or set OPENCLAW_BIN_DIR)"; exit 2; }
done
if [ -z "${SOAK_BIN:-}" ]; then
  build="${SOAK_BUILD_DIR:-$ROOT_DIR/build/bench}"
  log "building soak_driver ($build, Release)"
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DOPENCLAW_BUILD_BENCH=ON -DOPENCLAW_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build" --target soak_driver -j 2 >/dev/null
  SOAK_BIN="$build/bench/soak_driver"
fi

# 10,000 client sockets here and 10,000 in the gateway, plus wrk's and the files.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" -lt 10200 ]; then
  log "ulimit -n is $(ulimit -n); 10,000 clients need about 10,200 (raise the hard limit, or pass --clients N)"
fi

WORK="$(mktemp -d /tmp/openclaw-soak.XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
state="$WORK/state"
keys="$WORK/device-keys.txt"

log "pre-approving $SOAK_DEVICES device keys"
"$SOAK_BIN" --print-public-keys --keys "$keys" --devices "$SOAK_DEVICES" >"$WORK/public-keys.txt"
/usr/bin/python3 - "$WORK/public-keys.txt" "$WORK/spec.json" <<'PY'
import json, sys
keys = [line.strip() for line in open(sys.argv[1]) if line.strip()]
spec = {"gateway": {"openai": {"chatCompletions": True}},
        "devices": [{"name": "soak-%d" % i, "publicKey": key} for i, key in enumerate(keys)]}
json.dump(spec, open(sys.argv[2], "w"))
PY
"$BIN_DIR/openclaw-provision" apply -f "$WORK/spec.json" --state-dir "$state" --port "$port" --bind loopback \
  >"$WORK/provision.log" 2>&1 || { cat "$WORK/provision.log" >&2; exit 1; }
token_file="$state/credentials/gateway-token"

log "starting the gateway on 127.0.0.1:$port"
OPENCLAW_STATE_DIR="$state" "$BIN_DIR/openclaw" gateway run </dev/null >"$WORK/gateway.log" 2>&1 &
gateway_pid=$!
PIDS+=("$gateway_pid")
deadline=$((SECONDS + 30))
until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do
  if ! kill -0 "$gateway_pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then tail -n 20 "$WORK/gateway.log" >&2; exit 1; fi
  sleep 0.1
done
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$token_file")" \
  "http://127.0.0.1:$port/v1/models")
[ "$status" = 200 ] || log "warning: /v1/models answers $status before the run"

# A device's first connect writes the pairing store (metadata, a minted device token); later
# connects do not. That burst is measured apart, so the soak figures are the steady state.
# Meanwhile /healthz is probed every 100 ms: those writes must not stall the other sockets.
log "first connect of each of the $SOAK_DEVICES devices"
/usr/bin/python3 - "$port" "$WORK/first-pass-healthz.json" <<'PY' &
import json, signal, sys, time, urllib.request
port, out = sys.argv[1], sys.argv[2]
latencies, failures, running = [], 0, True
def stop(*_):
    global running
    running = False
signal.signal(signal.SIGTERM, stop)
while running:
    started = time.monotonic()
    try:
        urllib.request.urlopen("http://127.0.0.1:%s/healthz" % port, timeout=10).read()
        latencies.append((time.monotonic() - started) * 1000)
    except Exception:
        failures += 1
    time.sleep(0.1)
latencies.sort()
json.dump({"probes": len(latencies) + failures, "failures": failures,
           "p99_ms": latencies[int(len(latencies) * 0.99)] if latencies else 0,
           "max_ms": latencies[-1] if latencies else 0}, open(out, "w"))
PY
probe_pid=$!
PIDS+=("$probe_pid")
"$SOAK_BIN" --url "ws://127.0.0.1:$port" --token-file "$token_file" --keys "$keys" --devices "$SOAK_DEVICES" \
  --clients "$SOAK_DEVICES" --once --rpcs 0 --ramp 1 --duration 900 >"$WORK/first-pass.json" 2>"$WORK/first-pass.log" \
  || { log "the first pass failed:"; tail -n 20 "$WORK/first-pass.log" >&2; exit 1; }
kill -TERM "$probe_pid"
wait "$probe_pid" || true

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
cat >"$WORK/pace.lua" <<LUA
-- Each connection waits ${HTTP_DELAY_MS} ms between requests: a steady rate, not a flood.
function delay() return ${HTTP_DELAY_MS} end
LUA
# wrk reads the header from its argument list; the token stays out of the report.
wrk -t1 -c"$HTTP_CONNECTIONS" -d"${duration}s" --latency -s "$WORK/pace.lua" \
  "http://127.0.0.1:$port/healthz" >"$WORK/wrk-healthz.txt" 2>&1 &
wrk_pids=($!)
wrk -t1 -c"$HTTP_CONNECTIONS" -d"${duration}s" --latency -s "$WORK/pace.lua" \
  -H "Authorization: Bearer $(cat "$token_file")" \
  "http://127.0.0.1:$port/v1/models" >"$WORK/wrk-models.txt" 2>&1 &
wrk_pids+=($!)
PIDS+=("${wrk_pids[@]}")

log "running the clients (${duration}s)"
driver_status=0
"$SOAK_BIN" --url "ws://127.0.0.1:$port" --token-file "$token_file" --keys "$keys" --devices "$SOAK_DEVICES" \
  --gateway-pid "$gateway_pid" "${driver_args[@]}" >"$WORK/soak.json" 2>"$WORK/driver.log" || driver_status=$?
wait "${wrk_pids[@]}" 2>/dev/null || true
gateway_alive=yes
kill -0 "$gateway_pid" 2>/dev/null || gateway_alive="no (exited during the run)"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$driver_status" -ne 0 ] || [ ! -s "$WORK/soak.json" ]; then
  log "soak_driver failed ($driver_status):"; tail -n 20 "$WORK/driver.log" >&2; exit 1
fi

[ -n "$out" ] || out="bench/results/$(date -u +%Y-%m-%d-%H%M)-soak.md"
mkdir -p "$(dirname "$out")"
/usr/bin/python3 - "$WORK/soak.json" "$WORK/wrk-healthz.txt" "$WORK/wrk-models.txt" "$out" "$WORK/first-pass.json" \
  "$WORK/first-pass-healthz.json" <<PY
import json, re, sys
soak = json.load(open(sys.argv[1]))
first = json.load(open(sys.argv[5]))
first_healthz = json.load(open(sys.argv[6]))
def wrk(path):
    text = open(path).read()
    rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: (.*)", text)
    return "%s req/s, p99 %s, non-2xx %s, socket errors: %s" % (
        rate.group(1) if rate else "?", p99.group(1) if p99 else "?",
        non2xx.group(1) if non2xx else "0", errors.group(1) if errors else "none")
p99 = soak["rpc_p99_after_warmup_ms"]
lines = [
    "# Soak — $(date -u +%Y-%m-%dT%H:%MZ)",
    "",
    "- Machine: $(nproc) CPUs, $(awk '/^MemTotal:/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), load average before $LOAD_BEFORE, after $LOAD_AFTER",
    "- Gateway: $("$BIN_DIR/openclaw" version 2>/dev/null | head -n 1) ($BIN_DIR); still running at the end: $gateway_alive",
    "- Clients: soak_driver ${driver_args[*]:-} (devices $SOAK_DEVICES), ulimit -n $(ulimit -n)",
    "- HTTP beside it: wrk -t1 -c$HTTP_CONNECTIONS, ${HTTP_DELAY_MS} ms between requests per connection",
    "",
    "| figure | value |",
    "|---|---|",
    "| first connect of each device (before the soak) | %d handshakes in %.1f s, p99 %.0f ms, %d errors |" % (
        first["handshakes"], first["elapsed_s"],
        max([row["handshake_p99_ms"] for row in first["minutes"]] or [0]), first["error_count"]),
    "| /healthz meanwhile (one probe every 100 ms) | %d probes, %d failed, p99 %.1f ms, max %.1f ms |" % (
        first_healthz["probes"], first_healthz["failures"], first_healthz["p99_ms"], first_healthz["max_ms"]),
    "| length | %.0f s (warm-up %.0f s) |" % (soak["elapsed_s"], soak["warmup_s"]),
    "| handshakes | %d (%.1f/s) |" % (soak["handshakes"], soak["handshakes_per_s"]),
    "| RPCs | %d (%.1f/s) |" % (soak["rpcs"], soak["rpcs_per_s"]),
    "| errors | %d: %s |" % (soak["error_count"], ", ".join("%s × %s" % (n, k) for k, n in soak["errors"].items()) or "none"),
    "| RSS after warm-up / end / max | %.1f / %.1f / %.1f MiB |" % (soak["rss_warm_mib"], soak["rss_end_mib"], soak["rss_max_mib"]),
    "| RSS slope after warm-up | %+.1f MiB/hour |" % soak["rss_slope_mib_per_hour"],
    "| RPC p99 per minute after warm-up | min %.2f / median %.2f / max %.2f ms (max/median %.2f, %d minutes) |" % (
        p99["min"], p99["median"], p99["max"], p99["max_over_median"], p99["minutes"]),
    "| /healthz (wrk) | %s |" % wrk(sys.argv[2]),
    "| /v1/models with Bearer (wrk) | %s |" % wrk(sys.argv[3]),
    "",
    "## Per minute",
    "",
    "| minute | handshakes | handshake p99 ms | RPCs | RPC p50 ms | RPC p99 ms | errors |",
    "|---|---|---|---|---|---|---|",
]
for row in soak["minutes"]:
    lines.append("| %d | %d | %.2f | %d | %.2f | %.2f | %s |" % (
        row["minute"], row["handshakes"], row["handshake_p99_ms"], row["rpcs"], row["rpc_p50_ms"], row["rpc_p99_ms"],
        ", ".join("%s × %s" % (n, k) for k, n in row["errors"].items()) or "—"))
lines += ["", "## RSS samples (t s: MiB, open clients)", "",
          ", ".join("%.0f: %.1f (%d)" % (s["t_s"], s["rss_kib"] / 1024, s["open_clients"]) for s in soak["rss_samples"]), ""]
open(sys.argv[4], "w").write("\n".join(lines))
PY
log "wrote $out"
sed -n '/^| figure/,/^$/p' "$out"
