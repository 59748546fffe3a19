#!/usr/bin/env bash
# The dps-batch benchmark: bench/run.sh [SCENARIO...] [--devices=N] [--profile]
# Scenarios: pacing, latency, overhead, scale, ..., enrollments, inflight (default: all), and versus and clients
# on demand; bench/run.sh -h lists them. Each scenario, its settings and its target are a class of
# src/bench/java/io/dpsbatch/bench/.
# Builds target/dps-batch.jar when it is missing or older than the sources, compiles the benchmark when it is
# (./mvnw -Pbench test-compile: src/bench/java is a test source root of the bench profile) and runs
# io.dpsbatch.bench.Bench, which starts the DPS emulator as a process of its own and provisions batches against
# it with the jar. Needs only a JDK 17+.
# Results: a table on standard output and in target/bench/results.md; logs in target/bench/<scenario>/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jar=target/dps-batch.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml src/main -newer "$jar" -type f 2>/dev/null | head -n 1)" ]; then
  echo "Building $jar ..." >&2
  ./mvnw -q -B -ntp package -DskipTests >&2
fi
# the class path the benchmark's classes were compiled with, written as they are: it stands for both
classpath=target/bench/classpath.txt
if [ ! -f "$classpath" ] || [ ! -f target/test-classes/io/dpsbatch/bench/Bench.class ] \
    || [ -n "$(find pom.xml src/main src/bench -newer "$classpath" -type f 2>/dev/null | head -n 1)" ]; then
  echo "Compiling the benchmark ..." >&2
  mkdir -p target/bench
  ./mvnw -q -B -ntp -Pbench test-compile dependency:build-classpath -Dmdep.outputFile="$root/$classpath" >&2
fi
# the scenarios that run dps-batch as its launcher does use the class data archive the launcher makes
./dps-batch --version >/dev/null
exec java -cp "target/test-classes:target/classes:$(cat "$classpath")" io.dpsbatch.bench.Bench "$@"
