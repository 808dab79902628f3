# Shared helpers for the escape corpus; copied into /workspace next to every attack.
#
# Each attack prints one line per attempt: "<label>: BLOCKED: <errno name>" when the kernel
# refused it, "<label>: ESCAPED ..." when it went through. The C++ runner asserts the exact
# BLOCKED markers and fails on any ESCAPED line. Before a call that the seccomp profile must
# deny, an attack prints "TRYING <syscall>" so the output shows how far it got.
import ctypes
import errno
import os
import sys

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long

# x86_64 system call numbers used by the attacks.
SYS = {
    "socket": 41, "clone": 56, "ptrace": 101, "personality": 135, "chroot": 161,
    "mount": 165, "init_module": 175, "keyctl": 250, "unshare": 272,
    "perf_event_open": 298, "name_to_handle_at": 303, "open_by_handle_at": 304,
    "finit_module": 313, "bpf": 321, "userfaultfd": 323, "io_uring_setup": 425,
    "pidfd_getfd": 438, "clone3": 435,
}


def say(text):
    print(text, flush=True)


def errno_name(number):
    return errno.errorcode.get(number, str(number))


def attempt(label, action):
    """Runs action(); reports BLOCKED with the errno name on OSError, else ESCAPED."""
    try:
        result = action()
    except OSError as error:
        say(f"{label}: BLOCKED: {errno_name(error.errno)}")
        return None
    say(f"{label}: ESCAPED {result!r}"[:300])
    return result


def raw_syscall(name, *args):
    """Calls the system call directly (no libc wrapper); raises OSError on failure."""
    if os.uname().machine != "x86_64":
        say(f"SKIPPED: {name}: system call numbers are for x86_64")
        sys.exit(3)
    ctypes.set_errno(0)
    result = libc.syscall(ctypes.c_long(SYS[name]), *[ctypes.c_long(a) for a in args])
    if result == -1:
        number = ctypes.get_errno()
        raise OSError(number, os.strerror(number))
    return result


def denied_call(name, *args):
    """For a call the profile must deny: announce it, make it; reaching the end is an escape."""
    say(f"TRYING {name}")
    try:
        result = raw_syscall(name, *args)
        say(f"{name}: ESCAPED returned {result}")
    except OSError as error:
        say(f"{name}: NOT DENIED: the call ran and failed with {errno_name(error.errno)}")


def check(label, call):
    """libc wrapper call returning -1/errno; raises OSError like the os module does."""
    def action():
        ctypes.set_errno(0)
        result = call()
        if result == -1:
            number = ctypes.get_errno()
            raise OSError(number, os.strerror(number))
        return result
    return attempt(label, action)
