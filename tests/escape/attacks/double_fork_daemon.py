# Attack: leave a daemon behind: fork, setsid, fork again, close the inherited pipes and exec
# `sleep <marker>` (marker in ASSAY_ESCAPE_MARKER), then let the run end normally.
# Must happen: the run exits 0 after seeing its daemon running; when the run ends the pid
# namespace dies with it, so no process on the host has the marker in its command line.
import os
import time

from attacklib import say

marker = os.environ["ASSAY_ESCAPE_MARKER"]
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        null = os.open("/dev/null", os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.execv("/bin/sleep", ["sleep", marker])
    os._exit(0)
os.wait()
for _ in range(200):  # wait until the daemon has exec'd
    for pid in (p for p in os.listdir("/proc") if p.isdigit()):
        try:
            if marker.encode() in open(f"/proc/{pid}/cmdline", "rb").read():
                say(f"daemon: running as pid {pid}")
                raise SystemExit(0)
        except FileNotFoundError:
            pass
    time.sleep(0.01)
say("daemon: never started")
