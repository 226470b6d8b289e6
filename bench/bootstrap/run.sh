#!/usr/bin/env bash
# Bootstrap benchmark: wwbootstrap vs `dracut --no-hostonly` with the same drivers, same kernel,
# same run. Prints time and initramfs size for each and the ratios.
#
# usage: bench/bootstrap/run.sh [ROOT KVER]
#   ROOT  a root whose lib/modules/KVER went through depmod (dracut needs modules.dep);
#         default: the depmod'ed Debian kernel the integration tests cache under
#         /var/tmp/ww-test-cache/bootstrap (run `./mvnw -pl ww-bootstrap verify` once first)
# Needs: a built distribution (./mvnw -pl ww-bootstrap,ww-cli -am package), dracut-core, root.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPEAT=${REPEAT:-3}

if [ $# -ge 2 ]; then
  root=$1 kver=$2
else
  root=$(ls -d /var/tmp/ww-test-cache/bootstrap/*/oracle 2>/dev/null | head -n 1 || true)
  [ -n "$root" ] || { echo "no cached kernel; pass ROOT KVER" >&2; exit 2; }
  kver=$(basename "$(dirname "$root")")
fi
wwbootstrap=$(find ww-cli/target -path '*/bin/wwbootstrap' -type f 2>/dev/null | head -n 1)
[ -n "$wwbootstrap" ] || { echo "no built distribution; run ./mvnw -pl ww-bootstrap,ww-cli -am package" >&2; exit 2; }
command -v dracut >/dev/null || { echo "dracut not found: apt-get install dracut-core" >&2; exit 2; }

# The default driver set, from the built-in settings: path prefixes become dracut's
# "=dir" form (relative to kernel/), names stay names; modprobe entries are drivers too.
conf=ww-bootstrap/src/main/resources/dev/ww/bootstrap/default-bootstrap.conf
drivers=$(awk '/^[a-z]+:/ { key = $1 } /^  - / && (key == "drivers:" || key == "modprobe:") { print $2 }' "$conf" |
  sed -e 's|^kernel/\(.*\)/$|=\1|' | tr '\n' ' ')

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/etc" "$work/state"

now() { date +%s.%N; }
best() { sort -n | head -n 1; }

ww_times=() dracut_times=()
for i in $(seq "$REPEAT"); do
  start=$(now)
  WW_CONFIG_DIR=$work/etc WW_STATE_DIR=$work/state "$wwbootstrap" -q -r "$root" -o "$work/ww" "$kver" 2>"$work/ww.log"
  ww_times+=("$(echo "$(now) - $start" | bc)")
  start=$(now)
  dracut --quiet --no-hostonly --force --gzip --no-early-microcode -m base --kver "$kver" \
    --kmoddir "$root/lib/modules/$kver" --fwdir "$root/lib/firmware" --drivers "$drivers" \
    "$work/dracut.img" >"$work/dracut.log" 2>&1
  dracut_times+=("$(echo "$(now) - $start" | bc)")
done

ww_time=$(printf '%s\n' "${ww_times[@]}" | best)
dracut_time=$(printf '%s\n' "${dracut_times[@]}" | best)
ww_size=$(stat -c %s "$work/ww/initfs.gz")
dracut_size=$(stat -c %s "$work/dracut.img")
ww_modules=$(gzip -dc "$work/ww/initfs.gz" | cpio -t --quiet 2>/dev/null | grep -c '\.ko$' || true)
dracut_modules=$( (lsinitrd "$work/dracut.img" 2>/dev/null || gzip -dc "$work/dracut.img" | cpio -tv --quiet) | grep -c '\.ko' || true)

echo "kernel $kver from $root, default driver set, gzip, best of $REPEAT"
printf '%-12s %10s %14s %8s\n' tool "time (s)" "initramfs (B)" modules
printf '%-12s %10.2f %14d %8d\n' wwbootstrap "$ww_time" "$ww_size" "$ww_modules"
printf '%-12s %10.2f %14d %8d\n' dracut "$dracut_time" "$dracut_size" "$dracut_modules"
echo "time ratio wwbootstrap/dracut: $(echo "scale=2; $ww_time / $dracut_time" | bc)"
echo "size ratio wwbootstrap/dracut: $(echo "scale=2; $ww_size / $dracut_size" | bc)"
