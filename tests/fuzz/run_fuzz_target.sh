#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time on a copy of its seed corpus (ctest label
# "fuzz"). Exit status: 0 when the run ended without a finding, libFuzzer's non-zero status
# on a crash, leak, timeout, out-of-memory or sanitizer report (its artifact is kept in
# WORK_DIR/artifacts/ and named on stderr).
#
#   run_fuzz_target.sh FUZZER SEED_CORPUS_DIR WORK_DIR SECONDS
set -euo pipefail
if [ $# -ne 4 ]; then
  echo "usage: $0 FUZZER SEED_CORPUS_DIR WORK_DIR SECONDS" >&2
  exit 2
fi
fuzzer=$1 seeds=$2 work=$3 seconds=$4

rm -rf "$work/corpus" "$work/artifacts"
mkdir -p "$work/corpus" "$work/artifacts"
# Regression inputs and seeds both start the run; new inputs found go to the copy only.
cp -R "$seeds/." "$work/corpus/"

set +e
"$fuzzer" "$work/corpus" \
  -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
  -artifact_prefix="$work/artifacts/" -print_final_stats=1 2>&1 | tee "$work/fuzz.log"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "run_fuzz_target.sh: $(basename "$fuzzer") failed (status $status); artifacts:" >&2
  ls -l "$work/artifacts" >&2
fi
exit "$status"
