#!/usr/bin/env bash
# Builds and runs the JMH benchmarks in bench/jmh. Arguments go to JMH (e.g. a benchmark regex,
# -p pkg=kafka, -f 1 -wi 2 -i 3). Results are also written to target/jmh-result.json.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/classpath.sh
exec java -Dzeta.fixtures="$fixtures" -cp "$cp" org.openjdk.jmh.Main -rf json -rff target/jmh-result.json "$@"
