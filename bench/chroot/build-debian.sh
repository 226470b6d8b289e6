#!/usr/bin/env bash
# Times wwmkchroot against plain debootstrap (the baseline) for the same minbase Debian root,
# then wwmkchroot with a warm --package-cache, and prints the ratios. Run as root from the
# repository after './mvnw -pl ww-cli -am package -DskipTests'.
# Usage: bench/chroot/build-debian.sh [SUITE]   (the mirror is the first URIs: of the apt sources)
set -euo pipefail
suite=${1:-bookworm}
here=$(cd "$(dirname "$0")/../.." && pwd)
tool=$(ls "$here"/ww-cli/target/ww-*/bin/wwmkchroot "$here"/ww-cli/target/ww-*/*/bin/wwmkchroot 2>/dev/null | head -n1 || true)
dist=$(dirname "$(dirname "$tool")")
mirror=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 | awk '{print $2}')
mirror=${mirror:-http://deb.debian.org/debian}
work=$(mktemp -d /var/tmp/ww-bench-chroot.XXXXXX)
trap 'rm -rf --one-file-system "$work"' EXIT
mkdir -p "$work/etc/chroot-templates"
cat > "$work/etc/chroot-templates/bench.yaml" <<YAML
description: benchmark root
family: debian
release: $suite
mirrors: [$mirror]
packages: [less]
postBuild: {sshHostKeys: false}
YAML
export WW_CONFIG_DIR="$work/etc" WW_STATE_DIR="$work/state"
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); echo "$end - $start" | bc; }

base=$(seconds debootstrap --variant=minbase --include=less "$suite" "$work/baseline" "$mirror")
ww=$(seconds "$dist/bin/wwmkchroot" -q bench "$work/ww")
"$dist/bin/wwmkchroot" -q --package-cache "$work/cache" bench "$work/fill" >/dev/null 2>&1
warm=$(seconds "$dist/bin/wwmkchroot" -q --package-cache "$work/cache" bench "$work/warm")
printf 'debootstrap (baseline)          %6.1f s\n' "$base"
printf 'wwmkchroot                      %6.1f s  ratio %.2f\n' "$ww" "$(echo "$ww / $base" | bc -l)"
printf 'wwmkchroot, warm package cache  %6.1f s  ratio %.2f\n' "$warm" "$(echo "$warm / $base" | bc -l)"
