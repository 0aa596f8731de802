#!/usr/bin/env bash
# Installs what hocvuso needs, builds it with warnings as errors and with
# AddressSanitizer + UndefinedBehaviorSanitizer, checks content/, and runs every
# test (unit, transcripts, end-to-end over real sockets, process tests).
# Prints the time of each stage.
set -euo pipefail
cd "$(dirname "$0")/.."
stage_start=$(date +%s)
stage() { local now; now=$(date +%s); echo "stage $1: $((now - stage_start)) s"; stage_start=$now; }

bash deploy/install-deps.sh
stage install-deps

build=${HOCVUSO_TEST_BUILD_DIR:-build-test}
# -g1: line tables and function names, all the sanitizers' stack traces need; full -g
# cost about 8% more compile time and linked larger binaries. Build by hand for a debugger.
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
  -DHOCVUSO_WERROR=ON -DHOCVUSO_SANITIZE=ON >/dev/null
cmake --build "$build"
stage build

"$build/hocvuso" content check --content content
stage content-check

# The browser tests' puppeteer-core (no browser download: they drive Debian's chromium).
# ctest runs them as the test `browser` beside the others (tests/browser/run.sh); the
# screenshots go to $build/browser-screenshots.
[[ -d tests/browser/node_modules ]] || (cd tests/browser && npm ci --no-audit --no-fund)

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# ctest starts the longest tests first when it knows their times, so the two cores are
# not left with one long test at the end. A fresh clone knows them from
# tests/ctest-costs.txt (a copy of a full run's Testing/Temporary/CTestCostData.txt);
# ctest then keeps its own up to date in the build folder.
costs="$build/Testing/Temporary/CTestCostData.txt"
if [[ ! -f $costs ]]; then
  mkdir -p "$(dirname "$costs")"
  cp tests/ctest-costs.txt "$costs"
fi
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" --timeout 300
stage tests
echo "slowest tests (seconds, from $costs):"
# awk reads to the end (no `head`): a reader that stops early would fail the pipe under pipefail.
sort -k3 -g -r "$costs" | awk 'NF == 3 && shown < 15 {printf "  %7.1f  %s\n", $3, $1; shown++}'
