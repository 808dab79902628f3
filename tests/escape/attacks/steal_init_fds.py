# Attack: take the run's init's file descriptors (its report pipe to the service: write a
# forged "command ended" report) through /proc/1/fd, then through pidfd_getfd.
# Must happen: init is not dumpable ("BLOCKED: EACCES"); pidfd_getfd is denied by seccomp
# (syscall_denied "pidfd_getfd").
import os

from attacklib import attempt, denied_call, say

attempt("list /proc/1/fd", lambda: os.listdir("/proc/1/fd"))
attempt("open /proc/1/fd/3", lambda: os.open("/proc/1/fd/3", os.O_WRONLY))
pidfd = os.pidfd_open(1)
say(f"pidfd: {pidfd}")
denied_call("pidfd_getfd", pidfd, 3, 0)
