# Sourced by the bench scripts: builds the main and benchmark classes (Maven profile `bench`) and
# sets $fixtures (the shared fixtures) and $cp (the class path to run them with).
fixtures=""
for d in "${ZETA_FIXTURES:-}" "../shared/fixtures" "/work/shared/fixtures"; do
  if [ -n "$d" ] && [ -d "$d/universe" ]; then fixtures="$(cd "$d" && pwd)"; break; fi
done
mvn -q -B -Pbench -DskipTests -Dfixtures.dir="$fixtures" test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench.classpath)"
