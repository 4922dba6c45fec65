#!/usr/bin/env bash
# The agent's runtime costs, measured from outside with curl against `bin/zeta agent start`:
#   1. start -> running of a trivial task (no health check), paired with a reference: the same
#      fork+exec done by bash (`bash -c 'exec sleep 0'`), alternating, one pair per run;
#   2. the agent's RSS and threads with N trivial `sleep` tasks (default 1,000), and the time to
#      launch them all; then a kill -9 of the agent and the time until `agent start` answers and
#      recovery has re-adopted them all.
# Usage: bench/agent-runtime-bench.sh [RUNS] [TASKS]   (defaults 11 and 1000)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-11}"
tasks="${2:-1000}"
work="$(mktemp -d)"
zeta() { ZETA_HOME="$work" "$root/bin/zeta" "$@"; }
cleanup() { zeta agent stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

zeta agent start >/dev/null
# The agent writes a new token at every start; curl reads the header from a file (off the command line).
read_agent() {
  url="$(sed -n 's/.*"url" : "\(.*\)".*/\1/p' "$work/agent/agent.json")"
  pid="$(sed -n 's/.*"pid" : \([0-9]*\).*/\1/p' "$work/agent/agent.json")"
  printf 'Authorization: token=%s\n' "$(cat "$work/agent/agent.token")" > "$work/auth.header"
}
read_agent
auth=(-H "@$work/auth.header")
now_us() { date +%s%6N; }
api() { curl -sf "${auth[@]}" "$@"; }
post() { api -XPOST "$url/v2/apps" -H 'Content-Type: application/json' -d "$1" >/dev/null; }
until_running() {
  local id="$1" n="$2" body
  while true; do
    body="$(api "$url/v2/apps$id")"
    if [[ "$body" == *'"deployments":[]'* && "$body" == *"\"tasksRunning\":$n,"* ]]; then return; fi
    sleep 0.005
  done
}
rss_kb() { ps -o rss= -p "$pid" | tr -d ' '; }
med() { sort -n | awk '{a[NR]=$1} END {printf "min %.1f, median %.1f, max %.1f (n=%d)", a[1], a[int((NR+1)/2)], a[NR], NR}'; }

echo "agent pid $pid at $url; RSS after start: $(rss_kb) KiB"
echo "== 1. start -> running of a trivial task, paired with bash fork+exec (ms)"
: > "$work/agent.ms"; : > "$work/bash.ms"; : > "$work/ratio"
for i in $(seq 1 "$runs"); do
  t0=$(now_us); bash -c 'exec sleep 0'; t1=$(now_us)
  b=$(( t1 - t0 ))
  t0=$(now_us)
  post "{\"id\":\"/bench/t$i\",\"cmd\":\"exec sleep 3600\",\"cpus\":0.01,\"mem\":8}"
  until_running "/bench/t$i" 1
  a=$(( $(now_us) - t0 ))
  echo "scale=3; $a/1000" | bc >> "$work/agent.ms"
  echo "scale=3; $b/1000" | bc >> "$work/bash.ms"
  echo "scale=3; $a/$b" | bc >> "$work/ratio"
  api -XDELETE "$url/v2/apps/bench/t$i" >/dev/null
done
echo "agent POST -> running: $(med < "$work/agent.ms") ms"
echo "bash -c 'exec sleep 0': $(med < "$work/bash.ms") ms"
echo "ratio agent/bash per pair: $(med < "$work/ratio")"
until [[ "$(api "$url/v2/deployments")" == "[]" ]]; do sleep 0.05; done

echo "== 2. $tasks trivial tasks"
before=$(rss_kb)
t0=$(now_us)
post "{\"id\":\"/bench/many\",\"cmd\":\"exec sleep 3602\",\"instances\":$tasks,\"cpus\":0.001,\"mem\":1,\"portDefinitions\":[]}"
until_running /bench/many "$tasks"
echo "all $tasks running after $(( ($(now_us) - t0) / 1000 )) ms; processes: $(pgrep -fc 'sleep 3602')"
sleep 5
echo "agent RSS: $before KiB before, $(rss_kb) KiB with $tasks tasks; threads: $(ls /proc/"$pid"/task | wc -l)"

echo "== 3. kill -9 of the agent with $tasks tasks, then agent start"
kill -9 "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
t0=$(now_us)
zeta agent start >/dev/null
t1=$(now_us)
read_agent
until api "$url/metrics" | grep -q '"state":"done"'; do sleep 0.05; done
t2=$(now_us)
until_running /bench/many "$tasks"
t3=$(now_us)
echo "agent start returned after $(( (t1 - t0) / 1000 )) ms; recovery done after $(( (t2 - t0) / 1000 )) ms; all running after $(( (t3 - t0) / 1000 )) ms"
api "$url/metrics" | python3 -c 'import json,sys; print("recovery:", json.load(sys.stdin)["gauges"]["zeta.agent.recovery"]["value"])'
echo "processes: $(pgrep -fc 'sleep 3602'); agent RSS $(rss_kb) KiB; threads $(ls /proc/"$pid"/task | wc -l)"
