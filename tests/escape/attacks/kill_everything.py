# Attack: kill everything: kill(-1, SIGKILL), the service's pid and a sentinel process of the
# service (pids in ASSAY_ESCAPE_SERVICE_PID and ASSAY_ESCAPE_SENTINEL_PID) and their process
# groups.
# Must happen: host pids do not exist in the run's pid namespace ("BLOCKED: ESRCH"); kill(-1)
# reaches only the run's own processes (a child of the run dies, "own child: killed"); the
# service and its sentinel are alive after the run.
import os
import signal
import time

from attacklib import attempt, say

child = os.fork()
if child == 0:
    time.sleep(30)
    os._exit(0)
for variable in ["ASSAY_ESCAPE_SERVICE_PID", "ASSAY_ESCAPE_SENTINEL_PID"]:
    pid = int(os.environ[variable])
    attempt(f"kill {variable}", lambda: os.kill(pid, signal.SIGKILL))
    attempt(f"killpg {variable}", lambda: os.killpg(pid, signal.SIGKILL))
say("kill -1: sending")
os.kill(-1, signal.SIGKILL)  # every process of the namespace but init and this one
_, status = os.waitpid(child, 0)
say("own child: killed" if os.WIFSIGNALED(status) else "own child: survived")
