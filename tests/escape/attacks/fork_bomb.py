# Attack: fork bomb. Forks children that fork again, as fast as possible.
# Must happen: the run's process limit (cgroup pids.max, RLIMIT_NPROC) refuses a fork
# ("BLOCKED: EAGAIN"); the host's process count is unchanged after the run and no process of
# the run survives it.
import os
import time

from attacklib import say, errno_name

children = 0
try:
    for _ in range(10000):
        pid = os.fork()
        if pid == 0:
            # Each child tries to fork once more, then sleeps, keeping its slot.
            try:
                os.fork()
            except OSError:
                pass
            time.sleep(30)
            os._exit(0)
        children += 1
    say(f"fork: ESCAPED {children} children")
except OSError as error:
    say(f"fork: BLOCKED: {errno_name(error.errno)}")
    say(f"children: {children}")
