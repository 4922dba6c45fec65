#!/usr/bin/env bash
# Container tasks on the embedded scheduler, measured from outside with curl against `bin/zeta agent start`:
#   1. start -> running of a trivial container app (busybox `sleep`, host network, image already local),
#      paired with the same container started by podman directly (`podman run -d` ... until running),
#      alternating, one pair per run;
#   2. the agent's RSS and threads with N containers running (one app, N instances of busybox `sleep`),
#      the time to launch them all, and the RSS of their conmon monitors.
# Usage: bench/container-bench.sh [RUNS] [CONTAINERS]   (defaults 11 and 50). Needs root, podman, runc,
# buildah and busybox-static; builds the test image localhost/zeta-runtime-test/busybox:1 if missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-11}"
n="${2:-50}"
work="$(mktemp -d)"
image=localhost/zeta-runtime-test/busybox:1
zeta() { ZETA_HOME="$work" "$root/bin/zeta" "$@"; }
cleanup() { zeta agent stop >/dev/null 2>&1 || true; podman rm -f --ignore -t 0 bench-ref >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

zeta agent start
export CONTAINERS_CONF="$work/agent/containers/containers.conf" CONTAINERS_REGISTRIES_CONF="$work/agent/containers/registries.conf"
if ! podman image exists "$image"; then
  c="$(buildah from scratch)"
  buildah copy "$c" /bin/busybox /bin/busybox >/dev/null
  buildah run --isolation chroot "$c" /bin/busybox --install -s /bin
  buildah config --cmd /bin/sh --env PATH=/bin "$c"
  buildah commit -q "$c" "$image" >/dev/null
  buildah rm "$c" >/dev/null
fi
url="$(sed -n 's/.*"url" : "\(.*\)".*/\1/p' "$work/agent/agent.json")"
pid="$(sed -n 's/.*"pid" : \([0-9]*\).*/\1/p' "$work/agent/agent.json")"
printf 'Authorization: token=%s\n' "$(cat "$work/agent/agent.token")" > "$work/auth.header"
auth=(-H "@$work/auth.header")
now_us() { date +%s%6N; }
api() { curl -sf "${auth[@]}" "$@"; }
post() { api -XPOST "$url/v2/apps" -H 'Content-Type: application/json' -d "$1" >/dev/null; }
until_running() {
  local id="$1" k="$2" body
  while true; do
    body="$(api "$url/v2/apps$id")"
    if [[ "$body" == *'"deployments":[]'* && "$body" == *"\"tasksRunning\":$k,"* ]]; then return; fi
    sleep 0.01
  done
}
rss_kb() { ps -o rss= -p "$1" | tr -d ' '; }
med() { sort -n | awk '{a[NR]=$1} END {printf "min %.0f, median %.0f, max %.0f (n=%d)", a[1], a[int((NR+1)/2)], a[NR], NR}'; }
app() { echo "{\"id\":\"$1\",\"cmd\":\"exec sleep 3600\",\"cpus\":0.01,\"mem\":16,\"instances\":$2,\"container\":{\"type\":\"DOCKER\",\"docker\":{\"image\":\"$image\"}}}"; }

echo "agent pid $pid at $url; RSS after start: $(rss_kb "$pid") KiB; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== 1. start -> running of a trivial container, paired with podman run -d directly (ms)"
: > "$work/agent.ms"; : > "$work/podman.ms"
for i in $(seq 1 "$runs"); do
  t0=$(now_us)
  podman run -d --name bench-ref --network=host --log-driver=passthrough "$image" sleep 3600 </dev/null >/dev/null
  until [[ "$(podman inspect --format '{{.State.Status}}' bench-ref)" == running ]]; do sleep 0.01; done
  echo $(( ($(now_us) - t0) / 1000 )) >> "$work/podman.ms"
  podman rm -f -t 0 bench-ref >/dev/null
  t0=$(now_us)
  post "$(app "/bench/c$i" 1)"
  until_running "/bench/c$i" 1
  echo $(( ($(now_us) - t0) / 1000 )) >> "$work/agent.ms"
  api -XDELETE "$url/v2/apps/bench/c$i?force=true" >/dev/null
  until [[ "$(api "$url/v2/deployments")" == "[]" ]]; do sleep 0.05; done
done
echo "agent POST -> TASK_RUNNING: $(med < "$work/agent.ms") ms"
echo "podman run -d -> running:   $(med < "$work/podman.ms") ms"

echo "== 2. $n containers running"
t0=$(now_us)
post "$(app /bench/many "$n")"
until_running /bench/many "$n"
echo "launch of $n containers until all run: $(( ($(now_us) - t0) / 1000 )) ms"
echo "agent RSS with $n containers: $(rss_kb "$pid") KiB, threads: $(ls /proc/"$pid"/task | wc -l)"
conmons=$(podman ps --filter "label=io.zeta.app=/bench/many" --format '{{.Names}}' | wc -l)
total=0
for f in "$work"/agent/containers/run/*.conmon.pid; do total=$(( total + $(rss_kb "$(cat "$f")" || echo 0) )); done
echo "containers listed by podman: $conmons; conmon RSS in all: $total KiB"
t0=$(now_us)
api -XDELETE "$url/v2/apps/bench/many" >/dev/null
until [[ "$(api "$url/v2/deployments")" == "[]" ]]; do sleep 0.05; done
echo "destroy of $n containers: $(( ($(now_us) - t0) / 1000 )) ms"
