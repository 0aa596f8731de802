#!/usr/bin/env bash
# Where a build's compile time goes by the files' origin: for each object in a ninja
# log, the job seconds and whether its source existed at <base-rev> ("old") or was
# added later, and then by which commit (renames followed). Used for issue 21's
# build-time check: the code that existed before the restructuring, plus the files the
# restructuring added, against the whole build at <base-rev>.
#   bash bench/build_share.sh <build-dir> <base-rev>   # one line per object, then totals
set -euo pipefail
build=$1; base=$2
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
awk 'NR > 1 && $4 ~ /\.o$/ {print ($2 - $1) / 1000, $4}' "$build/.ninja_log" | while read -r t obj; do
  # bot/http/CMakeFiles/hocvuso_http.dir/client.cpp.o -> bot/http/client.cpp
  dir=${obj%%/CMakeFiles/*}; rest=${obj#*.dir/}; rest=${rest//__\//..\/}; src="$dir/${rest%.o}"
  src=$(realpath -m --relative-to="$root" "$root/$src")
  add=$(git -C "$root" log --diff-filter=A --follow -M --format=%h -- "$src" | tail -1)
  if [[ -z $add ]]; then origin="unknown"
  elif git -C "$root" merge-base --is-ancestor "$add" "$base"; then origin="old"
  else origin="new $add $(git -C "$root" log -1 --format=%s "$add" | cut -c1-80)"; fi
  printf '%s\t%s\t%s\n' "$t" "$src" "$origin"
done | tee /dev/stderr | awk -F'\t' '{k = ($3 == "old" || $3 == "unknown") ? $3 : "new"; s[k] += $1; n[k]++}
  END {for (k in s) printf "total %-7s %4d objects %8.1f job s\n", k, n[k], s[k]}'
awk 'NR > 1 && $4 !~ /\.o$/ {s += ($2 - $1) / 1000; n++} END {printf "total links   %4d steps   %8.1f job s\n", n, s}' "$build/.ninja_log"
