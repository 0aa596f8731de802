#!/usr/bin/env bash
# The end-to-end tests (real sockets, the platform fakes, the real binary) under
# ThreadSanitizer, every service with 4 HTTP I/O threads (`threads` = 4): data races
# that `threads` > 1 would expose. Kept apart from deploy/test.sh because on a 2-core
# machine the extra build and the slower run would push CI past its budget; CI can
# run both (`.ci/run` may call this after deploy/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

build=${HOCVUSO_TSAN_BUILD_DIR:-build-tsan}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DHOCVUSO_WERROR=ON -DHOCVUSO_TSAN=ON -DHOCVUSO_SANITIZE=OFF >/dev/null
start=$(date +%s)
cmake --build "$build" --target hocvuso hocvuso_e2e_tests hocvuso_channel_tests
echo "build: $(( $(date +%s) - start )) s"

export HOCVUSO_TEST_THREADS=4
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
start=$(date +%s)
ctest --test-dir "$build" -L e2e --output-on-failure -j "$(nproc)" --timeout 600
echo "tests: $(( $(date +%s) - start )) s"
