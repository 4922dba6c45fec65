#!/usr/bin/env bash
# Stage throughput of a 1 GiB artifact from a local HTTP server into a file: cluster (sha256
# checked) against `curl -o` of the same file from the same server (target: >= 0.8 of curl).
# Usage: bench/stage-throughput.sh [SIZE_MIB]   (default 1024)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
size="${1:-1024}"
work="$(mktemp -d)"
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
dd if=/dev/urandom of="$work/big.bin" bs=1M count="$size" status=none
sha=$(sha256sum "$work/big.bin" | cut -d' ' -f1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work" >/dev/null 2>&1 &
server=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.1; done
url="http://127.0.0.1:$port/big.bin"

echo "curl -o (3 runs, ${size} MiB):"
for _ in 1 2 3; do
  curl -s -o "$work/curl.out" -w '  %{time_total} s, %{speed_download} B/s\n' "$url"
  rm -f "$work/curl.out"
done

echo "zeta stage fetch with sha256 (JMH single shot, 3 runs):"
bench/jmh.sh StageThroughputBenchmark -jvmArgsAppend "-Dbench.url=$url -Dbench.sha256=$sha" 2>&1 \
  | grep -E "^(Iteration|StageThroughput)" || true

echo "whole command: zeta package stage (JVM start, catalog, lock, manifest included):"
repo="$work/repo/B/big/0"
mkdir -p "$repo"
echo '{"packagingVersion": "4.0", "name": "big", "version": "1.0", "maintainer": "bench", "description": "1 GiB", "tags": ["bench"]}' > "$repo/package.json"
echo "{\"zetaVersion\": \"1\", \"artifacts\": {\"blob\": {\"url\": \"$url\", \"sha256\": \"$sha\", \"extract\": false}}}" > "$repo/zeta.json"
export ZETA_HOME="$work/home"
bin/zeta cluster init --root "file://$work/cluster" >/dev/null
for _ in 1 2 3; do
  t0=$(date +%s%N); bin/zeta package stage big --repo "$work/repo" >/dev/null; t1=$(date +%s%N)
  ms=$(( (t1 - t0) / 1000000 ))
  echo "  $ms ms, $(( size * 1024 * 1024 / ms * 1000 )) B/s"
  bin/zeta package unstage big >/dev/null
done
