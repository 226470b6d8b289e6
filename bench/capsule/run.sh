#!/bin/bash
# Capsule benchmark: wwvnfs against the shell pipelines it replaces, in the same run.
#
#   bench/capsule/run.sh [ROOT...]
#
# Without ROOTs it uses a Debian minbase root and a root of more than 1 GB, both built once
# under $WW_TEST_CACHE/capsule (default /var/tmp/ww-test-cache/capsule) and reused.
# Baselines: find . | cpio -o -H newc | pigz -6 / gzip -9 (Warewulf 3's pipeline) / zstd -3 -T0.
# Then an incremental rebuild after installing one package (nano) into a copy of the root,
# against a full build of that copy, and a check that both give the same bytes.
# wwvnfs runs with -Xmx256m, with no excludes (so every tool packs the same tree).
# WW_DIST may name an unpacked distribution (its bin/wwvnfs); by default the one built in
# ww-cli/target is used (built first if missing). Needs root (to read every file), cpio, pigz,
# gzip, zstd, GNU time, dpkg-deb, apt-get (nano is downloaded once).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${WW_TEST_CACHE:-/var/tmp/ww-test-cache}/capsule

dist=${WW_DIST:-}
if [ -z "$dist" ]; then
  dist=$(ls -d "$repo"/ww-cli/target/ww-*/bin/.. 2>/dev/null | head -1 || true)
  if [ -z "$dist" ]; then
    (cd "$repo" && ./mvnw -B -q -pl ww-cli -am package -DskipTests)
    dist=$(ls -d "$repo"/ww-cli/target/ww-*/bin/.. | head -1)
  fi
fi
wwvnfs="$dist/bin/wwvnfs"

minbase_root() {
  if [ ! -d "$cache/minbase/usr/bin" ]; then
    mkdir -p "$cache"
    mirror=$(grep -rhs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | grep '/debian' | head -1)
    debootstrap --variant=minbase --cache-dir="$cache/debs" bookworm "$cache/minbase.tmp" "${mirror:-http://deb.debian.org/debian}" >"$cache/debootstrap.log"
    mv "$cache/minbase.tmp" "$cache/minbase"
  fi
  echo "$cache/minbase"
}

big_root() {
  # minbase plus this host's Java runtimes and shared libraries: >1 GB of real binaries
  if [ ! -d "$cache/big/usr/lib/host-jvm" ]; then
    rm -rf "$cache/big.tmp"
    cp -a "$(minbase_root)" "$cache/big.tmp"
    cp -a /usr/lib/jvm "$cache/big.tmp/usr/lib/host-jvm"
    cp -a /usr/lib/x86_64-linux-gnu "$cache/big.tmp/usr/lib/host-libs"
    mv "$cache/big.tmp" "$cache/big"
  fi
  echo "$cache/big"
}

if [ $# -gt 0 ]; then roots=("$@"); else roots=("$(minbase_root)" "$(big_root)"); fi

work=$(mktemp -d /var/tmp/capsule-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/etc" "$work/state"
printf 'exclude: []\nhybridize: []\n' >"$work/etc/vnfs.conf"

# run NAME COMMAND...: wall seconds, CPU seconds (user+system, of every process in the
# pipeline: steadier than wall time on a shared machine), output size, max RSS
run() {
  local name=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r secs user system rss <"$work/time"
  size=$(stat -c %s "$work/out")
  cpu=$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.2f", u + s }')
  printf '%s %s %s %s %s\n' "$name" "$secs" "$size" "$rss" "$cpu" >>"$work/results"
  rm -f "$work/out"
}

for root in "${roots[@]}"; do
  : >"$work/results"
  bytes=$(du -sb "$root" | cut -f1)
  entries=$(find "$root" | wc -l)
  # warm the page cache so every tool reads from memory
  tar -C "$root" -cf - . | cat >/dev/null
  cpio_pipe="cd '$root' && find . | cpio -o -H newc --quiet"
  run "pigz-6"     sh -c "$cpio_pipe | pigz -6 >'$work/out'"
  run "ww-gzip-6"  env WW_JAVA_OPTS=-Xmx256m WW_CONFIG_DIR="$work/etc" WW_STATE_DIR="$work/state" \
                     "$wwvnfs" -q --allow-no-init -c "$root" bench -o "$work/out"
  run "gzip-9"     sh -c "$cpio_pipe | gzip -9 >'$work/out'"
  run "ww-gzip-9"  env WW_JAVA_OPTS=-Xmx256m WW_CONFIG_DIR="$work/etc" WW_STATE_DIR="$work/state" \
                     "$wwvnfs" -q --allow-no-init -c "$root" bench -l 9 -o "$work/out"
  run "zstd-3-T0"  sh -c "$cpio_pipe | zstd -q -3 -T0 >'$work/out'"
  run "ww-zstd-3"  env WW_JAVA_OPTS=-Xmx256m WW_CONFIG_DIR="$work/etc" WW_STATE_DIR="$work/state" \
                     "$wwvnfs" -q --allow-no-init -c "$root" bench -z zstd -l 3 -o "$work/out"
  rm -f "$work/etc/vnfs/bench.conf"

  # incremental rebuild after installing one package (nano, unpacked with dpkg-deb -x) into a
  # copy of the root, against a full build of the same copy
  rm -rf "$work/copy" "$work/state"/vnfs
  cp -a "$root" "$work/copy"
  sleep 3  # files changed less than 2 s before a build are never trusted by the next one
  cat >"$work/incr.sh" <<EOF
#!/bin/sh
exec env WW_JAVA_OPTS=-Xmx256m WW_CONFIG_DIR='$work/etc' WW_STATE_DIR='$work/state' \\
  '$wwvnfs' -q --allow-no-init -c '$work/copy' incr -o '$work/incr.vnfs' "\$@"
EOF
  chmod +x "$work/incr.sh"
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$work/incr.sh" --full >/dev/null
  read -r full_secs _ <"$work/time"
  deb=$(ls "$cache"/packages/nano_*.deb 2>/dev/null | head -1 || true)
  if [ -z "$deb" ]; then
    mkdir -p "$cache/packages"
    (cd "$cache/packages" && apt-get download -q nano >/dev/null)
    deb=$(ls "$cache"/packages/nano_*.deb | head -1)
  fi
  dpkg-deb -x "$deb" "$work/copy"
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$work/incr.sh" >/dev/null
  read -r incr_secs _ <"$work/time"
  incr_sha=$(sha256sum "$work/incr.vnfs" | cut -d' ' -f1)
  "$work/incr.sh" --full >/dev/null
  clean_sha=$(sha256sum "$work/incr.vnfs" | cut -d' ' -f1)
  rm -rf "$work/copy" "$work/incr.vnfs"

  echo
  echo "== $root: $((bytes / 1048576)) MiB, $entries entries, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
  printf '%-11s %9s %9s %14s %11s\n' tool wall-s cpu-s bytes max-RSS-KiB
  while read -r name secs size rss cpu; do
    if [[ $name == ww-* ]]; then shown=$rss; else shown=-; fi
    printf '%-11s %9s %9s %14s %11s\n' "$name" "$secs" "$cpu" "$size" "$shown"
  done <"$work/results"
  awk '
    { t[$1] = $2; s[$1] = $3; c[$1] = $5 }
    function line(label, a, b) {
      printf "%-30s size x%.3f  wall x%.2f  cpu x%.2f\n", label, s[a] / s[b], t[a] / t[b], c[a] / c[b]
    }
    END {
      line("ww gzip-6 vs cpio|pigz -6", "ww-gzip-6", "pigz-6")
      line("ww gzip-9 vs cpio|gzip -9", "ww-gzip-9", "gzip-9")
      line("ww gzip-6 vs cpio|gzip -9", "ww-gzip-6", "gzip-9")
      line("ww zstd-3 vs cpio|zstd -3 -T0", "ww-zstd-3", "zstd-3-T0")
    }' "$work/results"
  awk -v f="$full_secs" -v i="$incr_secs" 'BEGIN {
    printf "%-30s %.2f s vs full build %.2f s: x%.2f\n", "ww gzip-6 rebuild after nano", i, f, i / f }'
  if [ "$incr_sha" = "$clean_sha" ]; then
    echo "rebuild and clean build of the changed root: identical (sha256 $incr_sha)"
  else
    echo "rebuild and clean build differ: $incr_sha vs $clean_sha" >&2
    exit 1
  fi
done
