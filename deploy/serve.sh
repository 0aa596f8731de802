#!/usr/bin/env bash
# Installs what hocvuso needs, builds it, and starts `hocvuso serve` on its defaults:
# 127.0.0.1:8080, SQLite under ./data/, the built-in content/, Telegram and Zalo off
# until configured (HOCVUSO_* variables or --config FILE, passed through).
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHOCVUSO_BUILD_TESTS=OFF >/dev/null
cmake --build build --target hocvuso
exec ./build/hocvuso serve "$@"
