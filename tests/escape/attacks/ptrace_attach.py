# Attack: ptrace another process (the parent, pid 1, the service's pid) to take it over.
# Must happen: ptrace is denied by seccomp (syscall_denied "ptrace") at the first attempt.
import os

from attacklib import denied_call

PTRACE_ATTACH = 16
target = int(os.environ.get("ASSAY_ESCAPE_SERVICE_PID", os.getppid()))
denied_call("ptrace", PTRACE_ATTACH, target, 0, 0)
