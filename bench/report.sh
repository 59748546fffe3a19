#!/usr/bin/env bash
# How large report.html is for a big batch, and how long it takes to write: bench/report.sh [DEVICES]
# (default 100000). A real run of the jar against the embedded emulator (no assignment delay, no quota, 1%
# of the devices failing so the failures table has something; no injected 429s: each holds every
# register call for a second, which makes the run last half an hour), in target/bench/report/. Prints the report's size and the time each
# write took (the export step's, the one as the run ends, and an `export` command's). Needs a JDK 17+.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
devices=${1:-100000}
cd "$root"
jar=$root/target/dps-batch.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml src/main -newer "$jar" -type f 2>/dev/null | head -n 1)" ]; then
  echo "Building $jar ..." >&2
  ./mvnw -q -B -ntp package -DskipTests >&2
fi
work=$root/target/bench/report
rm -rf "$work" && mkdir -p "$work" && cd "$work"
awk -v n="$devices" 'BEGIN { print "registrationId,serialNumber"; for (i = 0; i < n; i++) printf "fleet-dev-%07d,SN-%07d\n", i, i }' > fleet.csv
settings=(--emulator --batch fleet --dps.registrations-per-minute=1000000 --emulator.registrations-per-minute=0
  --emulator.assignment-delay=0ms --emulator.retry-after=0 --emulator.failing-ids=fleet-dev-0000*
  --progress.mode=log
  --logging.level.io.dpsbatch.output.BatchExporter=DEBUG)
start=$(date +%s)
java -jar "$jar" provision --manifest fleet.csv "${settings[@]}" > provision.out 2> provision.log || true
echo "provision of $devices devices: $(( $(date +%s) - start )) s, exit code in provision.out:"
tail -n 12 provision.out
java -jar "$jar" export --batch fleet --dps.group-key-file=data/emulator/group-key --dps.id-scope=0ne00EMU001 \
  --logging.level.io.dpsbatch.output.BatchExporter=DEBUG > export.out 2> export.log
echo "report.html writes (provision's export step, its end, then the export command):"
grep -h "report.html written" provision.log export.log | sed 's/^.*INFO  *//; s/^.*DEBUG *//'
ls -l out/fleet/report.html
echo "gzip: $(gzip -c out/fleet/report.html | wc -c) bytes"
