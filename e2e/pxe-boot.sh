#!/bin/bash
# End-to-end test: virtual nodes boot from the network through ww, on a private network.
#
# Driven by the built tools exactly as an administrator would use them: wwmkchroot,
# wwmngchroot, wwvnfs, wwbootstrap, wwsh (embedded datastore), wwsh dhcp/pxe update,
# wwprovisiond; dnsmasq does DHCP and TFTP from the generated configuration; qemu (TCG)
# boots the nodes with iPXE (BIOS; UEFI through OVMF with --firmware uefi).
#
# Topology: a network namespace holding a bridge (the node network, 10.99.0.0/24), the
# server and dnsmasq bound to the bridge address 10.99.0.1, and one tap device per virtual
# node. Nothing outside the namespace is touched except the work directory and the cache of
# built roots (/var/tmp/ww-test-cache/e2e).
#
# Cases: n0001 boots its capsule, whose init reports what it finds (templated file, post
# script, runtime tools, a file changed in the store after boot); n0002 has
# NORUNTIMESERVICES; n0003 is served a capsule whose bytes do not match its checksum; an
# unknown hardware address gets nothing beyond the generic iPXE stage. Baseline: the same
# kernel booting a trivial initramfs directly.
#
# Usage: e2e/pxe-boot.sh [--firmware bios|uefi] [--demo] [--keep] [--only-positive]
#   --demo           one node, its console shown live (used by e2e/demo.sh)
#   --keep           keep the work directory (it is printed)
#   --only-positive  boot n0001 only
# Environment: WW_BIN (the distribution's bin/, default: the build output of this
# repository), WW_E2E_CACHE (default /var/tmp/ww-test-cache/e2e), WW_E2E_TIMEOUT (seconds
# one node may take, default 300).
# Exit status: 0 when every check passed, 1 when a check failed, 2 on a setup error.

set -euo pipefail
export LC_ALL=C

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname -- "$HERE")
FIRMWARE=bios
DEMO=0
KEEP=0
ONLY_POSITIVE=0
while [ $# -gt 0 ]; do
    case "$1" in
        --firmware) FIRMWARE=${2:?--firmware needs bios or uefi}; shift 2 ;;
        --firmware=*) FIRMWARE=${1#*=}; shift ;;
        --demo) DEMO=1; ONLY_POSITIVE=1; shift ;;
        --keep) KEEP=1; shift ;;
        --only-positive) ONLY_POSITIVE=1; shift ;;
        -h|--help) sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "pxe-boot: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
case "$FIRMWARE" in bios|uefi) ;; *) echo "pxe-boot: --firmware must be bios or uefi" >&2; exit 2 ;; esac

CACHE=${WW_E2E_CACHE:-/var/tmp/ww-test-cache/e2e}
NODE_TIMEOUT=${WW_E2E_TIMEOUT:-300}
NET=10.99.0
SERVER=$NET.1
NS=ww-e2e-$$
TEMPLATE=debian-12
# What the node image needs: a kernel to build the bootstrap from, a JRE for the runtime
# tools, cron for their jobs.
PACKAGES="linux-image-amd64 openjdk-17-jre-headless cron"
# Left out of the capsule: the kernel and its modules live in the bootstrap.
EXCLUDES="/boot/*,/lib/modules/*,/usr/lib/modules/*,/usr/share/doc/*,/usr/share/man/*,/usr/share/locale/*,/var/cache/apt/*,/var/lib/apt/lists/*"

T_START=$(date +%s)
say() { printf '[%4ds] %s\n' "$(( $(date +%s) - T_START ))" "$*"; }
die() { printf 'pxe-boot: ERROR: %s\n' "$*" >&2; exit 2; }

# ---------------------------------------------------------------- prerequisites
[ "$(id -u)" = 0 ] || die "run as root (network namespaces, tap devices, chroots)"
for cmd in ip qemu-system-x86_64 dnsmasq busybox cpio gzip sha256sum java; do
    command -v "$cmd" >/dev/null || die "$cmd not found: run .ci/install-packages (it installs the packages in .ci/apt-packages)"
done
[ -f /usr/lib/ipxe/undionly.kpxe ] || die "/usr/lib/ipxe/undionly.kpxe missing: apt-get install ipxe"
[ -f /usr/lib/ipxe/qemu/efi-virtio.rom ] || [ -f /usr/share/qemu/efi-virtio.rom ] \
    || die "qemu's iPXE ROM (efi-virtio.rom) missing: apt-get install ipxe-qemu"
OVMF=/usr/share/qemu/OVMF.fd
if [ "$FIRMWARE" = uefi ]; then
    [ -f "$OVMF" ] || die "$OVMF missing: apt-get install ovmf"
fi
if [ -z "${WW_BIN:-}" ]; then
    for d in "$REPO"/ww-cli/target/ww-*/bin "$REPO"/ww-cli/target/ww-*/ww-*/bin; do
        if [ -x "$d/wwsh" ]; then WW_BIN=$d; fi
    done
fi
[ -n "${WW_BIN:-}" ] && [ -x "$WW_BIN/wwsh" ] || die "the ww tools are not built: run ./mvnw -B package -DskipTests (or set WW_BIN)"
# ---------------------------------------------------------------- work area and teardown
mkdir -p /var/tmp
WORK=$(mktemp -d /var/tmp/ww-e2e.XXXXXX)
chmod 755 "$WORK"
export WW_CONFIG_DIR=$WORK/etc WW_STATE_DIR=$WORK/state
mkdir -p "$WW_CONFIG_DIR" "$WW_STATE_DIR" "$WORK/log"
PIDS=()
FAILED=0

teardown() {
    local rc=$?
    set +e
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null
    done
    for pid in "${PIDS[@]}"; do
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    # Whatever still runs in the namespace (it holds only what this script started).
    local left
    left=$(ip netns pids "$NS" 2>/dev/null)
    if [ -n "$left" ]; then
        kill $left 2>/dev/null
        sleep 2
        left=$(ip netns pids "$NS" 2>/dev/null)
        [ -z "$left" ] || kill -9 $left 2>/dev/null
    fi
    ip netns del "$NS" 2>/dev/null
    if [ "$rc" != 0 ] || [ "$FAILED" != 0 ]; then
        for f in "$WORK"/log/*.console; do
            [ -f "$f" ] || continue
            echo "----- console of $(basename "$f" .console) (last 60 lines) -----"
            tail -n 60 "$f" | tr -d '\r'
        done
        for f in "$WORK/log/wwprovisiond.log" "$WORK/log/dnsmasq.log"; do
            [ -f "$f" ] || continue
            echo "----- $(basename "$f") (last 30 lines) -----"
            tail -n 30 "$f"
        done
    fi
    if [ "$KEEP" = 1 ]; then
        echo "work directory kept: $WORK"
    else
        # The root was unpacked here; make sure nothing is mounted below before removing.
        if grep -q " $WORK/" /proc/mounts; then
            echo "pxe-boot: something is still mounted below $WORK; left in place" >&2
        else
            rm -rf "$WORK"
        fi
    fi
    exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT TERM

run() { # run LOGNAME CMD...: runs a tool, output to a log; on failure shows the log's tail
    local name=$1; shift
    if ! "$@" >"$WORK/log/$name.log" 2>&1; then
        echo "pxe-boot: '$*' failed:" >&2
        tail -n 30 "$WORK/log/$name.log" >&2
        exit 2
    fi
}

# Checks of features that ww does not provide yet, by check id. A pending check that fails is
# reported as PENDING and does not fail the run; one that passes fails the run, so that it is
# taken off this list (like a strict expected failure). Keep the reasons next to the ids.
#   (none at the moment)
PENDING=${WW_E2E_PENDING-""}
PENDING_SEEN=0
check() { # check ID DESCRIPTION COMMAND...: runs the command, prints one verdict line
    local id=$1 what=$2
    shift 2
    local pending=0
    case " $PENDING " in *" $id "*) pending=1 ;; esac
    if "$@"; then
        if [ "$pending" = 1 ]; then
            say "  FAIL  $what: passes, but '$id' is listed as pending: take it off PENDING"
            FAILED=1
        else
            say "  ok    $what"
        fi
    elif [ "$pending" = 1 ]; then
        say "  PENDING  $what (not implemented yet: '$id')"
        PENDING_SEEN=1
    else
        say "  FAIL  $what"
        FAILED=1
    fi
}
has_line() { [ -f "$1" ] && grep -aqF -- "$2" "$1"; }      # has_line FILE TEXT
lacks_line() { [ -f "$1" ] && ! grep -aqF -- "$2" "$1"; }  # lacks_line FILE TEXT

# ---------------------------------------------------------------- 1. the node root
ROOT=$WORK/root
key=$(printf '%s\n' "$TEMPLATE" "$PACKAGES" "v1" | sha256sum | cut -c1-16)
tarball=$CACHE/root-$TEMPLATE-$key.tar
mkdir -p "$CACHE/packages"
if [ -f "$tarball" ]; then
    say "node root: reusing $tarball"
    mkdir -p "$ROOT" && tar -xpf "$tarball" -C "$ROOT"
else
    say "node root: wwmkchroot $TEMPLATE (a few minutes the first time; cached afterwards)"
    run wwmkchroot "$WW_BIN/wwmkchroot" --package-cache="$CACHE/packages" "$TEMPLATE" "$ROOT"
    say "node root: wwmngchroot -i $PACKAGES"
    run wwmngchroot "$WW_BIN/wwmngchroot" -y -c "$ROOT" -i $PACKAGES
    tar -cpf "$tarball.tmp" -C "$ROOT" . && mv "$tarball.tmp" "$tarball"
fi
KVER=$(ls "$ROOT/lib/modules" | sort -V | tail -n 1)
[ -n "$KVER" ] && [ -f "$ROOT/boot/vmlinuz-$KVER" ] || die "no kernel in the node root ($ROOT/lib/modules)"

# The node image's init reports what it finds on the console.
install -m 0755 "$HERE/node-init.sh" "$ROOT/sbin/init.e2e"
ln -sf init.e2e "$ROOT/sbin/init"

# ---------------------------------------------------------------- 2. capsule and bootstrap
say "capsule: wwvnfs --chroot $ROOT"
run wwvnfs "$WW_BIN/wwvnfs" --chroot "$ROOT" -e "$EXCLUDES" -o "$WORK/e2e.vnfs" e2e
say "bootstrap: wwbootstrap --chroot $ROOT $KVER"
# Only the virtual hardware's drivers: a small initramfs loads faster under emulation (the
# default set, for real hardware, is ~40 MB).
mkdir -p "$WW_CONFIG_DIR/bootstrap"
cat >"$WW_CONFIG_DIR/bootstrap/virtual.conf" <<'EOF'
drivers: [virtio_net, virtio_pci, virtio_blk, e1000, ata_piix, sd_mod]
modprobe: [virtio_net]
EOF
run wwbootstrap "$WW_BIN/wwbootstrap" --chroot "$ROOT" --config virtual -o "$WORK/bootstrap" "$KVER"
WWSH="$WW_BIN/wwsh"
run vnfs-import "$WWSH" vnfs import "$WORK/e2e.vnfs" -n e2e
run bootstrap-import "$WWSH" bootstrap import "$WORK/bootstrap/initfs.gz" --kernel "$WORK/bootstrap/kernel" -n "$KVER"

# ---------------------------------------------------------------- 3. nodes, files, scripts
printf 'Welcome to %%{NAME}, a ww node\n' >"$WORK/motd"
run file-motd "$WWSH" file import "$WORK/motd" -n motd -D /etc/motd -m 0644 -u 0 -g 0
printf 'version 1\n' >"$WORK/later"
run file-later "$WWSH" file import "$WORK/later" -n e2e-later -D /etc/ww-e2e-later -m 0644 -u 0 -g 0
cat >"$WORK/post.sh" <<'EOF'
#!/bin/sh
# Runs in the bootstrap after the capsule and the files are in place.
echo "post script ran for ${WWNAME:-${WWNODENAME:-?}}" >"${NEWROOT:-/newroot}/etc/ww-e2e-post"
EOF
run file-post "$WWSH" file import "$WORK/post.sh" -n e2e-post -D /etc/ww-e2e-post.sh -m 0755 -u 0 -g 0

# n0001: the positive case; n0002: NORUNTIMESERVICES; n0003: a capsule whose bytes do not
# match its checksum.
KARGS="net.ifnames=0 biosdevname=0 quiet panic=1 wwrebootdelay=1"
new_node() { # NAME MAC IP
    run "node-$1" "$WWSH" node new "$1" --netdev eth0 --hwaddr "$2" --ipaddr "$3" --netmask 255.255.255.0
}
new_node n0001 52:54:00:e2:e0:01 $NET.11
new_node n0002 52:54:00:e2:e0:02 $NET.12
new_node n0003 52:54:00:e2:e0:03 $NET.13
run provision "$WWSH" provision set -y n0001 n0002 n0003 --bootstrap "$KVER" --vnfs e2e \
    --files motd,e2e-later --postscript e2e-post --console ttyS0,115200 --kargs "$KARGS"
run nors "$WWSH" object modify -y n0002 -s NORUNTIMESERVICES=1

# The broken capsule: a different image (so a blob of its own), whose copy in the server's
# blob cache is then damaged in place, as a disk error would.
cp "$WORK/e2e.vnfs" "$WORK/e2e-bad.vnfs"
printf 'ww-e2e-distinct' >>"$WORK/e2e-bad.vnfs"
run vnfs-bad "$WWSH" vnfs import "$WORK/e2e-bad.vnfs" -n e2e-bad
run provision-bad "$WWSH" provision set -y n0003 --vnfs e2e-bad
bad_sha=$(sha256sum "$WORK/e2e-bad.vnfs" | cut -d' ' -f1)
blobcache=$WW_STATE_DIR/cache/provision/blobs
if [ "$ONLY_POSITIVE" = 0 ]; then
    mkdir -p "$blobcache"
    cp "$WORK/e2e-bad.vnfs" "$blobcache/$bad_sha"
    # Flip one byte in the middle of the compressed data (same size, different digest).
    off=$(( $(stat -c %s "$blobcache/$bad_sha") / 2 ))
    printf '\x5a' | dd of="$blobcache/$bad_sha" bs=1 seek="$off" conv=notrunc status=none
fi

# ---------------------------------------------------------------- 4. DHCP, TFTP, server
run dhcp "$WWSH" dhcp update --server "$SERVER" --subnet "$NET.0/24"
run pxe "$WWSH" pxe update --server "$SERVER"
DNSMASQ_CONF=$WW_CONFIG_DIR/dhcp/dnsmasq.conf
[ -f "$DNSMASQ_CONF" ] || die "wwsh dhcp update wrote no $DNSMASQ_CONF"
dnsmasq --test -C "$DNSMASQ_CONF" >/dev/null 2>&1 || die "dnsmasq refuses the generated $DNSMASQ_CONF: $(dnsmasq --test -C "$DNSMASQ_CONF" 2>&1)"

say "network: namespace $NS, bridge $SERVER/24"
ip netns add "$NS"
# For commands in the foreground only: a function run in the background would make $! the
# subshell's process id, not the program's, and teardown would miss the program.
nsx() { ip netns exec "$NS" "$@"; }
nsx ip link set lo up
nsx ip link add br0 type bridge
nsx ip addr add "$SERVER/24" dev br0
nsx ip link set br0 up
for i in 1 2 3 4 5; do
    nsx ip tuntap add dev "tap$i" mode tap
    nsx ip link set "tap$i" master br0
    nsx ip link set "tap$i" up
done

ip netns exec "$NS" dnsmasq -k -C "$DNSMASQ_CONF" --interface=br0 --bind-interfaces --user=root \
    --dhcp-leasefile="$WORK/dnsmasq.leases" --pid-file="$WORK/dnsmasq.pid" \
    --log-dhcp --log-facility="$WORK/log/dnsmasq.log" &
PIDS+=($!)
ip netns exec "$NS" "$WW_BIN/wwprovisiond" --listen "$SERVER:80" >"$WORK/log/wwprovisiond.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 60); do
    nsx busybox wget -q -O /dev/null "http://$SERVER/health" 2>/dev/null && break
    sleep 0.5
done
nsx busybox wget -q -O /dev/null "http://$SERVER/health" || die "wwprovisiond did not answer on $SERVER:80 (see $WORK/log/wwprovisiond.log)"
say "server: wwprovisiond listening on $SERVER:80, dnsmasq on br0"

# ---------------------------------------------------------------- 5. virtual nodes
# stamp T0: copies console lines, each prefixed with the seconds since T0 (power-on), so the
# log shows where the boot time goes.
stamp() {
    local t0=${1/./} line now
    while IFS= read -r line; do
        now=${EPOCHREALTIME/./}
        printf '%6d.%01ds| %s\n' $(( (now - t0) / 1000000 )) $(( (now - t0) / 100000 % 10 )) "${line%$'\r'}"
    done
}
# boot NAME TAP MAC: powers a node on (network boot), console to log/NAME.console.
declare -A QPID T0
boot() {
    local name=$1 tap=$2 mac=$3 fw=()
    if [ "$FIRMWARE" = uefi ]; then fw=(-bios "$OVMF"); fi
    : >"$WORK/log/$name.console"
    T0[$name]=$EPOCHREALTIME
    ip netns exec "$NS" qemu-system-x86_64 -accel tcg -m 2048 -smp 1 -no-reboot -display none -monitor none \
        "${fw[@]}" -boot n \
        -netdev "tap,id=n0,ifname=$tap,script=no,downscript=no" \
        -device "virtio-net-pci,netdev=n0,mac=$mac" \
        -serial stdio </dev/null > >(stamp "${T0[$name]}" >"$WORK/log/$name.console") &
    QPID[$name]=$!
    PIDS+=($!)
}
# wait_for NAME TEXT SECONDS: until the console shows TEXT (0), the VM stopped (1) or time is up (2).
wait_for() {
    local name=$1 text=$2 limit=$3 start
    start=$(date +%s)
    while :; do
        if grep -aqF -- "$text" "$WORK/log/$name.console"; then return 0; fi
        if ! kill -0 "${QPID[$name]}" 2>/dev/null; then
            grep -aqF -- "$text" "$WORK/log/$name.console" && return 0
            return 1
        fi
        [ $(( $(date +%s) - start )) -lt "$limit" ] || return 2
        sleep 0.2
    done
}
elapsed() { echo "$EPOCHREALTIME ${T0[$1]}" | awk '{printf "%.1f", $1 - $2}'; }
stop_vm() { kill "${QPID[$1]}" 2>/dev/null || true; wait "${QPID[$1]}" 2>/dev/null || true; }

if [ "$DEMO" = 1 ]; then
    tail -n +1 -F "$WORK/log/n0001.console" 2>/dev/null &
    PIDS+=($!)
fi

say "n0001: powered on ($FIRMWARE, network boot)"
boot n0001 tap1 52:54:00:e2:e0:01
if wait_for n0001 "E2E-INIT" "$NODE_TIMEOUT"; then
    BOOT_S=$(elapsed n0001)
    say "n0001: capsule init running ${BOOT_S}s after power-on"
else
    BOOT_S=""
    say "n0001: did not reach the capsule's init"
fi
if [ -n "$BOOT_S" ] && wait_for n0001 "E2E-WAITING-FOR-CHANGE" 180; then
    printf 'version 2, changed after boot\n' >"$WORK/later"
    run file-later2 "$WWSH" file import -y "$WORK/later" -n e2e-later -D /etc/ww-e2e-later -m 0644 -u 0 -g 0
    say "n0001: changed e2e-later in the store"
fi
[ -n "$BOOT_S" ] && { wait_for n0001 "E2E-DONE" 240 || true; }
stop_vm n0001
C1=$WORK/log/n0001.console
say "n0001 checks:"
check boot "n0001 reached its capsule's init" has_line "$C1" "E2E-INIT"
check files "templated /etc/motd carries the node's name" has_line "$C1" "E2E-MOTD Welcome to n0001, a ww node"
check post "the post script ran" has_line "$C1" "E2E-POST post script ran for n0001"
check runtimeconfig "/warewulf/config installed for the runtime tools" has_line "$C1" "E2E-WWCONFIG present"
check runtime "runtime tools installed (/warewulf/bin/wwgetfiles)" has_line "$C1" "E2E-RUNTIME present"
check runtime "wwgetfiles runs under the node's JRE" has_line "$C1" "E2E-WWGETFILES 0"
check runtime "wwgetfiles picked up the file changed after boot" has_line "$C1" "E2E-LATER version 2, changed after boot"
check runtime "runtime cron jobs installed" has_line "$C1" "E2E-CRON wwgetfiles"

if [ "$ONLY_POSITIVE" = 0 ]; then
    say "n0002 (NORUNTIMESERVICES), n0003 (damaged capsule), unknown MAC: powered on"
    boot n0002 tap2 52:54:00:e2:e0:02
    boot n0003 tap3 52:54:00:e2:e0:03
    boot unknown tap4 52:54:00:e2:e0:99
    wait_for n0002 "E2E-DONE" "$NODE_TIMEOUT" || true
    stop_vm n0002
    wait_for n0003 "Provisioning did not complete" "$NODE_TIMEOUT" || true
    sleep 3
    stop_vm n0003
    # The unknown node: give iPXE time to try DHCP and give up.
    wait_for unknown "E2E-INIT" 60 || true
    stop_vm unknown
    C2=$WORK/log/n0002.console C3=$WORK/log/n0003.console C4=$WORK/log/unknown.console
    say "negative checks:"
    check boot "n0002 reached its capsule's init" has_line "$C2" "E2E-INIT"
    check noruntime "n0002 (NORUNTIMESERVICES) has no /warewulf/config" has_line "$C2" "E2E-WWCONFIG absent"
    check noruntime "n0002 (NORUNTIMESERVICES) has no ww cron jobs" has_line "$C2" "E2E-CRON none"
    check noruntime "n0002 (NORUNTIMESERVICES) has no runtime tools" has_line "$C2" "E2E-RUNTIME absent"
    check badcapsule "n0003 reports the checksum mismatch" has_line "$C3" "Capsule checksum mismatch"
    check badcapsule "n0003 reports that provisioning did not complete" has_line "$C3" "Provisioning did not complete"
    check badcapsule "n0003 did not switch root" lacks_line "$C3" "E2E-INIT"
    check unknown "unknown MAC: its DHCP requests reached dnsmasq and were ignored" \
        grep -aqiE "52:54:00:e2:e0:99.*(ignored|no address)" "$WORK/log/dnsmasq.log"
    check unknown "unknown MAC: no bootstrap loaded" lacks_line "$C4" "Linux version"
    check unknown "unknown MAC: the server saw no request for it" lacks_line "$WORK/log/wwprovisiond.log" "52:54:00:e2:e0:99"
fi

# ---------------------------------------------------------------- 6. boot reports
"$WWSH" node status n0001 n0003 >"$WORK/log/status.log" 2>&1 || true
sed 's/^/    /' "$WORK/log/status.log"
check node-status "wwsh node status: n0001 reached switch-root" grep -aqE "^n0001 +switch-root +started" "$WORK/log/status.log"
if [ "$ONLY_POSITIVE" = 0 ]; then
    check node-status "wwsh node status: n0003 failed in getvnfs on the checksum" \
        grep -aqE "^n0003 +getvnfs +failed .*Capsule checksum mismatch" "$WORK/log/status.log"
fi

# ---------------------------------------------------------------- 7. baseline
say "baseline: the same kernel with a trivial initramfs (direct boot)"
mkdir -p "$WORK/trivial/bin"
cp "$(command -v busybox)" "$WORK/trivial/bin/busybox"
cat >"$WORK/trivial/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox mount -t devtmpfs dev /dev
echo "TRIVIAL-INIT" >/dev/ttyS0
/bin/busybox poweroff -f
EOF
chmod 755 "$WORK/trivial/init"
mkdir -p "$WORK/trivial/dev"
(cd "$WORK/trivial" && find . | cpio -o -H newc --quiet | gzip -1) >"$WORK/trivial.cpio.gz"
: >"$WORK/log/baseline.console"
T0[baseline]=$EPOCHREALTIME
qemu-system-x86_64 -accel tcg -m 2048 -smp 1 -no-reboot -display none -monitor none -nic none \
    -kernel "$WORK/bootstrap/kernel" -initrd "$WORK/trivial.cpio.gz" \
    -append "console=ttyS0,115200n8 quiet panic=1" -serial stdio </dev/null \
    > >(stamp "${T0[baseline]}" >"$WORK/log/baseline.console") &
QPID[baseline]=$!
PIDS+=($!)
if wait_for baseline "TRIVIAL-INIT" 120; then
    BASE_S=$(elapsed baseline)
else
    BASE_S=""
fi
stop_vm baseline

# ---------------------------------------------------------------- summary
echo
say "power-on to capsule init (n0001, $FIRMWARE, PXE): ${BOOT_S:-n/a} s"
say "same kernel, trivial initramfs, direct boot:     ${BASE_S:-n/a} s"
if [ -n "$BOOT_S" ] && [ -n "$BASE_S" ]; then
    say "overhead of firmware PXE + iPXE + ww's first stage: $(echo "$BOOT_S $BASE_S" | awk '{printf "%.1f", $1 - $2}') s"
fi
say "capsule: $(stat -c %s "$WORK/e2e.vnfs") bytes; bootstrap initramfs: $(stat -c %s "$WORK/bootstrap/initfs.gz") bytes"
if [ "$FAILED" != 0 ]; then
    say "RESULT: FAILED (consoles and server log follow)"
    exit 1
fi
if [ "$PENDING_SEEN" = 1 ]; then
    say "RESULT: every implemented check passed; pending: $PENDING"
else
    say "RESULT: all checks passed"
fi
