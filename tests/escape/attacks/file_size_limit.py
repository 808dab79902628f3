# Attack: write one file larger than RLIMIT_FSIZE, with SIGXFSZ at its default action (Python
# ignores it at start-up; an attacker's C program would not).
# Must happen: the kernel sends SIGXFSZ at the limit and the run ends as file_size_limit.
import signal

from attacklib import say

signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
with open("/workspace/big", "wb", buffering=0) as out:
    chunk = b"x" * (1 << 20)
    for _ in range(64):
        out.write(chunk)
say("file size: ESCAPED wrote 64 MiB")
