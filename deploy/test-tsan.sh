#!/usr/bin/env bash
# The end-to-end tests (real sockets, the platform fakes, the real binary) under
# ThreadSanitizer, every service with 4 HTTP I/O threads (`threads` = 4), on SQLite and on
# PostgreSQL (4 store threads a node): data races that more than one thread would expose. Kept apart from deploy/test.sh because on a 2-core
# machine the extra build and the slower run would push CI past its budget; CI can
# run both (`.ci/run` may call this after deploy/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

build=${HOCVUSO_TSAN_BUILD_DIR:-build-tsan}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DHOCVUSO_WERROR=ON -DHOCVUSO_TSAN=ON -DHOCVUSO_SANITIZE=OFF >/dev/null
start=$(date +%s)
# Every binary the e2e labels run: e2e (SQLite) and e2e_pg (the same suite on the run's
# PostgreSQL server, through the pg_cluster fixture, 4 store threads a node).
cmake --build "$build" --target hocvuso hocvuso_e2e_tests hocvuso_channel_tests hocvuso_fault_tests hocvuso_pg_cluster
echo "build: $(( $(date +%s) - start )) s"

export HOCVUSO_TEST_THREADS=4
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
start=$(date +%s)
ctest --test-dir "$build" -L '^e2e' --output-on-failure -j "$(nproc)" --timeout 600
echo "tests: $(( $(date +%s) - start )) s"
