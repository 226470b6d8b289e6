"""Runs a command and samples, every 2 ms, the used space of a filesystem and the command's
peak resident memory (VmHWM). Prints: exit status, seconds, start/peak/end used bytes, peak RSS
bytes. Usage: python3 sample.py MOUNTPOINT COMMAND...  (the command must be the process itself,
not a shell that forks it)."""
import os
import subprocess
import sys
import time

mount, cmd = sys.argv[1], sys.argv[2:]


def used():
    st = os.statvfs(mount)
    return (st.f_blocks - st.f_bfree) * st.f_frsize


start = used()
peak = start
hwm = 0
t0 = time.monotonic()
p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
while p.poll() is None:
    peak = max(peak, used())
    try:
        with open(f"/proc/{p.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    hwm = max(hwm, int(line.split()[1]) * 1024)
    except OSError:
        pass
    time.sleep(0.002)
secs = time.monotonic() - t0
end = used()
print(p.returncode, f"{secs:.1f}", start, max(peak, end), end, hwm)
