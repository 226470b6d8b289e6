#!/usr/bin/env bash
# Datastore benchmark on both backends: 100,000 nodes; in-process hwaddr lookup p50/p99 against
# a bare indexed SELECT; `wwsh node list` and `wwsh node set` on one node as whole processes,
# against the baseline of the same JVM starting and printing its version (`wwsh --version`).
#
# Usage: bench/datastore/run.sh [NODES] [LOOKUPS]   (build first: ./mvnw -B -q -pl ww-cli -am package -DskipTests)
set -euo pipefail
NODES=${1:-100000}
LOOKUPS=${2:-20000}
here=$(cd "$(dirname "$0")" && pwd)
wwsh=$(ls "$here"/../../ww-cli/target/ww-*/bin/wwsh "$here"/../../ww-cli/target/ww-*/ww-*/bin/wwsh 2>/dev/null | head -1 || true)
[ -n "$wwsh" ] || { echo "build the distribution first (./mvnw -B -q -pl ww-cli -am package -DskipTests)" >&2; exit 1; }
dist=$(cd "$(dirname "$wwsh")/.." && pwd)
work=$(mktemp -d /tmp/ww-bench-XXXXXX)
pgbin=/usr/lib/postgresql/15/bin
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

chmod 755 "$work"; mkdir -p "$work/pg" && chown postgres: "$work/pg"
runuser -u postgres -- "$pgbin/initdb" -D "$work/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $work/pg" start >/dev/null
pgurl="jdbc:postgresql://127.0.0.1:$port/postgres"

timeit() {  # median wall seconds of 5 runs of a command
  local t=()
  for _ in 1 2 3 4 5; do
    local s e
    s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N)
    t+=("$(echo "$e - $s" | bc)")
  done
  printf '%s\n' "${t[@]}" | sort -n | sed -n 3p
}

for backend in embedded postgresql; do
  root="$work/$backend"; mkdir -p "$root/etc" "$root/state"
  if [ "$backend" = postgresql ]; then
    printf 'datastore:\n  backend: postgresql\n  url: %s\n  user: postgres\n' "$pgurl" > "$root/etc/warewulf.yaml"
    baseline_url=$pgurl
  else
    baseline_url="jdbc:sqlite:$root/state/datastore.db"
  fi
  echo "=== $backend ==="
  java -cp "$dist/lib/*" "$here/DatastoreBench.java" "$root" "$NODES" "$LOOKUPS" "$baseline_url"
  export WW_CONFIG_DIR=$root/etc WW_STATE_DIR=$root/state
  jvm=$(timeit "$dist/bin/wwsh" --version)
  set_one=$(timeit "$dist/bin/wwsh" node set n000042 --cluster bench -y)
  list_all=$(timeit "$dist/bin/wwsh" node list)
  list_one=$(timeit "$dist/bin/wwsh" node list n000042)
  echo "load average before the process timings: $(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'baseline: wwsh --version (JVM start)      %6.2f s\n' "$jvm"
  printf 'wwsh node set n000042 (one node)         %6.2f s  ratio %.2f\n' "$set_one" "$(echo "$set_one / $jvm" | bc -l)"
  printf 'wwsh node list n000042                   %6.2f s  ratio %.2f\n' "$list_one" "$(echo "$list_one / $jvm" | bc -l)"
  printf 'wwsh node list (all %d nodes)        %6.2f s  ratio %.2f\n' "$NODES" "$list_all" "$(echo "$list_all / $jvm" | bc -l)"
  # The same with start-up options a distribution can ship: an application class-data archive
  # (made once, here), the client compiler only, and the serial collector.
  java -XX:ArchiveClassesAtExit="$work/$backend.jsa" -cp "$dist/lib/*" dev.ww.cli.Launcher wwsh node list n000042 >/dev/null 2>&1
  export WW_JAVA_OPTS="-XX:SharedArchiveFile=$work/$backend.jsa -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
  jvm_t=$(timeit "$dist/bin/wwsh" --version)
  set_t=$(timeit "$dist/bin/wwsh" node set n000042 --cluster tuned -y)
  printf 'tuned JVM: wwsh --version                %6.2f s\n' "$jvm_t"
  printf 'tuned JVM: wwsh node set n000042         %6.2f s  ratio %.2f (vs untuned JVM start)\n' "$set_t" "$(echo "$set_t / $jvm" | bc -l)"
  unset WW_JAVA_OPTS
  unset WW_CONFIG_DIR WW_STATE_DIR
done
