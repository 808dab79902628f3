# Attack: read the environment and memory of the parent (the service) and of other host
# processes through /proc: /proc/<ppid>/environ, /proc/<service pid>/environ (pid in
# ASSAY_ESCAPE_SERVICE_PID), and list /proc for other processes.
# Must happen: the run is pid 1 of its own pid namespace, so its parent is pid 0 and /proc
# shows only the run's pids ("pids: [1]"); the service's pid does not exist here
# ("BLOCKED: ENOENT").
import os

from attacklib import attempt, say

ppid = os.getppid()
say(f"pid: {os.getpid()} ppid: {ppid}")
attempt("parent environ", lambda: open(f"/proc/{ppid}/environ", "rb").read())
service = os.environ["ASSAY_ESCAPE_SERVICE_PID"]
attempt("service environ", lambda: open(f"/proc/{service}/environ", "rb").read())
attempt("service mem", lambda: open(f"/proc/{service}/mem", "rb").read(1))
say(f"pids: {sorted(int(p) for p in os.listdir('/proc') if p.isdigit())}")
