#!/usr/bin/env bash
# Builds and runs the JMH benchmarks in bench/jmh. Arguments go to JMH (e.g. a benchmark regex,
# -p pkg=kafka, -f 1 -wi 2 -i 3). Results are also written to target/jmh-result.json.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
fixtures=""
for d in "${ZETA_FIXTURES:-}" "../shared/fixtures" "/work/shared/fixtures"; do
  if [ -n "$d" ] && [ -d "$d/universe" ]; then fixtures="$(cd "$d" && pwd)"; break; fi
done
mvn -q -B -Pbench -DskipTests -Dfixtures.dir="$fixtures" test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench.classpath)"
exec java -Dzeta.fixtures="$fixtures" -cp "$cp" org.openjdk.jmh.Main -rf json -rff target/jmh-result.json "$@"
