#!/usr/bin/env bash
# CPU time of a clean build as CI configures it (Debug, ASan+UBSan, WERROR), for two
# revisions, without ccache, one job at a time under nice: user+sys hardly depends on
# what else the machine runs, so the two figures compare even on a shared machine.
#   bash bench/build_time.sh <before-rev> <after-rev>
# Issue 21's check: after / before within +10%.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$work/src" 2>/dev/null || true; rm -rf "$work"' EXIT
for rev in "$@"; do
  git -C "$root" worktree add -q --detach "$work/src" "$rev"
  cmake -S "$work/src" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DHOCVUSO_WERROR=ON \
    -DHOCVUSO_SANITIZE=ON >/dev/null
  /usr/bin/time -f "$rev: user %U s, sys %S s, wall %e s" env CCACHE_DISABLE=1 nice -n 15 \
    cmake --build "$work/build" -j1 > "$work/log" 2>&1 || { tail -20 "$work/log"; exit 1; }
  tail -1 "$work/log"
  echo "$rev: $(grep -c 'Building CXX' "$work/log") compiled files, $(grep -c 'Linking' "$work/log") links"
  rm -rf "$work/build"
  git -C "$root" worktree remove --force "$work/src"
done
