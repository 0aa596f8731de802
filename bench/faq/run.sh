#!/usr/bin/env bash
# The FAQ benchmark: installs MiniSearch if missing (npm ci here), runs it on the same
# entries and questions, builds hocvuso_faq_bench in Release (build-bench/) and prints
# both side by side. On Linux with taskset, hocvuso runs pinned to one core.
# Extra arguments go to the bench, e.g.: bash bench/faq/run.sh --rounds 500
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${HOCVUSO_BENCH_BUILD_DIR:-$root/build-bench}"
peer_out="$(mktemp)"
trap 'rm -f "$peer_out"' EXIT

if command -v node >/dev/null; then
  if [[ ! -d "$here/node_modules/minisearch" ]]; then
    echo "installing MiniSearch with npm ci in $here" >&2
    (cd "$here" && npm ci --no-audit --no-fund >&2) || echo "npm ci failed: MiniSearch rows skipped" >&2
  fi
  if [[ -d "$here/node_modules/minisearch" ]]; then
    node "$here/minisearch_eval.js" "$root/content" "$root/tests/faq/eval.jsonl" > "$peer_out"
  fi
else
  echo "node not found: MiniSearch rows skipped" >&2
fi

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHOCVUSO_BUILD_TESTS=OFF -DHOCVUSO_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target hocvuso_faq_bench >&2
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); fi
exec "${pin[@]}" "$build/hocvuso_faq_bench" --peer "$peer_out" "$@"
