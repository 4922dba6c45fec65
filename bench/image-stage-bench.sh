#!/usr/bin/env bash
# Staging an image into the cluster registry against `skopeo copy` of the same image between the
# same two registries, paired runs; then a second stage of an image already there.
# The image is built locally (never pulled): FROM scratch, static busybox, plus one layer of
# SIZE_MIB random bytes; the "upstream" is a docker-registry on an ephemeral 127.0.0.1 port.
# Between runs the copies are deleted and the embedded registry restarted, which collects the
# garbage, so every run uploads every blob.
# Usage: bench/image-stage-bench.sh [SIZE_MIB] [PAIRS]   (default 500 MiB, 5 pairs)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
size="${1:-500}"
pairs="${2:-5}"
work="$(mktemp -d)"
export ZETA_HOME="$work/home"
cleanup() {
  bin/zeta registry stop >/dev/null 2>&1 || true
  kill "$upstream" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
bin/zeta --version >/dev/null 2>&1 || true   # builds the jar if needed, outside the timings

# The upstream registry and Zeta's kind of containers config (own image store, plain HTTP to 127.0.0.1).
mkdir -p "$work/up" "$work/conf"
printf 'version: 0.1\nlog: {level: info}\nstorage: {filesystem: {rootdirectory: "%s"}, delete: {enabled: true}}\nhttp: {addr: "127.0.0.1:0"}\n' \
  "$work/up" > "$work/up.yml"
docker-registry serve "$work/up.yml" > "$work/up.log" 2>&1 &
upstream=$!
until grep -q 'listening on 127.0.0.1:' "$work/up.log"; do sleep 0.1; done
up="127.0.0.1:$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/up.log" | grep -o '[0-9]*$')"
printf 'unqualified-search-registries = []\n[[registry]]\nlocation = "%s"\ninsecure = true\n' "$up" > "$work/conf/registries.conf"
printf '[storage]\ndriver = "overlay"\ngraphroot = "%s"\nrunroot = "%s"\n' "$work/store" "$work/run" > "$work/conf/storage.conf"
export CONTAINERS_REGISTRIES_CONF="$work/conf/registries.conf" CONTAINERS_STORAGE_CONF="$work/conf/storage.conf"

echo "== building a ${size} MiB image (busybox + random layer) and pushing it to the upstream $up"
mkdir -p "$work/ctx/bin"
cp /bin/busybox "$work/ctx/bin/busybox"; ln -s busybox "$work/ctx/bin/sh"
dd if=/dev/urandom of="$work/ctx/blob" bs=1M count="$size" status=none
printf 'FROM scratch\nCOPY bin /bin\nCOPY blob /data/blob\nCMD ["/bin/sh"]\n' > "$work/ctx/Containerfile"
buildah bud --quiet --layers=false -f "$work/ctx/Containerfile" -t "$up/library/big:1" "$work/ctx" >/dev/null
buildah push --tls-verify=false "$up/library/big:1" >/dev/null
buildah rmi "$up/library/big:1" >/dev/null
rm -f "$work/ctx/blob"

# The cluster, its embedded registry, and a package naming the image as Docker Hub would.
bin/zeta cluster init --root "file://$work/cluster" --name bench >/dev/null
reg=$(bin/zeta registry start -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["address"])')
mkdir -p "$work/repo/B/big/0" "$work/repo/B/big/1" "$work/repo/P/plain/0"
for r in 0 1; do
  echo "{\"packagingVersion\": \"3.0\", \"name\": \"big\", \"version\": \"1.0.$r\", \"maintainer\": \"bench\", \"description\": \"an image\", \"tags\": [\"bench\"]}" > "$work/repo/B/big/$r/package.json"
  echo '{"assets": {"container": {"docker": {"main": "docker.io/library/big:1"}}}}' > "$work/repo/B/big/$r/resource.json"
done
echo '{"packagingVersion": "3.0", "name": "plain", "version": "1.0.0", "maintainer": "bench", "description": "no image", "tags": ["bench"]}' > "$work/repo/P/plain/0/package.json"
bin/zeta package repo add bench "$work/repo" >/dev/null

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
digest() { curl -sI -H 'Accept: application/vnd.oci.image.manifest.v1+json' -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
  "http://$1/v2/$2/manifests/$3" | tr -d '\r' | awk -F': ' 'tolower($1)=="docker-content-digest" {print $2}'; }
fresh() {   # delete both copies and collect the garbage (at the registry's start), so the next run uploads every blob
  d=$(digest "$reg" bench/skopeo 1); [ -n "$d" ] && curl -sf -X DELETE "http://$reg/v2/bench/skopeo/manifests/$d" >/dev/null || true
  bin/zeta package unstage big@1.0.0 --yes >/dev/null 2>&1 || true
  bin/zeta registry stop >/dev/null; bin/zeta registry start >/dev/null
}

echo "== pairs: skopeo copy $up -> $reg against bin/zeta package stage (JVM start, inspect, copy, verify, stage.json)"
ratios=()
for i in $(seq "$pairs"); do
  fresh; sync
  t0=$(date +%s%N)
  skopeo --registries-conf "$work/conf/registries.conf" copy --quiet --preserve-digests --src-tls-verify=false \
    --dest-tls-verify=false "docker://$up/library/big:1" "docker://$reg/bench/skopeo:1"
  s=$(ms "$t0")
  fresh; sync
  t0=$(date +%s%N)
  bin/zeta package stage big@1.0.0 --image-mirror "docker.io=http://$up" >/dev/null 2>&1
  z=$(ms "$t0")
  r=$(awk -v s="$s" -v z="$z" 'BEGIN { printf "%.2f", z / s }')
  ratios+=("$r")
  echo "pair $i: skopeo copy $s ms, zeta package stage $z ms, ratio zeta/skopeo $r"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "median ratio zeta/skopeo %s\n", a[int((NR + 1) / 2)] }'

echo "== a second stage of an image already in the registry (big@1.0.1 pins the same digest) against staging a package without images"
for i in $(seq 3); do
  bin/zeta package unstage big@1.0.1 --yes >/dev/null 2>&1 || true
  bin/zeta package unstage plain --yes >/dev/null 2>&1 || true
  t0=$(date +%s%N); bin/zeta package stage plain >/dev/null 2>&1; p=$(ms "$t0")
  t0=$(date +%s%N); out=$(bin/zeta package stage big@1.0.1 --image-mirror "docker.io=http://$up" 2>&1); z=$(ms "$t0")
  echo "run $i: stage without images $p ms, second stage of the present image $z ms (+$((z - p)) ms) — $(echo "$out" | grep -c 'already in the registry') image(s) already there"
done
