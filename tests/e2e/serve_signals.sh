# `hocvuso serve` answers, reloads content on SIGHUP, and exits 0 on SIGTERM and SIGINT.
source "$(dirname "$0")/lib.sh"

for sig in TERM INT; do
  start_server
  curl -fsS "http://127.0.0.1:$PORT/healthz" | grep -q '"alive"' || fail "healthz"
  curl -fsS "http://127.0.0.1:$PORT/readyz" | grep -q '"ready"' || fail "readyz"
  if [[ $sig == TERM ]]; then
    kill -HUP "$PID"
    for _ in $(seq 1 100); do grep -q "content reloaded" "$WORK/err.log" && break; sleep 0.05; done
    grep -q "content reloaded" "$WORK/err.log" || fail "SIGHUP did not reload content"
    curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null || fail "not serving after SIGHUP"
  fi
  kill -"$sig" "$PID"
  rc=0; wait "$PID" || rc=$?
  [[ $rc -eq 0 ]] || fail "exit code $rc after SIG$sig"
  grep -q "shutting down" "$WORK/err.log" || fail "no shutdown log line"
  unset PID
done
echo "serve_signals: ok"
