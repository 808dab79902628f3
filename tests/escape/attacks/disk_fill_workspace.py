# Attack: fill the disk through /workspace.
# Must happen: the workspace tmpfs is full ("BLOCKED: ENOSPC") long before the host's disk is
# touched; the host's free space on / does not drop.
from attacklib import say, errno_name

written = 0
try:
    with open("/workspace/fill", "wb", buffering=0) as out:
        chunk = b"x" * (1 << 20)
        while written < (1 << 30):  # stop at 1 GiB: far past the limit
            written += out.write(chunk)
    say(f"workspace: ESCAPED wrote {written >> 20} MiB")
except OSError as error:
    say(f"workspace: BLOCKED: {errno_name(error.errno)}")
    say(f"written: {written >> 20} MiB")
