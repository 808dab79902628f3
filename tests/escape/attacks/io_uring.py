# Attack: set up an io_uring, whose operations (openat, connect, ...) bypass seccomp.
# Must happen: io_uring_setup is denied by seccomp (syscall_denied "io_uring_setup").
import ctypes

from attacklib import denied_call

params = (ctypes.c_uint8 * 120)()  # struct io_uring_params, zeroed
denied_call("io_uring_setup", 8, ctypes.addressof(params))
