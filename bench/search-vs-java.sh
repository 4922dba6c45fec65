#!/usr/bin/env bash
# Paired benchmark: `zeta package search` over the Universe fixtures (324 versions) against a bare
# `java -version` on the same machine, alternating the two so that the machine's drift hits both
# alike. Reports the medians and the median of the per-pair ratios (target: <= 4).
# Usage: bench/search-vs-java.sh [PAIRS]   (default 21)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
pairs="${1:-21}"
fixtures=""
for d in "${ZETA_FIXTURES:-}" "../shared/fixtures" "/work/shared/fixtures"; do
  if [ -n "$d" ] && [ -d "$d/universe" ]; then fixtures="$(cd "$d" && pwd)"; break; fi
done
repo="$fixtures/universe/packages"
export ZETA_HOME="$(mktemp -d)"
trap 'rm -rf "$ZETA_HOME"' EXIT

bin/zeta --version >/dev/null                              # builds the jar and its CDS archive if needed
bin/zeta package search --repo "$repo" kafka >/dev/null    # builds the search index (the first run scans)

ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }

java_times=(); zeta_times=(); ratios=()
for _ in $(seq "$pairs"); do
  j=$(ms java -version)
  z=$(ms bin/zeta package search --repo "$repo" kafka)
  java_times+=("$j"); zeta_times+=("$z")
  ratios+=("$(awk -v z="$z" -v j="$j" 'BEGIN {printf "%.2f", z / j}')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
range() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[1] "-" a[NR]}'; }
echo "pairs: $pairs; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java -version:                          median $(median "${java_times[@]}") ms (range $(range "${java_times[@]}"))"
echo "zeta package search --repo <fixtures>:  median $(median "${zeta_times[@]}") ms (range $(range "${zeta_times[@]}"))"
echo "ratio zeta/java per pair:               median $(median "${ratios[@]}") (range $(range "${ratios[@]}")); target <= 4"
