#!/usr/bin/env bash
# Runs clang-tidy (checks in .clang-tidy) on the C++ sources a change touches; exit 1 when any
# file has a finding, 0 when all are clean (or nothing changed), 2 on a usage or setup error.
#
#   scripts/clang-tidy-changed.sh [BASE_REV]
#
# BASE_REV: the files changed since this revision, including uncommitted and untracked ones.
# Default: the merge-base with `main` when HEAD is on another line of history, else HEAD~1.
# A changed header brings in the .cpp beside it (x.h -> x.cpp); a .cpp not in the compile
# database (e.g. a fuzz target of another build) is listed as skipped.
#
# Env: CLANG_TIDY (default clang-tidy-16: clang-tidy 14 cannot parse libstdc++ 12's
# <expected>), OPENCLAW_TIDY_BUILD_DIR (default build/tidy: configured here when it has no
# compile_commands.json; configuring compiles nothing), TIDY_JOBS (default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "clang-tidy-changed: $*" >&2; exit 2; }

tidy="${CLANG_TIDY:-}"
if [ -z "$tidy" ]; then
  if command -v clang-tidy-16 >/dev/null; then tidy=clang-tidy-16
  else die "clang-tidy-16 not found (apt-get install clang-tidy-16; clang-tidy 14 cannot parse <expected>)"; fi
fi
command -v "$tidy" >/dev/null || die "$tidy not found"

if [ $# -gt 1 ]; then die "usage: $0 [BASE_REV]"; fi
base="${1:-}"
if [ -z "$base" ]; then
  main_base=$(git merge-base HEAD main 2>/dev/null || true)
  if [ -n "$main_base" ] && [ "$main_base" != "$(git rev-parse HEAD)" ]; then base="$main_base"
  else base="HEAD~1"; fi
fi
git rev-parse --verify --quiet "$base^{commit}" >/dev/null || die "BASE_REV '$base' is not a commit"

build="${OPENCLAW_TIDY_BUILD_DIR:-build/tidy}"
if [ ! -f "$build/compile_commands.json" ]; then
  echo "clang-tidy-changed: configuring $build for its compile database" >&2
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DOPENCLAW_BUILD_BENCH=ON >/dev/null \
    || die "cmake configure of $build failed"
fi
database="$build/compile_commands.json"

# Changed since BASE (committed or not) plus untracked files; deleted files drop out.
mapfile -t changed < <({ git diff --name-only --diff-filter=d "$base" -- '*.cpp' '*.h'
                         git ls-files --others --exclude-standard -- '*.cpp' '*.h'; } | sort -u)
sources=()
for file in "${changed[@]}"; do
  case "$file" in
    *.h) [ -f "${file%.h}.cpp" ] && sources+=("${file%.h}.cpp") ;;
    *) sources+=("$file") ;;
  esac
done
mapfile -t sources < <(printf '%s\n' "${sources[@]}" | sort -u | sed '/^$/d')
if [ ${#sources[@]} -eq 0 ]; then
  echo "clang-tidy-changed: no C++ source changed since $base"; exit 0
fi

# Only what the compile database knows can be analysed with the right flags.
mapfile -t known < <(/usr/bin/python3 - "$database" "$PWD" "${sources[@]}" <<'PY'
import json, os, sys
database, root, wanted = sys.argv[1], sys.argv[2], sys.argv[3:]
files = {os.path.realpath(entry["file"]) for entry in json.load(open(database))}
for name in wanted:
    print(("ok " if os.path.realpath(os.path.join(root, name)) in files else "skip ") + name)
PY
)
targets=()
for line in "${known[@]}"; do
  case "$line" in
    ok\ *) targets+=("${line#ok }") ;;
    skip\ *) echo "clang-tidy-changed: skipped ${line#skip } (not in $database)" >&2 ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || { echo "clang-tidy-changed: no changed file is in $database"; exit 0; }

echo "clang-tidy-changed: $($tidy --version | sed -n 's/.*version \([0-9.]*\).*/\1/p' | head -n 1)," \
     "${#targets[@]} file(s) changed since $(git rev-parse --short "$base")" >&2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# One log per file so parallel output does not interleave; a file's status is its exit code.
# shellcheck disable=SC2016 # the single-quoted script expands $0..$3 in the inner sh, on purpose
printf '%s\n' "${targets[@]}" | xargs -P "${TIDY_JOBS:-$(nproc)}" -I{} sh -c '
  log="$2/$(echo "$1" | tr / _).log"
  if "$0" -p "$3" --quiet "$1" >"$log" 2>&1; then rm -f "$log"; fi
' "$tidy" {} "$out" "$build"

failed=0
for log in "$out"/*.log; do
  [ -e "$log" ] || continue
  failed=$((failed + 1))
  # Drop clang-tidy's chatter ("N warnings generated", "Suppressed ...") and keep the findings.
  grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter' "$log" || true
done
if [ "$failed" -gt 0 ]; then
  echo "clang-tidy-changed: findings in $failed of ${#targets[@]} file(s)" >&2
  exit 1
fi
echo "clang-tidy-changed: ${#targets[@]} file(s) clean"
