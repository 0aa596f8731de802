# An invalid configuration names the key and the reason, and exits 2.
source "$(dirname "$0")/lib.sh"

expect_config_error() {  # expected-text, then the command's environment and arguments
  local want=$1; shift
  local rc=0 msg
  msg=$(env "$@" 2>&1 </dev/null) || rc=$?
  [[ $rc -eq 2 ]] || fail "exit $rc (want 2) for: $* -> $msg"
  grep -qF -- "$want" <<<"$msg" || fail "message lacks '$want': $msg"
}
expect_config_error "HOCVUSO_THREADS" HOCVUSO_THREADS=0 "$BIN" serve
expect_config_error "HOCVUSO_LISTEN" HOCVUSO_LISTEN=localhost "$BIN" serve
expect_config_error "HOCVUSO_LOG_FORMAT" HOCVUSO_LOG_FORMAT=xml "$BIN" serve
echo '{"listen": "127.0.0.1:8080", "colour": "blue"}' >"$WORK/bad.json"
expect_config_error "'colour': unknown key" X=1 "$BIN" serve --config "$WORK/bad.json"
echo '{"listen": ' >"$WORK/broken.json"
expect_config_error "not valid JSON" X=1 "$BIN" serve --config "$WORK/broken.json"
expect_config_error "unknown argument: --bogus" X=1 "$BIN" serve --bogus
# "--help" after a command is help (exit 0, the usage on stdout), not a bad argument.
for cmd in "chat --help" "serve -h" "db copy --help"; do
  rc=0; out=$("$BIN" $cmd 2>/dev/null </dev/null) || rc=$?
  [[ $rc -eq 0 ]] || fail "$cmd: exit $rc (want 0)"
  grep -qF "hocvuso chat [--config FILE]" <<<"$out" || fail "$cmd: no usage on stdout: $out"
done

# A port already in use is a clear runtime failure (1), not a hang.
start_server
rc=0; msg=$(HOCVUSO_LISTEN=127.0.0.1:$PORT HOCVUSO_DB=$WORK/other.db HOCVUSO_CONTENT=$CONTENT "$BIN" serve 2>&1) || rc=$?
[[ $rc -eq 1 ]] || fail "port in use: exit $rc: $msg"
grep -qi "address already in use" <<<"$msg" || fail "port in use message: $msg"
# One plain sentence naming the address, without Boost's source location (issue 13).
grep -qF "127.0.0.1:$PORT" <<<"$msg" || fail "port in use message lacks the address: $msg"
! grep -qE "/usr/include|system:[0-9]" <<<"$msg" || fail "port in use message shows internals: $msg"
grep -q "^hocvuso: cannot listen on 127.0.0.1:$PORT: " <<<"$msg" || fail "port in use sentence: $msg"
echo "config_errors: ok"
