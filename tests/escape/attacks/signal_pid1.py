# Attack: SIGKILL and SIGTERM pid 1 (the host's init, if pid numbers were shared; the run's
# own init, which reports the run's end to the service, otherwise).
# Must happen: pid 1 is the run's init, which ignores signals from inside its pid namespace
# that it has no handler for: it survives ("pid 1: survived", a normal exit) and nothing on the
# host is signalled.
import os
import signal
import time

from attacklib import say

say(f"pid: {os.getpid()}")
os.kill(1, signal.SIGKILL)
os.kill(1, signal.SIGTERM)
os.kill(1, signal.SIGSTOP)
time.sleep(0.1)
say("pid 1: survived")
