#!/usr/bin/env bash
# First start on a fresh Debian 12 machine, as root: install what the build needs, build the
# static binaries, provision a state directory on loopback, and run the gateway in the
# foreground (Ctrl-C stops it). Safe to run again: provisioning keeps the existing token.
#
#   STATE_DIR   where the state goes (default: $OPENCLAW_STATE_DIR, else ~/.openclaw)
#   PORT        gateway port (default: 18789)
set -euo pipefail
cd "$(dirname "$0")/.."

STATE_DIR="${STATE_DIR:-${OPENCLAW_STATE_DIR:-$HOME/.openclaw}}"
PORT="${PORT:-18789}"

bash scripts/build.sh
bin=build/release-static

"$bin/openclaw-provision" apply --state-dir "$STATE_DIR" --port "$PORT" --bind loopback
cat <<INFO

Gateway:      ws://127.0.0.1:$PORT  (HTTP probes: http://127.0.0.1:$PORT/healthz, /readyz)
Token file:   $STATE_DIR/credentials/gateway-token   (print it: $bin/openclaw-provision show --state-dir $STATE_DIR --reveal)
On-box CLI:   pre-approved identity in $STATE_DIR/identity/device.json
Starting the gateway; Ctrl-C stops it.

INFO
export OPENCLAW_STATE_DIR="$STATE_DIR"
exec "$bin/openclaw" gateway run
