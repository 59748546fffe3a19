#!/usr/bin/env bash
# The dps-batch benchmark: bench/run.sh [SCENARIO...] [--devices=N] [--profile]
# Scenarios: pacing, latency, overhead, scale, ..., enrollments (default: all). Builds target/dps-batch.jar when it is
# missing or older than the sources, then runs bench/Bench.java, which starts the DPS emulator as a
# process of its own and provisions batches against it with the jar. Needs only a JDK 17+.
# Results: a table on standard output and in target/bench/results.md; logs in target/bench/<scenario>/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jar=target/dps-batch.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml src/main -newer "$jar" -type f 2>/dev/null | head -n 1)" ]; then
  echo "Building $jar ..." >&2
  ./mvnw -q -B -ntp package -DskipTests >&2
fi
# the scenarios that run dps-batch as its launcher does use the class data archive the launcher makes
./dps-batch --version >/dev/null
exec java bench/Bench.java "$@"
