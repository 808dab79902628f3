# Attack: call unshare(CLONE_NEWUSER | CLONE_NEWNET) through syscall(2), past any libc wrapper.
# Must happen: seccomp sees the system call itself (syscall_denied "unshare").
from attacklib import denied_call

denied_call("unshare", 0x10000000 | 0x40000000)
