#!/usr/bin/env bash
# The dashboard in a real browser (Debian's chromium, driven by puppeteer-core): every
# tests/browser/*.test.mjs, one after the other, each with its own serve and seeded data.
# ctest runs this as the test `browser` (label browser), beside the others, rather than as
# a stage of its own before them: it keeps under half a core busy for about 100 s.
#   bash tests/browser/run.sh path/to/hocvuso screenshots-dir
# Skipped (exit 77) when puppeteer-core is not installed: `cd tests/browser && npm ci`
# (deploy/test.sh does it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[[ -d $here/node_modules ]] || { echo "skipped: run npm ci in $here first"; exit 77; }
HOCVUSO_BIN="$1" BROWSER_OUT="$2" exec node --test --test-concurrency=1 --test-reporter=spec "$here"/*.test.mjs
