# Attack: sleep past the wall-clock timeout (no CPU used, so RLIMIT_CPU never fires).
# Must happen: the parent kills the run at the timeout (timeout); wall_ms stays close to it.
import time

from attacklib import say

say("sleeping")
time.sleep(60)
say("sleep: ESCAPED woke up after 60 s")
