#!/usr/bin/env bash
# Builds the release-static preset (build/release-static/), first installing what the build
# needs when run as root on a fresh Debian 12 machine. Used by quickstart.sh and test.sh.
#
#   OPENCLAW_INTEROP=1   also configure the interop test lane (real OpenClaw CLI from npm
#                        against our gateway, ctest label "interop"); unset or 0 turns it off
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -eq 0 ]; then
  bash scripts/install-deps.sh
else
  echo "build.sh: not root, so not installing packages; run scripts/install-deps.sh as root first" >&2
fi
interop=OFF
case "${OPENCLAW_INTEROP:-0}" in
  1|ON|on|true|yes) interop=ON ;;
  0|OFF|off|false|no|"") ;;
  *) echo "build.sh: OPENCLAW_INTEROP must be 1 or 0 (got '$OPENCLAW_INTEROP')" >&2; exit 2 ;;
esac
cmake --preset release-static -DOPENCLAW_INTEROP="$interop" >/dev/null
cmake --build --preset release-static -j "$(nproc)"
