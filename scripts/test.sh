#!/usr/bin/env bash
# The project's test command (README, CI): installs what the build needs (when run as root
# on a fresh Debian 12 machine), builds the release-static preset and runs every test suite.
#
# Extra arguments go to ctest, e.g.  scripts/test.sh -L unit   or   scripts/test.sh -R cidr
# OPENCLAW_INTEROP=1 adds the interop lane (real OpenClaw CLI from npm against our gateway):
#   OPENCLAW_INTEROP=1 scripts/test.sh -L interop
# OPENCLAW_SANITIZE=1 runs the sanitizer lane instead (scripts/sanitize.sh: build/asan with
# ASan+UBSan, unit and e2e suites; slow: a full asan build is ~485 targets):
#   OPENCLAW_SANITIZE=1 scripts/test.sh
# OPENCLAW_FUZZ=1 runs the libFuzzer lane instead (scripts/fuzz.sh: build/fuzz with clang-16,
# each target for OPENCLAW_FUZZ_SECONDS, default 60):
#   OPENCLAW_FUZZ=1 scripts/test.sh
# Slow lanes of the packaging label, each off unless switched on: OPENCLAW_IMAGE=1 (podman
# image build), OPENCLAW_CLOUDINIT=1 (cloud-init NoCloud run), OPENCLAW_IAC=1 (tsc on Pulumi).
set -euo pipefail
cd "$(dirname "$0")/.."

case "${OPENCLAW_SANITIZE:-0}" in
  1|ON|on|true|yes) exec bash scripts/sanitize.sh "$@" ;;
  0|OFF|off|false|no|"") ;;
  *) echo "test.sh: OPENCLAW_SANITIZE must be 1 or 0 (got '$OPENCLAW_SANITIZE')" >&2; exit 2 ;;
esac
case "${OPENCLAW_FUZZ:-0}" in
  1|ON|on|true|yes) exec bash scripts/fuzz.sh "${OPENCLAW_FUZZ_SECONDS:-60}" "$@" ;;
  0|OFF|off|false|no|"") ;;
  *) echo "test.sh: OPENCLAW_FUZZ must be 1 or 0 (got '$OPENCLAW_FUZZ')" >&2; exit 2 ;;
esac

bash scripts/build.sh
ctest --preset release-static -j "$(nproc)" "$@"
