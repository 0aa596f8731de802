#!/usr/bin/env bash
# Installs what hocvuso needs, builds it with warnings as errors and with
# AddressSanitizer + UndefinedBehaviorSanitizer, checks content/, and runs every
# test (unit, transcripts, end-to-end over real sockets, process tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/install-deps.sh

build=${HOCVUSO_TEST_BUILD_DIR:-build-test}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DHOCVUSO_WERROR=ON -DHOCVUSO_SANITIZE=ON >/dev/null
start=$(date +%s)
cmake --build "$build"
echo "build: $(( $(date +%s) - start )) s"

"$build/hocvuso" content check --content content

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" --timeout 300
