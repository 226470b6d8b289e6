#!/bin/sh
# Node runtime benchmark: jar size, cold start of wwgetfiles with nothing to do, and applying
# 1,000 changed files, each against a baseline in the same run (needs hyperfine, curl, python3).
# Usage: bench/node-runtime/run.sh [COUNT]   (run as root: files are chowned)
set -eu
cd "$(dirname "$0")/../.."
COUNT=${1:-1000}
WORK=$(mktemp -d /var/tmp/ww-node-bench.XXXXXX)
SERVER=
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

./mvnw -B -q -pl ww-node-runtime -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
JAR=ww-node-runtime/target/ww-node-runtime.jar
CP="$(cat "$WORK/cp.txt"):ww-provision/target/classes:ww-core/target/classes"

java -cp "$CP" bench/node-runtime/BenchServer.java "$WORK/blobs" "$COUNT" >"$WORK/port" &
SERVER=$!
for _ in $(seq 1 300); do [ -s "$WORK/port" ] && break; sleep 0.2; done
PORT=$(cat "$WORK/port")
URL=http://127.0.0.1:$PORT
HW=52:54:00:00:00:01

ROOT=$WORK/node
mkdir -p "$ROOT"
printf "WWNAME='n1'\n" >"$WORK/nodeconfig"
java -jar "$JAR" install --root "$ROOT" --node-config "$WORK/nodeconfig" \
    --set WWMASTER=127.0.0.1 --set WWPORT="$PORT" --set WWINIT_HWADDR=$HW >/dev/null
GETFILES="$ROOT/warewulf/bin/wwgetfiles --delay 0 --root $ROOT --cmdline /dev/null"
$GETFILES >/dev/null
# Warewulf 3 asked only for what changed since the newest time it had seen.
TS=$(curl -s "$URL/WW/file?hwaddr=$HW" | awk '$6 > m { m = $6 } END { print m }')

echo "jar: $(stat -c %s "$JAR") bytes ($JAR)"
echo "filesystem of the node root: $(df -T "$WORK" | awk 'NR==2 {print $2}')"
echo
echo "== wwgetfiles with nothing to do (cold JVM each run)"
hyperfine -N --warmup 3 --runs 15 --export-json "$WORK/idle.json" \
    -n "java -version (JVM start floor)" "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -version" \
    -n "curl file list (Warewulf 3, nothing to do)" "curl -s -o /dev/null $URL/WW/file?hwaddr=$HW&timestamp=$TS" \
    -n "wwgetfiles (launcher)" "$GETFILES"

echo
echo "== applying $COUNT changed files (-F: every file downloaded, verified and renamed)"
hyperfine -N --runs 3 --export-json "$WORK/apply.json" \
    -n "Warewulf 3 style shell loop (curl per file, no checksum, no fsync)" "sh bench/node-runtime/w3-getfiles.sh $URL $HW $WORK/w3root" \
    -n "wwgetfiles -F" "$GETFILES -F"

python3 - "$WORK/idle.json" "$WORK/apply.json" <<'PY'
import json, sys
for f in sys.argv[1:]:
    r = json.load(open(f))["results"]
    ours = r[-1]
    print()
    for x in r:
        cpu = x['user'] + x['system']
        ocpu = ours['user'] + ours['system']
        print(f"{x['command'][:66]:66s} wall {x['mean']*1000:8.1f} ms (ours/this {ours['mean']/x['mean']:5.2f})"
              f"  cpu {cpu*1000:8.1f} ms (ours/this {ocpu/cpu:5.2f})")
PY
