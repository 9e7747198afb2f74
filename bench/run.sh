#!/usr/bin/env bash
# Measures the gateway on this machine and writes a markdown table (docs/PERFORMANCE.md has
# the method and the targets). Three subjects, side by side:
#   ours   build/release-static/openclaw gateway run (state provisioned in a temp dir)
#   node   the real OpenClaw gateway (npm), via openclaw-peer.sh
#   nginx  a static 200 (only the /healthz rate)
# Only 127.0.0.1. A measurement a subject cannot give is "n/a (<reason>)".
#
#   bench/run.sh                         all three subjects
#   bench/run.sh --subject ours          only ours (repeatable: --subject node --subject nginx)
#   bench/run.sh --out FILE              where the table goes (default bench/results/<date>-<subjects>.md)
#
# Env: OPENCLAW_BIN_DIR (default build/release-static), OPENCLAW_PEER (default
# /work/shared/tools/openclaw-peer.sh), BENCH_BIN (default: built into BENCH_BUILD_DIR,
# default build/bench),
# IDLE_CPU_SECONDS (60), LOAD_SECONDS (10), COLDSTART_RUNS (3), SETTLE_SECONDS (15),
# IDLE_COUNTS ("1000 10000").
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT_DIR="$PWD"

BIN_DIR="${OPENCLAW_BIN_DIR:-$ROOT_DIR/build/release-static}"
PEER="${OPENCLAW_PEER:-/work/shared/tools/openclaw-peer.sh}"
IDLE_CPU_SECONDS="${IDLE_CPU_SECONDS:-60}"
LOAD_SECONDS="${LOAD_SECONDS:-10}"
COLDSTART_RUNS="${COLDSTART_RUNS:-3}"
SETTLE_SECONDS="${SETTLE_SECONDS:-15}"
IDLE_COUNTS="${IDLE_COUNTS:-1000 10000}"
TOKEN="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

subjects=()
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --subject) subjects+=("$2"); shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#subjects[@]} -gt 0 ] || subjects=(ours node nginx)
for s in "${subjects[@]}"; do
  case "$s" in ours|node|nginx) ;; *) echo "run.sh: unknown subject $s (ours, node, nginx)" >&2; exit 2 ;; esac
done

WORK="$(mktemp -d /tmp/openclaw-bench.XXXXXX)"
RAW="$WORK/raw"; mkdir -p "$RAW"
STARTED_PIDS=()
cleanup() {
  for pid in "${STARTED_PIDS[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

log() { echo "run.sh: $*" >&2; }

# ---------------------------------------------------------------- tools

ensure_tools() {
  if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
      log "installing wrk and nginx (Debian packages)"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx >/dev/null
    fi
  fi
  if [ -n "${BENCH_BIN:-}" ]; then return; fi
  local build="${BENCH_BUILD_DIR:-$ROOT_DIR/build/bench}"
  log "building the benchmark client ($build, Release)"
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DOPENCLAW_BUILD_BENCH=ON \
    -DOPENCLAW_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build" --target ws_handshake_bench -j 2 >/dev/null
  BENCH_BIN="$build/bench/ws_handshake_bench"
}

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# json_get FILE EXPR: a value out of a JSON file, e.g. json_get f '["p99_ms"]'
json_get() {
  /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); v=eval("d"+sys.argv[2]); print("" if v is None else v)' "$1" "$2"
}

fmt() { /usr/bin/python3 -c 'import sys; print(format(float(sys.argv[1]), sys.argv[2]))' "$1" "$2"; }

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# ---------------------------------------------------------------- process figures

group_pids() { pgrep -g "$1" 2>/dev/null || echo "$1"; }

# RSS in KiB of every process in PID's process group (the gateway and any helpers).
rss_kib() {
  local total=0 pid kib
  for pid in $(group_pids "$1"); do
    kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    total=$((total + ${kib:-0}))
  done
  echo "$total"
}

# utime+stime clock ticks of every process in PID's group (fields 14, 15 after the comm).
cpu_ticks() {
  local total=0 pid ticks
  for pid in $(group_pids "$1"); do
    ticks=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}' || echo 0)
    total=$((total + ${ticks:-0}))
  done
  echo "$total"
}

idle_cpu_percent() { # PID SECONDS -> percent of one core
  local before after hz
  hz=$(getconf CLK_TCK)
  before=$(cpu_ticks "$1"); sleep "$2"; after=$(cpu_ticks "$1")
  /usr/bin/python3 -c 'import sys; b,a,hz,s=map(float,sys.argv[1:]); print(format((a-b)/hz/s*100, ".3f"))' \
    "$before" "$after" "$hz" "$2"
}

mib() { /usr/bin/python3 -c 'import sys; print(format(int(sys.argv[1]) / 1024, ".1f"))' "$1"; }

per_client_kib() { # BEFORE AFTER N
  /usr/bin/python3 -c 'import sys; b,a,n=map(int,sys.argv[1:]); print(format((a-b)/n, "+.1f"))' "$1" "$2" "$3"
}

# ---------------------------------------------------------------- measurements

declare -A R  # R[subject.metric] = cell text

wrk_healthz() { # SUBJECT URL
  local subject="$1" file="$RAW/$1-wrk.txt"
  if ! command -v wrk >/dev/null; then R[$subject.rate]="n/a (wrk not installed)"; return; fi
  wrk -t2 -c50 -d10s --latency "$2" >"$file" 2>&1 || true
  local rate p99
  rate=$(awk '/^Requests\/sec:/ {print $2}' "$file")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' "$file")
  if [ -z "$rate" ]; then R[$subject.rate]="n/a (wrk failed: $(head -c 80 "$file"))"; return; fi
  local non2xx; non2xx=$(awk '/Non-2xx/ {print $NF}' "$file")
  R[$subject.rate]="$(fmt "$rate" ",.0f")${non2xx:+ ($non2xx non-2xx)}"
  R[$subject.p99]="$(fmt "$p99" ".2f")"
}

# handshakes SUBJECT PID KEY URL [bench args...]: one load run into R[SUBJECT.KEY], with the
# server's CPU share (of one core) over the run.
handshakes() {
  local subject="$1" pid="$2" key="$3" url="$4"; shift 4
  local file="$RAW/$subject-$key.json" ticks_before ticks_after server_cpu
  ticks_before=$(cpu_ticks "$pid")
  if ! "$BENCH_BIN" --url "$url" --token "$TOKEN" --duration "$LOAD_SECONDS" --json "$@" >"$file" 2>"$RAW/$subject-$key.err"; then
    R[$subject.$key]="n/a (client failed: $(head -c 100 "$RAW/$subject-$key.err"))"; return
  fi
  local n rate p50 p99 errors first_error
  n=$(json_get "$file" '["handshakes"]'); errors=$(json_get "$file" '["error_count"]')
  if [ "$n" = "0" ]; then
    first_error=$(json_get "$file" '["errors"] and sorted(d["errors"].items(), key=lambda e: -e[1])[0][0]')
    R[$subject.$key]="n/a (no hello-ok: $first_error)"; return
  fi
  ticks_after=$(cpu_ticks "$pid")
  server_cpu=$(/usr/bin/python3 -c 'import sys; b,a,hz,s=map(float,sys.argv[1:]); print(format((a-b)/hz/s*100, ".0f"))' \
    "$ticks_before" "$ticks_after" "$(getconf CLK_TCK)" "$(json_get "$file" '["elapsed_s"]')")
  rate=$(json_get "$file" '["handshakes_per_s"]'); p50=$(json_get "$file" '["p50_ms"]'); p99=$(json_get "$file" '["p99_ms"]')
  # CPU shares: the client near 100 % (it is single-threaded) means it may be the limit.
  local client_cpu; client_cpu=$(json_get "$file" '["client_cpu_percent"]')
  R[$subject.$key]="$(fmt "$rate" ",.0f") (p50 $(fmt "$p50" ".2f") / p99 $(fmt "$p99" ".2f") ms; CPU server $server_cpu % / client $(fmt "$client_cpu" ".0f") %)"
  if [ "$errors" != "0" ]; then
    first_error=$(json_get "$file" '["errors"] and sorted(d["errors"].items(), key=lambda e: -e[1])[0][0]')
    R[$subject.$key]+=", $errors errors: $first_error"
  fi
}

all_handshakes() { # SUBJECT PID URL
  local keys="$WORK/$1-keys.txt"
  handshakes "$1" "$2" hs_token_seq "$3" --concurrency 1
  handshakes "$1" "$2" hs_token_50 "$3" --concurrency 50
  handshakes "$1" "$2" hs_token_30 "$3" --concurrency 30
  handshakes "$1" "$2" hs_device_seq "$3" --concurrency 1 --device --keys "$keys"
  handshakes "$1" "$2" hs_device_50 "$3" --concurrency 50 --device --keys "$keys"
  handshakes "$1" "$2" hs_device_30 "$3" --concurrency 30 --device --keys "$keys"
}

# cold_start SUBJECT URL -- CMD...: median of COLDSTART_RUNS runs. HELLO_TIMEOUT env bounds the
# wait for hello-ok after /healthz.
cold_start() {
  local subject="$1" url="$2"; shift 3
  local health=() hello=() i file error=""
  for i in $(seq 1 "$COLDSTART_RUNS"); do
    file="$RAW/$subject-coldstart-$i.json"
    if ! "$BENCH_BIN" --coldstart --url "$url" --token "$TOKEN" --hello-timeout "${HELLO_TIMEOUT:-30}" \
         --child-log "$RAW/$subject-coldstart-$i.log" -- "$@" >"$file" 2>"$RAW/$subject-coldstart-$i.err"; then
      R[$subject.start_health]="n/a ($(head -c 120 "$RAW/$subject-coldstart-$i.err"))"
      R[$subject.start_hello]="${R[$subject.start_health]}"; return
    fi
    health+=("$(json_get "$file" '["healthz_ms"]')")
    local h; h=$(json_get "$file" '["hello_ms"]')
    if [ -n "$h" ]; then hello+=("$h"); else error=$(json_get "$file" '["hello_error"]'); fi
  done
  R[$subject.start_health]="$(fmt "$(median "${health[@]}")" ".1f") (runs: $(for v in "${health[@]}"; do fmt "$v" ".0f"; done | paste -sd/))"
  if [ ${#hello[@]} -gt 0 ]; then
    R[$subject.start_hello]="$(fmt "$(median "${hello[@]}")" ".1f") (runs: $(for v in "${hello[@]}"; do fmt "$v" ".0f"; done | paste -sd/))"
  else
    R[$subject.start_hello]="n/a (no hello-ok: $error)"
  fi
}

# idle_clients SUBJECT PID URL BASELINE_KIB: RSS with N idle authenticated clients, for each N
# in IDLE_COUNTS; per client = (RSS with N - BASELINE) / N, BASELINE being the settled idle RSS
# (a heap grown by an earlier step would otherwise hide the clients' cost).
idle_clients() {
  local subject="$1" pid="$2" url="$3" before="$4" n
  for n in $IDLE_COUNTS; do
    if [ "$(ulimit -n)" -lt $((n + 100)) ]; then
      R[$subject.idle_$n]="n/a (ulimit -n is $(ulimit -n))"; continue
    fi
    local out="$RAW/$subject-idle-$n.out" after opened client
    # 20 handshakes in flight: below the 32 unauthenticated sockets per IP upstream allows.
    "$BENCH_BIN" --url "$url" --token "$TOKEN" --idle "$n" --concurrency 20 >"$out" 2>&1 &
    client=$!
    local deadline=$((SECONDS + 600))
    until grep -q '^holding' "$out" || ! kill -0 "$client" 2>/dev/null || [ $SECONDS -gt $deadline ]; do sleep 0.5; done
    if ! grep -q '^holding' "$out"; then
      kill -INT "$client" 2>/dev/null || true; wait "$client" 2>/dev/null || true
      R[$subject.idle_$n]="n/a (client did not finish opening: $(tail -c 120 "$out"))"; continue
    fi
    sleep 10  # let the server's allocations settle (and a GC run, for Node)
    after=$(rss_kib "$pid")
    kill -INT "$client"; wait "$client" 2>/dev/null || true
    opened=$(sed -n 's/^holding \([0-9]*\) connections.*/\1/p' "$out")
    local summary; summary=$(tail -n 1 "$out")
    if [ "${opened:-0}" = "0" ]; then
      R[$subject.idle_$n]="n/a (no hello-ok: $(echo "$summary" | /usr/bin/python3 -c 'import json,sys; e=json.load(sys.stdin)["errors"]; print(max(e, key=e.get) if e else "?")'))"
      continue
    fi
    R[$subject.idle_$n]="$(mib "$after") ($(per_client_kib "$before" "$after" "$opened") KiB/client"
    [ "$opened" != "$n" ] && R[$subject.idle_$n]+=", only $opened opened"
    R[$subject.idle_$n]+=")"
    sleep 2
  done
}

# after_ready SUBJECT PID URL HEALTH_URL: everything measured on a running, settled subject.
after_ready() {
  local subject="$1" pid="$2" url="$3" health_url="$4"
  log "$subject: settling ${SETTLE_SECONDS}s"
  sleep "$SETTLE_SECONDS"
  local idle_kib; idle_kib=$(rss_kib "$pid")
  R[$subject.rss_idle]="$(mib "$idle_kib")"
  log "$subject: idle CPU over ${IDLE_CPU_SECONDS}s"
  R[$subject.cpu]="$(idle_cpu_percent "$pid" "$IDLE_CPU_SECONDS") %"
  # Idle clients before any load, so the baseline is the settled idle RSS.
  log "$subject: idle clients"
  idle_clients "$subject" "$pid" "$url" "$idle_kib"
  log "$subject: /healthz with wrk"
  wrk_healthz "$subject" "$health_url"
  log "$subject: handshakes"
  all_handshakes "$subject" "$pid" "$url"
}

# ---------------------------------------------------------------- subjects

measure_ours() {
  local openclaw="$BIN_DIR/openclaw" provision="$BIN_DIR/openclaw-provision"
  if [ ! -x "$openclaw" ] || [ ! -x "$provision" ]; then
    log "ours: $openclaw not built (run scripts/build.sh)"; R[ours.skip]="not built"; return
  fi
  R[ours.version]="$("$openclaw" version 2>/dev/null | head -n 1)"
  local port state keys
  port=$(free_port); state="$WORK/ours-state"; keys="$WORK/ours-keys.txt"
  "$provision" apply --state-dir "$state" --port "$port" --bind loopback >/dev/null
  # Device mode: pre-approve the benchmark's keys (one per worker), as an operator would.
  "$BENCH_BIN" --print-public-keys --keys "$keys" --concurrency 50 >"$WORK/ours-public-keys.txt"
  local i=0 key
  while read -r key; do
    "$provision" device add --state-dir "$state" --port "$port" --bind loopback \
      --public-key "$key" --name "bench-$i" >/dev/null
    i=$((i + 1))
  done <"$WORK/ours-public-keys.txt"
  local cmd=(env "OPENCLAW_STATE_DIR=$state" "$openclaw" gateway run --allow-unconfigured --bind loopback
             --port "$port" --token "$TOKEN")

  log "ours: cold start x$COLDSTART_RUNS"
  HELLO_TIMEOUT=5 cold_start ours "ws://127.0.0.1:$port" -- "${cmd[@]}"

  log "ours: starting for the steady-state figures"
  setsid "${cmd[@]}" </dev/null >"$RAW/ours-gateway.log" 2>&1 &
  local pid=$!
  STARTED_PIDS+=("$pid")
  local deadline=$((SECONDS + 30))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do
    kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ] || { R[ours.skip]="did not start"; return; }
    sleep 0.05
  done
  after_ready ours "$pid" "ws://127.0.0.1:$port" "http://127.0.0.1:$port/healthz"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
}

measure_node() {
  if [ ! -x "$PEER" ]; then R[node.skip]="$PEER not found"; return; fi
  if ! "$PEER" install >"$RAW/node-install.log" 2>&1; then
    R[node.skip]="peer install failed: $(tail -n 1 "$RAW/node-install.log")"; return
  fi
  R[node.version]="openclaw $("$PEER" cli --version 2>/dev/null | head -n 1)"
  local port; port=$(free_port)
  log "node: cold start x$COLDSTART_RUNS (each ~10-20 s)"
  cold_start node "ws://127.0.0.1:$port" -- "$PEER" run "$port" "$TOKEN"

  log "node: starting for the steady-state figures"
  local pid
  pid=$("$PEER" start "$port" "$TOKEN" 2>"$RAW/node-start.log") || { R[node.skip]="start failed"; return; }
  STARTED_PIDS+=("$pid")
  # /health answers before the WebSocket side accepts connects ("gateway starting").
  local deadline=$((SECONDS + 120))
  until "$BENCH_BIN" --url "ws://127.0.0.1:$port" --token "$TOKEN" --count 1 --warmup 0 --json 2>/dev/null |
        grep -q '"handshakes":1'; do
    [ $SECONDS -lt $deadline ] || break
    sleep 0.5
  done
  after_ready node "$pid" "ws://127.0.0.1:$port" "http://127.0.0.1:$port/healthz"
  "$PEER" stop "$pid" 2>/dev/null || true
}

measure_nginx() {
  if ! command -v nginx >/dev/null; then R[nginx.skip]="nginx not installed"; return; fi
  R[nginx.version]="$(nginx -v 2>&1 | sed 's/^nginx version: //')"
  local port dir; port=$(free_port); dir="$WORK/nginx"
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  server {
    listen 127.0.0.1:$port;
    location / {
      default_type application/json;
      return 200 '{"ok":true,"status":"live"}';
    }
  }
}
CONF
  setsid nginx -p "$dir" -c "$dir/nginx.conf" </dev/null >"$RAW/nginx.log" 2>&1 &
  local pid=$!
  STARTED_PIDS+=("$pid")
  local deadline=$((SECONDS + 10))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do
    [ $SECONDS -lt $deadline ] || { R[nginx.skip]="did not start: $(tail -n 1 "$dir/error.log")"; return; }
    sleep 0.05
  done
  R[nginx.rss_idle]="$(mib "$(rss_kib "$pid")")"
  log "nginx: /healthz with wrk"
  wrk_healthz nginx "http://127.0.0.1:$port/healthz"
  kill -TERM -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
}

# ---------------------------------------------------------------- report

machine() {
  echo "- CPU: $(nproc) × $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
  echo "- RAM: $(awk '/^MemTotal:/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "- Kernel: $(uname -sr); $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "- Load average before the run: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- ulimit -n: $(ulimit -n)"
}

cell() { # SUBJECT METRIC [nginx-only metrics get n/a for the others and vice versa]
  local subject="$1" metric="$2"
  if [ -n "${R[$subject.skip]:-}" ]; then echo "n/a (${R[$subject.skip]})"; return; fi
  local v="${R[$subject.$metric]:-}"
  if [ -n "$v" ]; then echo "$v"; return; fi
  if [ "$subject" = nginx ]; then echo "n/a (static 200: /healthz rate only)"; else echo "n/a (not measured)"; fi
}

report() {
  local row
  echo "# Gateway benchmark — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  machine
  for s in "${subjects[@]}"; do echo "- $s: ${R[$s.version]:-?}"; done
  echo
  printf '| metric |'; for s in "${subjects[@]}"; do printf ' %s |' "$s"; done; echo
  printf '|---|'; for s in "${subjects[@]}"; do printf -- '---|'; done; echo
  while IFS='|' read -r key label; do
    printf '| %s |' "$label"
    for s in "${subjects[@]}"; do printf ' %s |' "$(cell "$s" "$key")"; done
    echo
  done <<'ROWS'
start_health|cold start → first /healthz 200 (ms, median)
start_hello|cold start → first hello-ok (ms, median)
rss_idle|idle RSS (MiB, process group)
idle_1000|RSS with 1,000 idle WS clients (MiB)
idle_10000|RSS with 10,000 idle WS clients (MiB)
rate|/healthz req/s (wrk -t2 -c50 -d10s)
p99|/healthz p99 latency (ms)
hs_token_seq|token handshakes/s, sequential
hs_token_50|token handshakes/s, 50 concurrent
hs_token_30|token handshakes/s, 30 concurrent
hs_device_seq|signed-device handshakes/s, sequential
hs_device_50|signed-device handshakes/s, 50 concurrent
hs_device_30|signed-device handshakes/s, 30 concurrent
cpu|idle CPU (% of one core)
ROWS
  echo
  echo "IDLE_CPU_SECONDS=$IDLE_CPU_SECONDS LOAD_SECONDS=$LOAD_SECONDS COLDSTART_RUNS=$COLDSTART_RUNS SETTLE_SECONDS=$SETTLE_SECONDS"
  echo
  echo "## Raw outputs"
  local f
  for f in "$RAW"/*.json "$RAW"/*-wrk.txt "$RAW"/*-idle-*.out; do
    [ -f "$f" ] || continue
    echo; echo "### $(basename "$f")"; echo; echo '```'; cat "$f"; echo; echo '```'
  done
}

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
ensure_tools
for s in "${subjects[@]}"; do
  log "measuring $s"
  "measure_$s"
done
[ -n "$out" ] || out="bench/results/$(date -u +%Y-%m-%d-%H%M)-$(IFS=-; echo "${subjects[*]}").md"
mkdir -p "$(dirname "$out")"
report >"$out"
log "wrote $out"
sed -n '/^| metric/,/^$/p' "$out"
