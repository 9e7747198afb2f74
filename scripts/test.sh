#!/usr/bin/env bash
# The project's test command (README, CI): installs what the build needs (when run as root
# on a fresh Debian 12 machine), builds the release-static preset and runs every test suite.
#
# Extra arguments go to ctest, e.g.  scripts/test.sh -L unit   or   scripts/test.sh -R cidr
# OPENCLAW_INTEROP=1 adds the interop lane (real OpenClaw CLI from npm against our gateway):
#   OPENCLAW_INTEROP=1 scripts/test.sh -L interop
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build.sh
ctest --preset release-static -j "$(nproc)" "$@"
