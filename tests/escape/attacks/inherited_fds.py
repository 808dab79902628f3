# Attack: use file descriptors leaked from the service (it opens a file and a pipe without
# O_CLOEXEC before the run).
# Must happen: only 0, 1 and 2 are open ("fds: [0, 1, 2]"; the listing's own fd, closed once
# the listing is done, is left out).
import fcntl
import os

from attacklib import say


def still_open(fd):
    try:
        fcntl.fcntl(fd, fcntl.F_GETFD)
        return True
    except OSError:
        return False


fds = sorted(fd for fd in map(int, os.listdir("/proc/self/fd")) if still_open(fd))
say(f"fds: {fds}")
for fd in fds[3:]:
    say(f"fd {fd}: ESCAPED {os.readlink(f'/proc/self/fd/{fd}')}")
