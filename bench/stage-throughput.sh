#!/usr/bin/env bash
# Stage throughput of a 1 GiB artifact from a local HTTP server into a file: cluster (sha256
# checked) against `curl -o` of the same file from the same server (target: >= 0.8 of curl).
# Runs alternate (curl, zeta, curl, zeta...) so that the noise of a shared machine hits both
# sides alike; each result is the median of the per-pair ratios curl/zeta.
# Usage: bench/stage-throughput.sh [SIZE_MIB] [PAIRS]   (default 1024 MiB, 7 pairs)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
size="${1:-1024}"
pairs="${2:-7}"
work="$(mktemp -d)"
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
dd if=/dev/urandom of="$work/big.bin" bs=1M count="$size" status=none
sha=$(sha256sum "$work/big.bin" | cut -d' ' -f1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work" >/dev/null 2>&1 &
server=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.1; done
url="http://127.0.0.1:$port/big.bin"

source bench/classpath.sh

echo "== the transfer: ArtifactFetcher (download, sha256, write into the cluster) in one JVM, against curl -o (${size} MiB)"
java -cp "$cp" io.zeta.bench.StageVersusCurl "$url" "$sha" "$pairs" 2>/dev/null

echo "== the whole command: bin/zeta package stage (JVM start, catalog, lock, stage dir, manifest, rename)"
bin/zeta --version >/dev/null 2>&1 || true   # builds the jar if needed, outside the timings
repo="$work/repo/B/big/0"
mkdir -p "$repo"
echo '{"packagingVersion": "4.0", "name": "big", "version": "1.0", "maintainer": "bench", "description": "1 GiB", "tags": ["bench"]}' > "$repo/package.json"
echo "{\"zetaVersion\": \"1\", \"artifacts\": {\"blob\": {\"url\": \"$url\", \"sha256\": \"$sha\", \"extract\": false}}}" > "$repo/zeta.json"
export ZETA_HOME="$work/home"
bin/zeta cluster init --root "file://$work/cluster" >/dev/null
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
ratios=()
for i in $(seq "$pairs"); do
  sync; t0=$(date +%s%N); curl -sSf -o "$work/cluster/curl.out" "$url"; c=$(ms "$t0"); rm -f "$work/cluster/curl.out"
  sync; t0=$(date +%s%N); bin/zeta package stage big --repo "$work/repo" >/dev/null; z=$(ms "$t0")
  bin/zeta package unstage big >/dev/null
  r=$(awk -v c="$c" -v z="$z" 'BEGIN { printf "%.2f", c / z }')
  ratios+=("$r")
  echo "pair $i: curl -o $c ms, zeta package stage $z ms, ratio $r"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "median ratio curl/zeta %s\n", a[int((NR + 1) / 2)] }'
