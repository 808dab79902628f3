# Attack: mount a file system (a tmpfs over /usr, or the host's disk) through libc's mount().
# Must happen: mount is denied by seccomp (syscall_denied "mount").
import ctypes

from attacklib import libc, say

say("TRYING mount")
result = libc.mount(b"none", b"/usr", b"tmpfs", ctypes.c_ulong(0), None)
say(f"mount: {'ESCAPED' if result == 0 else 'NOT DENIED'} returned {result} "
    f"errno {ctypes.get_errno()}")
