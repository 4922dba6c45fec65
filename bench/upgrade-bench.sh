#!/usr/bin/env bash
# Upgrades and history, whole commands (JVM start included), on a file: cluster with the embedded agent:
#   1. zeta package upgrade of a running instance of 3 apps (every app gets a new definition,
#      its task replaced), until all three are running and healthy again (1 s COMMAND health checks)
#   2. zeta package history of an instance with 100 revisions (table, and --json)
#   Paired reference for 1: `zeta package start` of the same instance after a stop (start -> healthy),
#   run by run, since this machine's load moves absolute times by factors.
# Usage: bench/upgrade-bench.sh [RUNS] [REVISIONS]   (defaults 7 and 100)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-7}"
revisions="${2:-100}"
export ZETA_HOME="$(mktemp -d)"
trap 'bin/zeta agent stop >/dev/null 2>&1 || true; rm -rf "$ZETA_HOME"' EXIT

summary() { sort -n | awk '{a[NR]=$1} END {printf "median %d ms (min %d, max %d, %d runs)", a[int((NR+1)/2)], a[1], a[NR], NR}'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# "trio": three apps a, b, c; 2.0.0 upgrades from 1.0.0. "solo": one app, never started.
for release in 0 1; do
  version=$([ "$release" = 0 ] && echo 1.0.0 || echo 2.0.0)
  from=$([ "$release" = 0 ] && echo '' || echo ', "upgradesFrom": ["1.0.0"]')
  d="$ZETA_HOME/repo/T/trio/$release"
  mkdir -p "$d"
  cat > "$d/package.json" <<JSON
{"packagingVersion": "4.0", "name": "trio", "version": "$version", "maintainer": "bench", "description": "three apps", "tags": ["bench"]$from}
JSON
  echo '{"type": "object", "properties": {"greeting": {"type": "string", "default": "hello"}}}' > "$d/config.json"
  cat > "$d/zeta.json" <<'JSON'
{"zetaVersion": "1", "recommendedBaseDir": "apps",
 "apps": [{"name": "a", "template": "app.json.mustache"}, {"name": "b", "template": "app.json.mustache"},
          {"name": "c", "template": "app.json.mustache"}]}
JSON
  cat > "$d/app.json.mustache" <<JSON
{"id": "{{zeta.app.id}}", "cmd": "echo $version {{greeting}}; exec sleep 3600", "cpus": 0.01, "mem": 16, "instances": 1,
 "healthChecks": [{"protocol": "COMMAND", "command": {"value": "true"}, "gracePeriodSeconds": 5,
                   "intervalSeconds": 1, "timeoutSeconds": 1, "maxConsecutiveFailures": 3}]}
JSON
done
s="$ZETA_HOME/repo/S/solo/0"
mkdir -p "$s"
echo '{"packagingVersion": "4.0", "name": "solo", "version": "1.0.0", "maintainer": "bench", "description": "one app", "tags": ["bench"]}' > "$s/package.json"
echo '{"type": "object", "properties": {"n": {"type": "integer", "default": 0}}}' > "$s/config.json"
echo '{"zetaVersion": "1", "directories": [{"path": "data", "persistent": true}]}' > "$s/zeta.json"
echo '{"id": "x", "cmd": "echo {{n}}; exec sleep 3600", "cpus": 0.01, "mem": 16, "instances": 1}' > "$s/marathon.json.mustache"

bin/zeta --version >/dev/null
bin/zeta cluster init --root "file://$ZETA_HOME/cluster" >/dev/null
bin/zeta role add bench >/dev/null
bin/zeta package repo add bench "$ZETA_HOME/repo" >/dev/null
bin/zeta package stage trio@1.0.0 >/dev/null
bin/zeta package stage trio@2.0.0 >/dev/null
bin/zeta package install trio@1.0.0 --role bench --id t >/dev/null
bin/zeta agent start >/dev/null
bin/zeta package start bench/t >/dev/null

times=(); refs=(); ratios=()
t0=$(now_ms); bin/zeta package upgrade bench/t --to 2.0.0 >/dev/null 2>&1; t1=$(now_ms)
first=$((t1 - t0))
for i in $(seq "$runs"); do
  bin/zeta package stop bench/t >/dev/null
  t0=$(now_ms); bin/zeta package start bench/t >/dev/null; t1=$(now_ms)
  ref=$((t1 - t0))
  t0=$(now_ms); bin/zeta package upgrade bench/t --set greeting=run$i >/dev/null 2>&1; t1=$(now_ms)
  up=$((t1 - t0))
  times+=($up); refs+=($ref); ratios+=($(( up * 100 / ref )))
done
bin/zeta package upgrade bench/t --set greeting=check 2>/dev/null | grep -c "running (1/1 tasks running, 1 healthy)" | grep -qx 3
echo "1. upgrade of a running 3-app instance until all are healthy: 1.0.0 -> 2.0.0 ${first} ms; option changes $(printf '%s\n' "${times[@]}" | summary)"
echo "   reference, start of the same 3 apps after a stop: $(printf '%s\n' "${refs[@]}" | summary)"
echo "   ratio upgrade/start per pair (x100): $(printf '%s\n' "${ratios[@]}" | summary | sed 's/ ms//g')"

bin/zeta package stage solo >/dev/null
bin/zeta package install solo --role bench --id h >/dev/null
t0=$(now_ms)
for i in $(seq 2 "$revisions"); do bin/zeta package upgrade bench/h --set n=$i --history-max "$revisions" >/dev/null 2>&1; done
t1=$(now_ms)
count=$(bin/zeta package history bench/h --json | grep -c '"revision"')
echo "   ($((revisions - 1)) upgrades of a never-started instance to make the history: $(( (t1 - t0) / (revisions - 1) )) ms each)"
times=()
for _ in $(seq "$runs"); do t0=$(now_ms); bin/zeta package history bench/h >/dev/null; t1=$(now_ms); times+=($((t1 - t0))); done
echo "2. history with $count revisions (table): $(printf '%s\n' "${times[@]}" | summary)"
times=()
for _ in $(seq "$runs"); do t0=$(now_ms); bin/zeta package history bench/h --json >/dev/null; t1=$(now_ms); times+=($((t1 - t0))); done
echo "   history --json, same: $(printf '%s\n' "${times[@]}" | summary)"
times=()
for _ in $(seq "$runs"); do t0=$(now_ms); bin/zeta package status bench/h >/dev/null; t1=$(now_ms); times+=($((t1 - t0))); done
echo "   for scale, zeta package status of that instance: $(printf '%s\n' "${times[@]}" | summary)"
