# Attack: memory bomb. Allocates and touches 1 MiB blocks until something stops it.
# Must happen: with a memory cgroup the run is OOM-killed (memory_limit); without one,
# RLIMIT_AS makes the allocation fail ("BLOCKED: ENOMEM").
from attacklib import say

blocks = []
try:
    for _ in range(4096):  # 4 GiB: far past any limit the runner sets
        blocks.append(bytearray(1 << 20))  # zero-filled, so every page is touched
    say(f"memory: ESCAPED {len(blocks)} MiB")
except MemoryError:
    blocks.clear()
    say("memory: BLOCKED: ENOMEM")
