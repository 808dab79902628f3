# Attack: hold memory outside the address space: fill anonymous memfds (kernel shmem, which
# RLIMIT_AS does not count), a new one whenever RLIMIT_FSIZE stops the last; stop at 512 MiB,
# eight times the runner's 64 MiB.
# Must happen: with a memory cgroup the shmem pages are charged to the run, which is
# OOM-killed (memory_limit); without one, something must stop the writes below the limit
# ("memfd: BLOCKED: ..."). Holding more than the limit is an escape.
import errno
import os

from attacklib import errno_name, say

LIMIT, CAP = 64 << 20, 512 << 20
chunk = b"x" * (1 << 20)
total, fds = 0, []
try:
    while total < CAP:
        fds.append(os.memfd_create("bomb", 0))
        try:
            while total < CAP:
                total += os.write(fds[-1], chunk)
        except OSError as error:
            if error.errno != errno.EFBIG:  # the file-size limit: go on with a new memfd
                raise
    blocked = None
except OSError as error:
    blocked = errno_name(error.errno)
if total > LIMIT:
    say(f"memfd: ESCAPED {total >> 20} MiB in {len(fds)} memfds")
else:
    say(f"memfd: BLOCKED: {blocked} after {total >> 20} MiB")
