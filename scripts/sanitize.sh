#!/usr/bin/env bash
# The sanitizer lane: builds the `asan` preset (build/asan: RelWithDebInfo with
# AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer, every report fatal) and runs
# the unit and end-to-end suites on it. The preset is also the warnings-as-errors lane at -O2
# (-Wall -Wextra and more, cmake/Warnings.cmake), except -Wmaybe-uninitialized, which stays a
# warning: GCC 12 reports it falsely inside libstdc++'s <regex> once ASan instruments it. Any sanitizer report fails the test that caused it:
# unit tests exit non-zero, and the e2e harness searches every captured stderr of the
# binaries (gateway, CLI, provisioner) for a report (tests/e2e/harness.py).
#
#   scripts/sanitize.sh                 build, then ctest -L unit and -L e2e
#   scripts/sanitize.sh -R cidr         extra arguments go to both ctest runs
#   OPENCLAW_SANITIZE=1 scripts/test.sh the same, from the project's test command
#
# Env: OPENCLAW_ASAN_BUILD_DIR (default build/asan; another dir is configured with the
# preset's settings), OPENCLAW_JOBS (build and ctest parallelism, default nproc),
# ASAN_OPTIONS / UBSAN_OPTIONS / LSAN_OPTIONS (defaults below; yours replace them).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -eq 0 ]; then
  bash scripts/install-deps.sh
fi

jobs="${OPENCLAW_JOBS:-$(nproc)}"
build="${OPENCLAW_ASAN_BUILD_DIR:-build/asan}"

# halt/abort: the first report ends the process (exit by SIGABRT, never mistaken for a
# clean exit); detect_leaks: LeakSanitizer runs at every exit, including the gateway's exit
# after SIGTERM at the end of each e2e test.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:abort_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-}"

started=$SECONDS
if [ "$build" = build/asan ]; then
  cmake --preset asan >/dev/null
else
  # The preset's cache variables, for a build dir of your own (presets fix binaryDir).
  flags=$(/usr/bin/python3 -c '
import json
preset = next(p for p in json.load(open("CMakePresets.json"))["configurePresets"] if p["name"] == "asan")
for key, value in preset["cacheVariables"].items():
    print("-D%s=%s" % (key, value))')
  mapfile -t flags <<<"$flags"
  cmake -S . -B "$build" -G Ninja "${flags[@]}" >/dev/null
fi
cmake --build "$build" -j "$jobs"
echo "sanitize.sh: build took $((SECONDS - started)) s" >&2

status=0
started=$SECONDS
ctest --test-dir "$build" -L unit -j "$jobs" --output-on-failure "$@" || status=1
echo "sanitize.sh: unit tests took $((SECONDS - started)) s" >&2
started=$SECONDS
ctest --test-dir "$build" -L e2e -j "$jobs" --output-on-failure "$@" || status=1
echo "sanitize.sh: e2e tests took $((SECONDS - started)) s" >&2
exit "$status"
