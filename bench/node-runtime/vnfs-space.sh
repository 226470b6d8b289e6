#!/bin/sh
# wwgetvnfs --force on a node whose root is a tmpfs (a diskless node: every byte is memory):
# the peak of extra space used on that filesystem during the run, beyond both what it held
# before and after (the downloaded capsule included), and the tool's peak resident memory, for three states of the node: a few files
# changed, every file's time changed (every file replaced), and an empty root (everything
# missing); with the default transfer (on a tmpfs: the capsule read from the master twice) and
# with --copy (a verified copy in the state directory). Ratios are to the capsule's unpacked
# size, what staging a complete extraction next to the tree costs. BASELINE_JAR=FILE also runs
# another build of the jar (an earlier version, say) the same way, in the same run.
# Usage: bench/node-runtime/vnfs-space.sh [TREE]   (root; TREE default: the cached minbase root)
set -eu
cd "$(dirname "$0")/../.."
TREE=${1:-/var/tmp/ww-test-cache/capsule/minbase}
[ -d "$TREE/etc" ] || { echo "no root tree at $TREE (run the capsule tests once to cache it)" >&2; exit 1; }
WORK=$(mktemp -d /var/tmp/ww-vnfs-bench.XXXXXX)
SERVER=
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
    mountpoint -q "$WORK/node" && umount "$WORK/node"
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

./mvnw -B -q -pl ww-node-runtime -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
JAR=ww-node-runtime/target/ww-node-runtime.jar
CP="$(cat "$WORK/cp.txt"):ww-provision/target/classes:ww-capsule/target/classes:ww-core/target/classes"

java -cp "$CP" bench/node-runtime/VnfsBenchServer.java "$TREE" "$WORK/capsule" >"$WORK/server.out" &
SERVER=$!
for _ in $(seq 1 600); do [ "$(wc -l <"$WORK/server.out")" -ge 2 ] && break; sleep 0.2; done
PORT=$(sed -n 1p "$WORK/server.out")
CAPSULE=$(sed -n 2p "$WORK/server.out")
UNPACKED=$(du -sb --apparent-size "$TREE" | cut -f1)
ENTRIES=$(find "$TREE" | wc -l)
echo "tree $TREE: $ENTRIES entries, $UNPACKED bytes unpacked; capsule $CAPSULE bytes (gzip)"
printf "WWNAME='n1'\n" >"$WORK/nodeconfig"
mkdir -p "$WORK/node"

# prepare STATE: a copy of the tree in a fresh tmpfs, then the drift
prepare() {
    mountpoint -q "$WORK/node" && umount "$WORK/node"
    mount -t tmpfs -o size=8g,mode=0755 ww-bench "$WORK/node"
    cp -a "$TREE/." "$WORK/node/"
    case $1 in
        few)
            i=0
            for f in $(find "$WORK/node/usr/share/doc" -type f -name copyright | head -20); do
                echo "changed $i" >>"$f"; i=$((i + 1))
            done
            rm -rf "$WORK/node/usr/share/zoneinfo/America"
            mkdir -p "$WORK/node/opt/junk" && head -c 5000000 /dev/urandom >"$WORK/node/opt/junk/blob"
            ;;
        all) find "$WORK/node" -type f -exec touch -h -d @86400 {} + ;;
        empty) find "$WORK/node" -mindepth 1 -maxdepth 1 -exec rm -rf {} + ;;
    esac
    java -jar "$JAR" install --root "$WORK/node" --node-config "$WORK/nodeconfig" \
        --set WWMASTER=127.0.0.1 --set WWPORT="$PORT" --set WWINIT_HWADDR=52:54:00:00:00:01 >/dev/null
    sync
}

mib() { awk -v b="$1" 'BEGIN { printf "%8.1f MiB", b / 1048576 }'; }

run() { # LABEL JAR STATE [OPTION...]
    label=$1 jar=$2 state=$3; shift 3
    prepare "$state"
    set -- "$jar" "$state" $(python3 bench/node-runtime/sample.py "$WORK/node" \
        java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" wwgetvnfs --force "$@" \
        --root "$WORK/node" --cmdline /dev/null)
    rc=$3 secs=$4 start=$5 peak=$6 end=$7 hwm=$8
    left=$(java -jar "$JAR" wwgetvnfs --dry-run --root "$WORK/node" --cmdline /dev/null | tail -1)
    # beyond both the state before and the state after (an empty root ends holding the tree)
    base=$start; [ "$end" -gt "$base" ] && base=$end
    extra=$((peak - base))
    printf "%-6s %-16s exit %s %6ss  peak extra %s (%5.2f of unpacked)  RSS %s  after: %s\n" \
        "$2" "$label" "$rc" "$secs" "$(mib $extra)" \
        "$(awk -v a=$extra -v b=$UNPACKED 'BEGIN { print a / b }')" "$(mib $hwm)" "$left"
}

for state in few all empty; do
    if [ -n "${BASELINE_JAR:-}" ]; then run baseline "$BASELINE_JAR" $state; fi
    run "this (stream)" "$JAR" $state
    run "this --copy" "$JAR" $state --copy
done
