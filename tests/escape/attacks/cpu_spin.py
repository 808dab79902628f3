# Attack: CPU spin. Loops forever without a system call.
# Must happen: RLIMIT_CPU ends it (cpu_limit, SIGXCPU) well before the wall-clock timeout.
from attacklib import say

say("spinning")
n = 0
while True:
    n += 1
