# Attack: walk into other processes' roots through /proc/<pid>/root and /proc/<pid>/cwd: pid 1
# (the run's init, a copy of the service) and the service's pid (ASSAY_ESCAPE_SERVICE_PID);
# and through the run's own /proc/self/root.
# Must happen: init's links are closed to the run ("BLOCKED: EACCES"); the service's pid does
# not exist ("BLOCKED: ENOENT"); the run's own root has no /etc/shadow ("BLOCKED: ENOENT").
import os

from attacklib import attempt

service = os.environ["ASSAY_ESCAPE_SERVICE_PID"]
attempt("/proc/1/root", lambda: os.listdir("/proc/1/root/"))
attempt("/proc/1/cwd", lambda: os.listdir("/proc/1/cwd/"))
attempt("service root", lambda: os.listdir(f"/proc/{service}/root/"))
attempt("/proc/self/root/etc/shadow", lambda: open("/proc/self/root/etc/shadow").read())
