# Attack: call socket(AF_INET, SOCK_STREAM) through syscall(2), past any libc wrapper.
# Must happen: seccomp sees the system call itself (syscall_denied "socket").
from attacklib import denied_call

denied_call("socket", 2, 1, 0)  # AF_INET, SOCK_STREAM
