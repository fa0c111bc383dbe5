#!/usr/bin/env bash
# A vote night: readers refreshing one draft's page through nginx (the
# README's configuration, "Behind a cache") while a writer records
# positions on that draft. Prints the readers' requests, how many the
# cache served and how many reached the tracker, and, for each write, how
# long after its acknowledgement the page served through the cache showed
# it.
#
#   votenight.sh TRACKER_ADDR TOKEN SERVER_LOG [SECONDS] [READERS]
#
# The tracker must be running at TRACKER_ADDR (on CPU 0), logging its
# requests to SERVER_LOG; nginx and wrk run on CPU 1.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
UPSTREAM=$1 TOKEN=$2 SERVER_LOG=$3 SECS=${4:-20} READERS=${5:-64}
PAGE=/drafts/2 WRITE=/v1/drafts/2/positions/IND
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null; }
WORK=$(mktemp -d)
chmod 755 "$WORK"
PORT=18490
cleanup() { [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null; sleep 0.2; rm -rf "$WORK"; }
trap cleanup EXIT

# The README's block, with the bench's addresses and folders put in, and
# an access log that says how nginx answered each request.
site=$(sed -n '/^```nginx$/,/^```$/p' "$HERE/../../README.md" | sed '1d;$d' |
  sed -e "s|/var/cache/nginx/unsc|$WORK/cache|" -e "s|listen 80;|listen 127.0.0.1:$PORT;|" -e "s|127.0.0.1:8080|$UPSTREAM|")
mkdir -p "$WORK/tmp"
{
  [ "$(id -u)" = 0 ] && echo "user root;"
  echo "worker_processes 1; pid $WORK/nginx.pid; error_log $WORK/error.log; events { worker_connections 1024; }"
  echo "http { log_format status '\$upstream_cache_status \$request_method \$uri'; access_log $WORK/access.log status;"
  echo "client_body_temp_path $WORK/tmp/body; proxy_temp_path $WORK/tmp/proxy; fastcgi_temp_path $WORK/tmp/fastcgi;"
  echo "uwsgi_temp_path $WORK/tmp/uwsgi; scgi_temp_path $WORK/tmp/scgi;"
  echo "$site"
  echo "}"
} >"$WORK/nginx.conf"
taskset -c 1 "$NGINX" -p "$WORK/" -c "$WORK/nginx.conf"
CACHE=http://127.0.0.1:$PORT
for _ in $(seq 50); do curl -sf -o /dev/null "$CACHE$PAGE" && break; sleep 0.1; done

etag() { curl -sfI "$1" | tr -d '\r' | awk 'tolower($1) == "etag:" {print $2}'; }
# writer: records a position, reads the page's new ETag from the tracker
# itself (a HEAD, not counted below), then reads the page through the
# cache every 20 ms until it serves that ETag.
writer() {
  local end=$((SECONDS + SECS - 1)) i=0
  while [ $SECONDS -lt $end ]; do
    i=$((i + 1))
    curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      --data "{\"stance\":\"abstain\",\"as_of\":\"2012-02-01\",\"note\":\"Vote night $i.\",\"evidence\":[{\"quote\":\"Quoted on the night.\",\"speaker\":\"desk\",\"source_id\":1}]}" \
      "http://$UPSTREAM$WRITE" || { echo "   write $i failed" >&2; return 1; }
    local acked want got
    acked=$(date +%s%N)
    want=$(etag "http://$UPSTREAM$PAGE")
    while got=$(etag "$CACHE$PAGE"); [ "$got" != "$want" ]; do
      sleep 0.02
      [ $SECONDS -lt $((end + 60)) ] || { echo "   write $i never showed through the cache" >&2; return; }
    done
    echo $((($(date +%s%N) - acked) / 1000000)) >>"$WORK/shown"
  done
}
before=$(wc -l <"$SERVER_LOG")
: >"$WORK/access.log"
writer &
wpid=$!
taskset -c 1 wrk -t1 -c"$READERS" -d"${SECS}s" --latency -s "$HERE/wrk-report.lua" "$CACHE$PAGE" >"$WORK/wrk.txt" 2>&1
wait $wpid
sleep 0.5
line=$(grep '^RESULT' "$WORK/wrk.txt") || { cat "$WORK/wrk.txt" >&2; exit 1; }
reads=$(grep -c " GET $PAGE\$" "$WORK/access.log" || true)
cached=$(grep -cE "^(HIT|STALE|UPDATING) GET $PAGE\$" "$WORK/access.log" || true)
tracker=$(tail -n +$((before + 1)) "$SERVER_LOG" | grep '"msg":"request"' | grep -c "\"method\":\"GET\",\"path\":\"$PAGE\"" || true)
echo "   readers: $READERS connections for ${SECS}s: $(sed -E 's/.*rps=([0-9.]+) p50_ms=([0-9.]+) p99_ms=([0-9.]+).*/\1 req\/s, p50 \2 ms, p99 \3 ms/' <<<"$line")"
echo "   GET $PAGE through the cache: $reads, served by the cache $cached, reaching the tracker $tracker"
echo "   by nginx's count: $(awk -v p="$PAGE" '$3 == p {n[$1]++} END {for (k in n) printf "%s %d  ", k, n[k]}' "$WORK/access.log")"
sort -n "$WORK/shown" | awk '{a[NR] = $1} END {if (NR) printf "   %d writes; acknowledged to shown through the cache: p50 %d ms, max %d ms\n", NR, a[int((NR + 1) / 2)], a[NR]}'
