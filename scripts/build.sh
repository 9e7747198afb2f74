#!/usr/bin/env bash
# Builds the release-static preset (build/release-static/), first installing what the build
# needs when run as root on a fresh Debian 12 machine. Used by quickstart.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -eq 0 ]; then
  bash scripts/install-deps.sh
else
  echo "build.sh: not root, so not installing packages; run scripts/install-deps.sh as root first" >&2
fi
cmake --preset release-static >/dev/null
cmake --build --preset release-static -j "$(nproc)"
