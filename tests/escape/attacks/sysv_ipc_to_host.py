# Attack: attach to the host's System V shared memory and message queues by key (the key of a
# segment and a queue the service made is in ASSAY_ESCAPE_IPC_KEY).
# Must happen: the run has its own IPC namespace: the keys do not exist there
# ("BLOCKED: ENOENT" each).
import os

from attacklib import check, libc

key = int(os.environ["ASSAY_ESCAPE_IPC_KEY"])
check("shmget", lambda: libc.shmget(key, 0, 0))
check("msgget", lambda: libc.msgget(key, 0))
