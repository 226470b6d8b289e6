#!/bin/bash
# See ww provision a node, on a fresh Debian 12 machine, as root, from a clone:
#
#     sudo ./e2e/demo.sh
#
# Installs what it needs (Java 17, qemu, dnsmasq, iPXE, debootstrap, ...), builds the tools,
# then runs the end-to-end harness for one virtual node with its console on the screen:
# a Debian root (wwmkchroot, wwmngchroot), its capsule (wwvnfs) and bootstrap (wwbootstrap)
# in the embedded datastore (wwsh), DHCP/TFTP configuration (wwsh dhcp update, wwsh pxe
# update) served by dnsmasq, the provisioning server (wwprovisiond), and a virtual machine
# that boots from the network into the capsule. Everything runs inside a private network
# namespace and is removed at the end; the built root is cached in
# /var/tmp/ww-test-cache/e2e, so a second run starts in seconds instead of minutes.
#
# Options are passed to e2e/pxe-boot.sh (e.g. --firmware uefi, --keep).

set -euo pipefail

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname -- "$HERE")
step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\ndemo: ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "run as root (sudo ./e2e/demo.sh): it creates a network namespace, tap devices and a chroot"
command -v apt-get >/dev/null || fail "this demo needs a Debian (12) machine with apt-get"

step "1/3 Installing the packages ww and the demo need (apt-get; skipped when present)"
if ! command -v javac >/dev/null || ! javac -version 2>&1 | grep -qE 'javac (1[7-9]|2[0-9])'; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q || fail "apt-get update failed: is a Debian mirror reachable?"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openjdk-17-jdk-headless \
        || fail "could not install Java 17 (openjdk-17-jdk-headless)"
fi
bash "$REPO/.ci/install-packages" || fail "installing the packages listed in .ci/apt-packages failed"

step "2/3 Building the ww tools (./mvnw package; the first build downloads Maven and the libraries)"
(cd "$REPO" && ./mvnw -B -q package -DskipTests) || fail "the build failed (see the Maven output above)"

step "3/3 Building a node image and booting a virtual node from it"
cat <<'EOF'
    The first run builds a Debian 12 root with a kernel and a JRE (about 10 minutes, cached
    afterwards), packs it into a capsule and a bootstrap, records a node, writes the DHCP/TFTP
    configuration, starts dnsmasq and wwprovisiond in a private network, and powers on a
    virtual machine (emulated, no KVM: boots take a few minutes). Its console follows.
EOF
"$HERE/pxe-boot.sh" --demo "$@" || fail "the node did not come up as expected (its console and the server's log are above)"

cat <<'EOF'

The virtual node booted from the network into its capsule. What happened, and what to type
for real nodes (as root on the master, the node network on eth1 as 10.0.0.1/24):

    wwmkchroot debian-12 /srv/chroots/debian-12
    wwmngchroot -y -c /srv/chroots/debian-12 -i linux-image-amd64 openjdk-17-jre-headless
    wwvnfs --chroot /srv/chroots/debian-12 -o /srv/debian-12.vnfs
    wwsh vnfs import /srv/debian-12.vnfs -n debian-12
    wwbootstrap --chroot /srv/chroots/debian-12 -o /srv/bootstrap KVER
    wwsh bootstrap import /srv/bootstrap/initfs.gz --kernel /srv/bootstrap/kernel -n KVER
    wwsh node new n0001 --hwaddr MAC --ipaddr 10.0.0.11 --netmask 255.255.255.0
    wwsh provision set -y n0001 --vnfs debian-12 --bootstrap KVER
    wwsh dhcp update --server 10.0.0.1 --subnet 10.0.0.0/24
    wwsh pxe update --server 10.0.0.1
    dnsmasq -C /etc/warewulf/dhcp/dnsmasq.conf --interface=eth1 --bind-interfaces
    wwprovisiond --listen 10.0.0.1:80

then power the nodes on with network boot first. docs/e2e.md explains each step.
EOF
