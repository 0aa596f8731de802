# Shared helpers for the process tests: a scratch directory and a started server.
set -euo pipefail
BIN=$1
CONTENT=$2
WORK=$(mktemp -d)
trap 'kill -9 ${PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; [[ -f $WORK/err.log ]] && sed 's/^/  log: /' "$WORK/err.log" >&2; exit 1; }

# Starts `hocvuso serve` on a free port; sets PID and PORT. SERVE_NOFILE, when set,
# limits the server's open descriptors (the caller's shell keeps its own limit).
start_server() {
  ( [[ -z ${SERVE_NOFILE:-} ]] || ulimit -n "$SERVE_NOFILE"
    exec env HOCVUSO_LISTEN=127.0.0.1:0 HOCVUSO_DB=$WORK/data/hocvuso.db HOCVUSO_CONTENT=$CONTENT \
      "$BIN" serve "$@" 2>"$WORK/err.log" ) &
  PID=$!
  for _ in $(seq 1 200); do
    PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/err.log" | head -1)
    [[ -n $PORT ]] && return 0
    kill -0 "$PID" 2>/dev/null || fail "server exited during start"
    sleep 0.05
  done
  fail "server did not start"
}
