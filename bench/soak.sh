#!/usr/bin/env bash
# The soak: builds hocvuso and hocvuso_soak in Release (build-soak/, with the tests
# configured for the platform fakes) and holds mixed traffic against a real `hocvuso
# serve` for N minutes (default 30), printing RSS, descriptors, outbox depth, latency
# and errors every minute. Exit non-zero on errors or RSS growth over 5% after warm-up.
#   bash bench/soak.sh [minutes] [updates per second, default 20]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
build="${HOCVUSO_SOAK_BUILD_DIR:-$root/build-soak}"
minutes="${1:-30}"
rate="${2:-20}"

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHOCVUSO_BUILD_TESTS=ON -DHOCVUSO_BUILD_BENCH=ON \
  "${launcher[@]}" >/dev/null
cmake --build "$build" --target hocvuso hocvuso_soak
exec "$build/hocvuso_soak" --minutes "$minutes" --rate "$rate"
