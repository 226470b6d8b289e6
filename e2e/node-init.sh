#!/bin/sh
# /sbin/init of the end-to-end test's node image. It runs after the bootstrap switched root
# into the capsule and reports on the serial console, one "E2E-<WHAT> <value>" line each,
# what the node received from ww; the harness (pxe-boot.sh) judges the lines. Then it
# powers the node off.
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
# The bootstrap moves /proc, /sys and /dev into the new root; mount them when it did not.
[ -e /proc/uptime ] || mount -t proc proc /proc
[ -d /sys/class ] || mount -t sysfs sysfs /sys
[ -e /dev/ttyS0 ] || mount -t devtmpfs devtmpfs /dev
mkdir -p /run /tmp
exec </dev/null >/dev/ttyS0 2>&1

echo "E2E-INIT uptime $(cut -d' ' -f1 /proc/uptime)s"
echo "E2E-MOTD $(head -n 1 /etc/motd 2>/dev/null || echo MISSING)"
echo "E2E-POST $(cat /etc/ww-e2e-post 2>/dev/null || echo MISSING)"
if [ -f /warewulf/config ]; then echo "E2E-WWCONFIG present"; else echo "E2E-WWCONFIG absent"; fi
if [ -x /warewulf/bin/wwgetfiles ]; then echo "E2E-RUNTIME present"; else echo "E2E-RUNTIME absent"; fi
jobs=$(ls /etc/cron.d 2>/dev/null | grep -i '^ww' | tr '\n' ' ')
echo "E2E-CRON ${jobs:-none}"
echo "E2E-JAVA $(java -version 2>&1 | head -n 1)"
if [ -x /warewulf/bin/wwgetfiles ]; then
    /warewulf/bin/wwgetfiles --delay 0
    echo "E2E-WWGETFILES $?"
    echo "E2E-LATER-BEFORE $(cat /etc/ww-e2e-later 2>/dev/null || echo MISSING)"
    # The harness changes the file in the store when it sees this line.
    echo "E2E-WAITING-FOR-CHANGE"
    i=0
    while [ "$i" -lt 60 ]; do
        /warewulf/bin/wwgetfiles --delay 0 >/tmp/wwgetfiles.log 2>&1 || cat /tmp/wwgetfiles.log
        grep -q 'version 2' /etc/ww-e2e-later 2>/dev/null && break
        sleep 2
        i=$((i + 1))
    done
    echo "E2E-LATER $(cat /etc/ww-e2e-later 2>/dev/null || echo MISSING)"
fi
echo "E2E-DONE"
sync
echo o >/proc/sysrq-trigger
sleep 60
