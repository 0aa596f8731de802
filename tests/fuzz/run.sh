#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in build-fuzz/ and fuzzes each for
# [seconds] (default 60) from its seed corpus. New inputs go to build-fuzz/corpus/<target>
# (the seeds in tests/fuzz/corpus stay as they are); a crash is written to
# build-fuzz/crashes/<target>/ and the run ends non-zero. Copy a crash into
# tests/fuzz/corpus/<target>/crash-<name> once fixed: CI replays it from then on.
#   bash tests/fuzz/run.sh [seconds] [target...]
# Needs clang and libclang-rt-14-dev (Debian: apt-get install clang libclang-rt-14-dev).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(http telegram zalo zalobot report faq places content)
build="$root/build-fuzz"
jobs="${HOCVUSO_FUZZ_JOBS:-2}"

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="${CXX_FUZZ:-clang++}" -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" -DHOCVUSO_FUZZ=ON -DHOCVUSO_BUILD_TESTS=OFF "${launcher[@]}" >/dev/null
cmake --build "$build" -j "$jobs" --target "${targets[@]/#/hocvuso_fuzz_}"

status=0
for t in "${targets[@]}"; do
  mkdir -p "$build/corpus/$t" "$build/crashes/$t"
  echo "== $t: ${seconds} s"
  if ! "$build/tests/fuzz/hocvuso_fuzz_$t" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 \
      -artifact_prefix="$build/crashes/$t/" -print_final_stats=1 \
      "$build/corpus/$t" "$here/corpus/$t" 2>"$build/$t.log"; then
    status=1
    echo "   crashed: see $build/$t.log and $build/crashes/$t/"
  fi
  grep -E "^stat::(number_of_executed_units|new_units_added|peak_rss_mb)" "$build/$t.log" | sed 's/^/   /' || true
done
exit $status
