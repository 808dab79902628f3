# Attack: spread a memory bomb over several processes, each below a per-process limit: 8
# children hold 40 MiB each (320 MiB in all, five times the runner's 64 MiB).
# Must happen: the run's memory limit covers all its processes together: with a memory cgroup
# the run is OOM-killed (memory_limit); without one, the children's allocations must fail
# ("memory: BLOCKED: ..."). Holding more than the limit is an escape.
import os
import time

from attacklib import say

CHILDREN, EACH_MIB, LIMIT_MIB = 8, 40, 64
pipes = []
for _ in range(CHILDREN):
    read_end, write_end = os.pipe()
    if os.fork() == 0:
        os.close(read_end)
        try:
            block = bytearray(EACH_MIB << 20)  # zero-filled: every page touched
            os.write(write_end, b"1")
        except MemoryError:
            os.write(write_end, b"0")
        time.sleep(30)
        os._exit(0)
    os.close(write_end)
    pipes.append(read_end)
held = sum(os.read(r, 1) == b"1" for r in pipes) * EACH_MIB
if held > LIMIT_MIB:
    say(f"memory: ESCAPED {held} MiB held by {CHILDREN} processes")
else:
    say(f"memory: BLOCKED: only {held} MiB held")
