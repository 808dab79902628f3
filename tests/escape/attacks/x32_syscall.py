# Attack: call socket(AF_INET) through the x32 ABI (number | 0x40000000), which a filter
# written for x86_64 numbers alone may let through.
# Must happen: the profile allows only native calls, so the run ends as a denied system call
# (syscall_denied, named after socket), not as an unexplained crash or a socket.
import ctypes
import os

from attacklib import libc, say

if os.uname().machine != "x86_64":
    say("SKIPPED: x32 is an x86_64 ABI")
    raise SystemExit(3)
say("TRYING x32 socket")
result = libc.syscall(ctypes.c_long(0x40000000 | 41), 2, 1, 0)  # AF_INET, SOCK_STREAM
say(f"x32 socket: {'ESCAPED' if result >= 0 else 'NOT DENIED'} returned {result} "
    f"errno {ctypes.get_errno()}")
