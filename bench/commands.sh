#!/usr/bin/env bash
# Whole-command timings (JVM start included), each as the median of several runs:
#   1. zeta package search kafka --repo <Universe fixtures>          (target: median <= 0.5 s)
#   2. zeta package status on a file: cluster of 1,000 instances in 10 roles
#   3. zeta package start -> running, trivial app with a 1 s health-check interval (target <= 2 s)
# Usage: bench/commands.sh [RUNS]   (default 11)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-11}"
fixtures=""
for d in "${ZETA_FIXTURES:-}" "../shared/fixtures" "/work/shared/fixtures"; do
  if [ -n "$d" ] && [ -d "$d/universe" ]; then fixtures="$(cd "$d" && pwd)"; break; fi
done
export ZETA_HOME="$(mktemp -d)"
trap 'bin/zeta agent stop >/dev/null 2>&1 || true; rm -rf "$ZETA_HOME"' EXIT

# median of the wall times (ms) of running "$@" $runs times
median_ms() {
  local times=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median %d ms (min %d, max %d, %d runs)\n", a[int((NR+1)/2)], a[1], a[NR], NR}'
}

bin/zeta --version >/dev/null   # builds the jar and the CDS archive on a fresh clone
bin/zeta package search kafka --repo "$fixtures/universe/packages" >/dev/null   # fills the scan cache
echo "1. zeta package search kafka --repo fixtures: $(median_ms bin/zeta package search kafka --repo "$fixtures/universe/packages")"

mvn -q -B -Pbench -DskipTests -Dfixtures.dir="$fixtures" test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
big="$ZETA_HOME/big-cluster"
java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.zeta.bench.ManyInstances \
  "file://$big" 10 100 >/dev/null
count=$(bin/zeta --cluster "file://$big" package list --json 2>/dev/null | grep -c '"id"' || true)
echo "2. zeta package status, 1,000 instances ($count listed), file: cluster: $(median_ms bin/zeta --cluster "file://$big" package status)"
echo "   zeta package list --json, same cluster: $(median_ms bin/zeta --cluster "file://$big" package list --json)"

repo="$ZETA_HOME/repo/T/trivial/0"
mkdir -p "$repo"
cat > "$repo/package.json" <<'JSON'
{"packagingVersion": "4.0", "name": "trivial", "version": "1.0", "maintainer": "bench", "description": "sleep", "tags": ["bench"]}
JSON
cat > "$repo/marathon.json.mustache" <<'JSON'
{"id": "x", "cmd": "exec sleep 3600", "cpus": 0.01, "mem": 16, "instances": 1,
 "healthChecks": [{"protocol": "COMMAND", "command": {"value": "true"}, "gracePeriodSeconds": 5,
                   "intervalSeconds": 1, "timeoutSeconds": 1, "maxConsecutiveFailures": 3}]}
JSON
echo '{"zetaVersion": "1"}' > "$repo/zeta.json"
bin/zeta cluster init --root "file://$ZETA_HOME/run-cluster" >/dev/null
bin/zeta role add bench >/dev/null
bin/zeta package install trivial --role bench --id t --stage --repo "$ZETA_HOME/repo" >/dev/null
bin/zeta agent start >/dev/null
start_and_stop() { bin/zeta package start bench/t && bin/zeta package stop bench/t >/dev/null; }
times=()
for _ in $(seq "$runs"); do
  t0=$(date +%s%N); bin/zeta package start bench/t >/dev/null; t1=$(date +%s%N)
  times+=($(( (t1 - t0) / 1000000 )))
  bin/zeta package stop bench/t >/dev/null
done
echo "3. zeta package start -> running (1 s health checks): $(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median %d ms (min %d, max %d, %d runs)", a[int((NR+1)/2)], a[1], a[NR], NR}')"
