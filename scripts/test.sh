#!/usr/bin/env bash
# The project's test command (README, CI): installs what the build needs (when run as root
# on a fresh Debian 12 machine), builds the release-static preset and runs every test suite.
#
# Extra arguments go to ctest, e.g.  scripts/test.sh -L unit   or   scripts/test.sh -R cidr
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -eq 0 ]; then
  bash scripts/install-deps.sh
else
  echo "test.sh: not root, so not installing packages; run scripts/install-deps.sh as root first" >&2
fi

cmake --preset release-static >/dev/null
cmake --build --preset release-static -j "$(nproc)"
ctest --preset release-static -j "$(nproc)" "$@"
