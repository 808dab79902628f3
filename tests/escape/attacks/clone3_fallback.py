# Attack: clone3 passes its flags in memory, out of seccomp's sight: ask it for a new user
# namespace.
# Must happen: clone3 fails with ENOSYS ("BLOCKED: ENOSYS"), so libcs fall back to clone, whose
# flags the profile checks; and ordinary fork still works ("fork: works").
import ctypes
import os

from attacklib import attempt, raw_syscall, say

CLONE_NEWUSER = 0x10000000
args = (ctypes.c_uint64 * 11)(CLONE_NEWUSER)  # struct clone_args, flags only
attempt("clone3", lambda: raw_syscall("clone3", ctypes.addressof(args), ctypes.sizeof(args)))
child = os.fork()
if child == 0:
    os._exit(7)
say(f"fork: works" if os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) == 7 else "fork: broken")
