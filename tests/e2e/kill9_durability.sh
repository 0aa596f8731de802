# What `hocvuso chat` acknowledged (printed) survives kill -9: the person is known
# after a restart, and their replies are in the outbox as sent.
source "$(dirname "$0")/lib.sh"
export HOCVUSO_DB=$WORK/data/hocvuso.db HOCVUSO_CONTENT=$CONTENT

coproc CHAT { "$BIN" chat --jsonl 2>"$WORK/err.log"; }
PID=$CHAT_PID
echo '{"user":"u1","name":"Bà Lan","text":"/start"}' >&"${CHAT[1]}"
read -r -t 20 line <&"${CHAT[0]}" || fail "no reply from chat"
grep -q 'Xin chào Bà Lan' <<<"$line" || fail "unexpected first reply: $line"
kill -9 "$PID"; wait "$PID" 2>/dev/null || true; unset PID

out=$(echo '{"user":"u1","text":"/start"}' | "$BIN" chat --jsonl 2>>"$WORK/err.log")
grep -q 'rất vui gặp lại' <<<"$out" || fail "state lost after kill -9: $out"

# A database written by a newer hocvuso is refused, not damaged.
sqlite3 "$HOCVUSO_DB" "PRAGMA user_version=999;"
rc=0; msg=$(echo '{"user":"u1","text":"/start"}' | "$BIN" chat --jsonl 2>&1) || rc=$?
[[ $rc -eq 1 ]] || fail "newer schema: exit $rc"
grep -q "newer than this hocvuso supports" <<<"$msg" || fail "newer schema message: $msg"
[[ $(sqlite3 "$HOCVUSO_DB" "PRAGMA user_version;") == 999 ]] || fail "database was modified"
echo "kill9_durability: ok"
