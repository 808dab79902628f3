# Attack: lift the run's limits by raising rlimits above their hard limits (CPU, processes,
# open files, file size, address space when set).
# Must happen: every raise is refused ("BLOCKED: EPERM" each); lowering stays allowed.
import ctypes
import resource

from attacklib import check, libc, say


class Rlimit(ctypes.Structure):
    _fields_ = [("soft", ctypes.c_ulong), ("hard", ctypes.c_ulong)]


for name in ["RLIMIT_CPU", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_FSIZE"]:
    number = getattr(resource, name)
    _, hard = resource.getrlimit(number)
    raised = Rlimit(hard + 1, hard + 1)
    check(f"raise {name}", lambda: libc.prlimit(0, number, ctypes.byref(raised), None))
_, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard - 1, hard - 1))
say("lower RLIMIT_NOFILE: allowed")
