#!/usr/bin/env bash
# Whole-command timings of the embedded scheduler (`zeta agent`), measured from outside with curl:
#   1. POST /v2/apps to "running" (deployment gone, task healthy) for a trivial app with a 1 s
#      health check interval, COMMAND and TCP checks;
#   2. 100 instances of `sleep`: time until all run, and the agent's resident memory.
# Usage: bench/agent-bench.sh [RUNS]   (RUNS of benchmark 1, default 10)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-10}"
work="$(mktemp -d)"
zeta() { ZETA_HOME="$work" "$root/bin/zeta" "$@"; }
cleanup() { zeta agent stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

zeta agent start >/dev/null
url="$(sed -n 's/.*"url" : "\(.*\)".*/\1/p' "$work/agent/agent.json")"
pid="$(sed -n 's/.*"pid" : \([0-9]*\).*/\1/p' "$work/agent/agent.json")"
# Every request needs the agent's token; curl reads the header from a file so that it stays off
# the command line (other users see command lines).
printf 'Authorization: token=%s\n' "$(cat "$work/agent/agent.token")" > "$work/auth.header"
curl() { command curl -H @"$work/auth.header" "$@"; }
now_ms() { date +%s%3N; }
post() { curl -sf -XPOST "$url/v2/apps" -H 'Content-Type: application/json' -d "$1" >/dev/null; }
# "Running" as Zeta's AppState says it: no deployment, every instance running and healthy.
until_running() {
  local id="$1" n="$2" healthy="$3" body
  while true; do
    body="$(curl -sf "$url/v2/apps$id")"
    if [[ "$body" == *'"deployments":[]'* && "$body" == *"\"tasksRunning\":$n,"* \
        && ( "$healthy" == no || "$body" == *"\"tasksHealthy\":$n,"* ) ]]; then
      return
    fi
    sleep 0.01
  done
}
rss_kb() { ps -o rss= -p "$pid" | tr -d ' '; }
stats() { sort -n | awk '{a[NR]=$1; s+=$1} END {printf "min %d ms, median %d ms, max %d ms (n=%d)\n", a[1], a[int((NR+1)/2)], a[NR], NR}'; }

echo "agent pid $pid at $url; RSS after start: $(rss_kb) KiB"

echo "== 1a. start to running, COMMAND health check (true), intervalSeconds 1, gracePeriodSeconds 5"
for i in $(seq 1 "$runs"); do
  t0=$(now_ms)
  post "{\"id\":\"/bench/cmd$i\",\"cmd\":\"exec sleep 3600\",\"cpus\":0.01,\"mem\":16,
    \"healthChecks\":[{\"protocol\":\"COMMAND\",\"command\":{\"value\":\"true\"},\"gracePeriodSeconds\":5,\"intervalSeconds\":1}]}"
  until_running "/bench/cmd$i" 1 yes
  echo $(( $(now_ms) - t0 ))
done | stats

echo "== 1b. start to running, TCP health check on python3 -m http.server, intervalSeconds 1, gracePeriodSeconds 5"
for i in $(seq 1 "$runs"); do
  t0=$(now_ms)
  post "{\"id\":\"/bench/tcp$i\",\"cmd\":\"exec python3 -m http.server \$PORT0 --bind 127.0.0.1\",\"cpus\":0.01,\"mem\":32,
    \"healthChecks\":[{\"protocol\":\"TCP\",\"gracePeriodSeconds\":5,\"intervalSeconds\":1}]}"
  until_running "/bench/tcp$i" 1 yes
  echo $(( $(now_ms) - t0 ))
done | stats

for i in $(seq 1 "$runs"); do
  curl -sf -XDELETE "$url/v2/apps/bench/cmd$i" >/dev/null
  curl -sf -XDELETE "$url/v2/apps/bench/tcp$i" >/dev/null
done
until [[ "$(curl -sf "$url/v2/deployments")" == "[]" ]]; do sleep 0.05; done

echo "== 2. 100 instances of sleep"
before=$(rss_kb)
t0=$(now_ms)
post '{"id":"/bench/many","cmd":"exec sleep 3601","instances":100,"cpus":0.01,"mem":8}'
until_running /bench/many 100 no
t1=$(now_ms)
echo "all 100 running after $(( t1 - t0 )) ms; processes: $(pgrep -fc 'sleep 3601')"
echo "agent RSS: $before KiB before, $(rss_kb) KiB with 100 tasks"
sleep 5
echo "agent RSS 5 s later: $(rss_kb) KiB; agent threads: $(ls /proc/"$pid"/task | wc -l)"
t0=$(now_ms)
curl -sf -XDELETE "$url/v2/apps/bench/many" >/dev/null
until [[ "$(curl -sf "$url/v2/deployments")" == "[]" ]]; do sleep 0.01; done
echo "destroy: all 100 stopped after $(( $(now_ms) - t0 )) ms; processes left: $(pgrep -fc 'sleep 3601' || true)"
