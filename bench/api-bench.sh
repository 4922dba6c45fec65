#!/usr/bin/env bash
# The agent's API under load, measured from outside with curl:
#   1. latency of GET /v2/apps?embed=apps.tasks with APPS apps of INSTANCES `sleep` tasks each
#      (default 100 x 10 = 1,000 tasks), paired with two references on the same machine: GET /ping
#      of the same agent (the server's floor), and the same response bytes served as a static file
#      by `python3 -m http.server`;
#   2. events delivered per second to one /v2/events subscriber (EventThroughput, in process).
# Usage: bench/api-bench.sh [APPS] [INSTANCES] [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
apps="${1:-100}"; instances="${2:-10}"; runs="${3:-21}"
work="$(mktemp -d)"
zeta() { ZETA_HOME="$work" "$root/bin/zeta" "$@"; }
pypid=""
cleanup() { zeta agent stop >/dev/null 2>&1 || true; [ -n "$pypid" ] && kill "$pypid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

zeta agent start >/dev/null
url="$(sed -n 's/.*"url" : "\(.*\)".*/\1/p' "$work/agent/agent.json")"
pid="$(sed -n 's/.*"pid" : \([0-9]*\).*/\1/p' "$work/agent/agent.json")"
printf 'Authorization: token=%s\n' "$(cat "$work/agent/agent.token")" > "$work/auth.header"
api() { curl -sf -H @"$work/auth.header" "$@"; }
now_ms() { date +%s%3N; }
# Milliseconds per request, one line each: curl's own clock, connection included.
times() { for _ in $(seq 1 "$runs"); do curl -s -o /dev/null -w '%{time_total}\n' "$@"; done \
  | awk '{printf "%d\n", $1 * 1000000}'; }
stats() { sort -n | awk '{a[NR]=$1} END {printf "median %.2f ms, p90 %.2f ms, min %.2f, max %.2f (n=%d)\n",
  a[int((NR+1)/2)]/1000, a[int(NR*0.9)]/1000, a[1]/1000, a[NR]/1000, NR}'; }

echo "agent pid $pid at $url; creating $apps apps x $instances tasks"
t0=$(now_ms)
for i in $(seq 1 "$apps"); do
  api -XPOST "$url/v2/apps" -H 'Content-Type: application/json' \
    -d "{\"id\":\"/bench/app$i\",\"cmd\":\"exec sleep 3602\",\"instances\":$instances,\"cpus\":0.001,\"mem\":1,
      \"labels\":{\"HAPROXY_GROUP\":\"external\"},\"env\":{\"BENCH\":\"$i\"}}" >/dev/null
done
until [[ "$(api "$url/v2/deployments")" == "[]" ]]; do sleep 0.2; done
echo "all $(( apps * instances )) tasks running after $(( $(now_ms) - t0 )) ms; processes: $(pgrep -fc 'sleep 3602')"
echo "agent RSS: $(ps -o rss= -p "$pid" | tr -d ' ') KiB; threads: $(ls /proc/"$pid"/task | wc -l)"

api -o "$work/apps.json" "$url/v2/apps?embed=apps.tasks"
echo "response: $(wc -c < "$work/apps.json") bytes, $(grep -o '"stagedAt"' "$work/apps.json" | wc -l) tasks"
mkdir -p "$work/static" && cp "$work/apps.json" "$work/static/apps.json"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/static" >/dev/null 2>&1 &
pypid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/apps.json"; do sleep 0.1; done

# Interleaved rounds so that the machine's drift hits all three alike.
: > "$work/apps.t"; : > "$work/ping.t"; : > "$work/static.t"
for round in 1 2 3 4 5; do
  times -H @"$work/auth.header" "$url/v2/apps?embed=apps.tasks" >> "$work/apps.t"
  times -H @"$work/auth.header" "$url/ping" >> "$work/ping.t"
  times "http://127.0.0.1:$port/apps.json" >> "$work/static.t"
done
echo "GET /v2/apps?embed=apps.tasks:            $(stats < "$work/apps.t")"
echo "GET /ping (same agent):                   $(stats < "$work/ping.t")"
echo "same bytes, static file, python http.server: $(stats < "$work/static.t")"

echo "== events to one subscriber"
cd "$root"
source bench/classpath.sh
java -cp "$cp" io.zeta.scheduler.embedded.EventThroughput 200000 5
