#!/usr/bin/env bash
# Installs the npm peers if missing, builds hocvuso_ingest_bench (and the hocvuso it starts as nodes) in
# Release (build-bench/) and runs it. Extra arguments go to the bench, e.g.:
#   bash bench/run.sh --updates 5000 --only ceiling,hocvuso
#   bash bench/run.sh --backend postgres --nodes 2    # N serve nodes on PostgreSQL beside one on SQLite
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
build="${HOCVUSO_BENCH_BUILD_DIR:-$root/build-bench}"

# The PostgreSQL run has no peers to install.
if [[ " $* " != *" --backend postgres "* && ! -d "$here/peers/node_modules" ]]; then
  if command -v npm >/dev/null; then
    echo "installing the peers (grammY, Telegraf) with npm ci in $here/peers" >&2
    (cd "$here/peers" && npm ci --no-audit --no-fund) || echo "npm ci failed: the peers' rows will say why" >&2
  else
    echo "npm not found: the grammY and Telegraf rows will be skipped" >&2
  fi
fi

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHOCVUSO_BUILD_TESTS=OFF -DHOCVUSO_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target hocvuso_ingest_bench
exec "$build/hocvuso_ingest_bench" "$@"
