#!/usr/bin/env bash
# zeta serve under load, wrk-style: 32 java.net.http clients on 127.0.0.1 sending N search
# (query "kafka" over the 324 Universe fixture versions + helloworld) then N describe (helloworld, v3)
# requests over kept-alive connections; prints requests/s, p50, p99, max; fails on any error.
# Usage: bench/serve-bench.sh [N]   (default 20000)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
n="${1:-20000}"
mvn -o -q test -Dtest=CosmosServerLoadTest -Dsurefire.failIfNoSpecifiedTests=false -Dzeta.serve.load.requests="$n" \
  | grep "serve load"
