#!/usr/bin/env bash
# Checks the cluster example on this machine, as far as one machine can:
#  1. `nginx -t` on nginx-hocvuso-cluster.conf (a test prefix, a self-signed certificate in place of
#     Let's Encrypt's, loopback ports in place of 80 and 443);
#  2. the two nodes started as hocvuso@.service starts them (serve --config cluster.json with
#     node-N.env's variables and a database URL) on a temporary PostgreSQL database, both ready;
#  3. nginx started with that site in front of them: a Telegram webhook through it is answered 200
#     with both nodes up, and again with node 1 stopped (the upstream passes over it); /readyz is
#     not served through nginx.
# Free ports replace 8081, 8082, 80 and 443, since other programs may hold those here.
# usage: bash deploy/cluster/check.sh [path/to/hocvuso]   (run as root; needs postgresql, nginx, openssl, curl)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$(dirname "$here")")"
bin="${1:-$root/build/hocvuso}"
[[ -x $bin ]] || { echo "no hocvuso binary at $bin (give its path)" >&2; exit 2; }
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -n $pg_bin ]] || { echo "PostgreSQL not installed (apt-get install postgresql)" >&2; exit 2; }
command -v nginx >/dev/null || { echo "nginx not installed (apt-get install nginx)" >&2; exit 2; }

work=$(mktemp -d /tmp/hocvuso-cluster-check-XXXXXX)
chown postgres "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for f in "$work"/*.log; do [[ -f $f ]] && sed "s|^|  $(basename "$f"): |" "$f" | tail -20 >&2; done; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# 1. nginx -t on the site, in a prefix of its own.
node1=$(free_port); node2=$(free_port); http=$(free_port); https=$(free_port)
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=bot.example.vn -keyout "$work/key.pem" \
  -out "$work/cert.pem" 2>/dev/null
sed -e "s|/etc/letsencrypt/live/bot.example.vn/fullchain.pem|$work/cert.pem|" \
    -e "s|/etc/letsencrypt/live/bot.example.vn/privkey.pem|$work/key.pem|" \
    -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https ssl http2;|" -e "s|listen 80;|listen 127.0.0.1:$http;|" \
    -e '/listen \[::\]/d' -e "s|127.0.0.1:8081|127.0.0.1:$node1|" -e "s|127.0.0.1:8082|127.0.0.1:$node2|" \
    "$here/nginx-hocvuso-cluster.conf" >"$work/site.conf"
grep -q "127.0.0.1:$node1 " "$work/site.conf" && grep -q "127.0.0.1:$node2 " "$work/site.conf" ||
  fail "the upstream no longer names 127.0.0.1:8081 and :8082"
cat >"$work/nginx.conf" <<EOF
user root;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx.log;
events {}
http {
    access_log off;
    include $work/site.conf;
}
EOF
nginx -t -p "$work" -c "$work/nginx.conf" 2>"$work/nginx-t.log" || fail "nginx -t: $(cat "$work/nginx-t.log")"
echo "nginx -t: $(grep -c successful "$work/nginx-t.log") ok ($(nginx -v 2>&1))"

# 2. PostgreSQL and the two nodes, configured as the units configure them.
runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg" -A trust -U postgres --no-locale -E UTF8 --no-sync \
  >"$work/initdb.log" 2>&1 || fail "initdb"
pg_port=$(free_port)
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -o "-h '' -k $work -p $pg_port" -l "$work/postgres.log" -w start \
  >/dev/null || fail "PostgreSQL did not start"
runuser -u postgres -- "$pg_bin/psql" -h "$work" -p "$pg_port" -U postgres -qc "CREATE DATABASE hocvuso" postgres
url="postgresql:///hocvuso?host=$work&port=$pg_port&user=postgres"
start_node() {  # n, port
  ( set -a; source "$here/node-$1.env"; set +a
    exec env HOCVUSO_LISTEN="127.0.0.1:$2" HOCVUSO_DATABASE_URL="$url" HOCVUSO_CONTENT="$root/content" \
      HOCVUSO_TELEGRAM_TOKEN=123:check HOCVUSO_TELEGRAM_WEBHOOK_SECRET=check_secret \
      HOCVUSO_TELEGRAM_BOT_USERNAME=check_bot HOCVUSO_TELEGRAM_API_BASE=http://127.0.0.1:9 \
      "$bin" serve --config "$here/cluster.json" >"$work/node$1.log" 2>&1 ) &
  pids+=($!)
}
wait_ready() {  # port
  for _ in $(seq 1 300); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/readyz") == 200 ]] && return 0
    sleep 0.1
  done
  fail "node on port $1 not ready"
}
start_node 1 "$node1"; wait_ready "$node1"
start_node 2 "$node2"; wait_ready "$node2"
echo "nodes: both ready on one database (serve --config cluster.json, node-1.env / node-2.env)"

# 3. nginx in front of them.
nginx -p "$work" -c "$work/nginx.conf" || fail "nginx did not start"
post() {  # update id -> HTTP status through nginx
  curl -sk -o /dev/null -w '%{http_code}' --resolve "bot.example.vn:$https:127.0.0.1" \
    -H 'Content-Type: application/json' -H 'X-Telegram-Bot-Api-Secret-Token: check_secret' \
    --data "{\"update_id\":$1,\"message\":{\"message_id\":$1,\"from\":{\"id\":7001,\"is_bot\":false,\"first_name\":\"Lan\"},\"chat\":{\"id\":7001,\"type\":\"private\"},\"date\":1700000000,\"text\":\"xin chào\"}}" \
    "https://bot.example.vn:$https/webhook/telegram"
}
for id in 1 2 3 4; do [[ $(post $id) == 200 ]] || fail "webhook $id through nginx, both nodes up"; done
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true
for id in 5 6 7 8; do [[ $(post $id) == 200 ]] || fail "webhook $id through nginx with node 1 stopped"; done
code=$(curl -sk -o /dev/null -w '%{http_code}' --resolve "bot.example.vn:$https:127.0.0.1" "https://bot.example.vn:$https/readyz")
[[ $code == 404 ]] || fail "/readyz through nginx answered $code, not 404"
echo "nginx: 4 webhooks answered 200 over both nodes, 4 more with node 1 stopped; /readyz not proxied (404)"
echo "cluster check: ok"
