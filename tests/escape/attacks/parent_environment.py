# Attack: read the parent's environment and memory. The parent is the run's init (pid 1), a
# copy of the service made by clone() that never exec'd, so its environ and mem are the
# service's; also try the service's own pid (ASSAY_ESCAPE_SERVICE_PID) and list /proc.
# Must happen: init is not dumpable ("BLOCKED: EACCES" for its environ, mem and maps); the
# service's pid does not exist here ("BLOCKED: ENOENT"); /proc shows only the run's pids.
import os

from attacklib import attempt, say

ppid = os.getppid()
say(f"pid: {os.getpid()} ppid: {ppid}")
attempt("parent environ", lambda: open(f"/proc/{ppid}/environ", "rb").read())
attempt("parent mem", lambda: open(f"/proc/{ppid}/mem", "rb").read(1))
attempt("parent maps", lambda: open(f"/proc/{ppid}/maps", "rb").read())
service = os.environ["ASSAY_ESCAPE_SERVICE_PID"]
attempt("service environ", lambda: open(f"/proc/{service}/environ", "rb").read())
# /proc/<pid>/cmdline is readable by anyone: shown for the report, not an escape by itself.
say("parent cmdline (readable): " + open(f"/proc/{ppid}/cmdline", "rb").read()[:200].decode(
    errors="replace").replace("\0", " "))
say(f"pids: {sorted(int(p) for p in os.listdir('/proc') if p.isdigit())}")
