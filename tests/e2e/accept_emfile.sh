# Issue 13, item 2: with its descriptors used up, the server neither spins nor floods
# its log, and answers /healthz again as soon as descriptors free up.
source "$(dirname "$0")/lib.sh"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
healthz() {  # the status line of GET /healthz, or nothing within 5 s
  local fd
  exec {fd}<>"/dev/tcp/127.0.0.1/$PORT" || return 0
  printf 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >&$fd
  timeout 5 head -1 <&$fd | tr -d '\r' || true
  exec {fd}>&-
}

SERVE_NOFILE=64 HOCVUSO_READ_TIMEOUT=60 HOCVUSO_IDLE_TIMEOUT=60 start_server
[[ $(healthz) == "HTTP/1.1 200 OK" ]] || fail "no /healthz before the test"

# 120 idle connections: more than the server has descriptors for.
fds=()
for _ in $(seq 1 120); do
  exec {fd}<>"/dev/tcp/127.0.0.1/$PORT" || fail "cannot connect"
  fds+=("$fd")
done
sleep 1
lines_before=$(wc -l <"$WORK/err.log")
ticks_before=$(cpu_ticks)
sleep 3
ticks=$(( $(cpu_ticks) - ticks_before ))
lines=$(( $(wc -l <"$WORK/err.log") - lines_before ))
hz=$(getconf CLK_TCK)
echo "accept_emfile: 3 s out of descriptors: $ticks CPU ticks ($hz a second), $lines log lines"
grep -q "accept failed" "$WORK/err.log" || fail "the server never ran out of descriptors: no test"
# Spinning used ~0.94 of a core (~280 ticks in 3 s) and ~400,000 log lines a second.
(( ticks < hz * 3 / 5 )) || fail "accept loop spins: $ticks ticks in 3 s"
(( lines <= 3 )) || fail "accept failures flood the log: $lines lines in 3 s"

# Descriptors free up: /healthz answers again.
for fd in "${fds[@]}"; do exec {fd}>&-; done
ok=""
for _ in $(seq 1 40); do
  [[ $(healthz) == "HTTP/1.1 200 OK" ]] && { ok=1; break; }
  sleep 0.25
done
[[ -n $ok ]] || fail "/healthz did not answer after descriptors freed up"
kill -TERM "$PID"; wait "$PID" || fail "serve did not stop cleanly"; unset PID
echo "accept_emfile: ok"
