# Attack: change the kernel through /proc: core_pattern (runs a program as root on a crash),
# the host name, drop_caches, sysrq-trigger; lower the run's own OOM score to make the OOM
# killer pick host processes instead.
# Must happen: every write is refused ("BLOCKED: EACCES"; sysrq-trigger may also be absent,
# ENOENT, on kernels without it); the OOM score may only go up.
import os

from attacklib import attempt


def write(path, text):
    def action():
        fd = os.open(path, os.O_WRONLY)
        try:
            return os.write(fd, text.encode())
        finally:
            os.close(fd)
    return action


attempt("core_pattern", write("/proc/sys/kernel/core_pattern", "|/workspace/evil"))
attempt("hostname", write("/proc/sys/kernel/hostname", "escaped"))
attempt("drop_caches", write("/proc/sys/vm/drop_caches", "3"))
attempt("sysrq-trigger", write("/proc/sysrq-trigger", "h"))
attempt("oom_score_adj", write("/proc/self/oom_score_adj", "-1000"))
