#!/usr/bin/env bash
# The fuzzing lane: builds tests/fuzz/ (libFuzzer targets on our own code, every library
# instrumented and built with AddressSanitizer + UndefinedBehaviorSanitizer) in build/fuzz
# with clang, then runs each target for SECONDS (default 60) on a copy of its seed corpus.
# Fails when any target reports a crash, leak, timeout, out-of-memory or sanitizer error;
# the input that caused it is kept in build/fuzz/tests/fuzz/runs/<target>/artifacts/.
#
#   scripts/fuzz.sh [SECONDS] [extra ctest arguments, e.g. -R json5]
#
# Needs clang-16, libclang-rt-16-dev and llvm-16 (for symbolized stacks) from Debian;
# OPENCLAW_FUZZ_CXX picks another clang++ (16 or newer). Exits 77 (skipped) when the
# compiler is missing. OPENCLAW_FUZZ_JOBS sets how many targets run at once (default: all
# cores; each target uses one core).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then
  seconds=$1
  shift
fi
compiler=${OPENCLAW_FUZZ_CXX:-clang++-16}
# As root on a fresh machine: the build's own packages, then the fuzzing compiler.
if [ "$(id -u)" -eq 0 ]; then
  bash scripts/install-deps.sh
  if [ -z "${OPENCLAW_FUZZ_CXX:-}" ] && ! command -v clang++-16 >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang-16 libclang-rt-16-dev llvm-16 >/dev/null
  fi
fi
if ! command -v "$compiler" >/dev/null 2>&1; then
  echo "fuzz.sh: skipped: $compiler not found (apt-get install clang-16 libclang-rt-16-dev llvm-16)" >&2
  exit 77
fi
# Symbolized stack traces in sanitizer reports.
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && command -v llvm-symbolizer-16 >/dev/null 2>&1; then
  export ASAN_SYMBOLIZER_PATH
  ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer-16)
fi
jobs=${OPENCLAW_FUZZ_JOBS:-$(nproc)}

started=$(date +%s)
cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER="$compiler" -DOPENCLAW_FUZZ=ON \
  -DOPENCLAW_BUILD_TESTS=OFF -DOPENCLAW_FUZZ_SECONDS="$seconds" >/dev/null
cmake --build build/fuzz --target openclaw_fuzz_targets -j "$(nproc)"
echo "fuzz.sh: fuzz tree built in $(($(date +%s) - started)) s" >&2
ctest --test-dir build/fuzz -L fuzz -j "$jobs" --output-on-failure "$@"
