# Attack: make new namespaces (a user namespace gives full capabilities inside it) through
# libc's unshare().
# Must happen: unshare is denied by seccomp (syscall_denied "unshare").
import ctypes

from attacklib import libc, say

CLONE_NEWUSER = 0x10000000
say("TRYING unshare")
result = libc.unshare(CLONE_NEWUSER)
say(f"unshare: {'ESCAPED' if result == 0 else 'NOT DENIED'} returned {result} "
    f"errno {ctypes.get_errno()}")
