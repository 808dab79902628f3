# Attack: make a user namespace with clone(CLONE_NEWUSER) directly (unshare is denied; clone
# is how fork works, so it cannot be denied outright).
# Must happen: the profile's flag rules deny this clone (syscall_denied "clone").
import signal

from attacklib import denied_call

CLONE_NEWUSER = 0x10000000
denied_call("clone", CLONE_NEWUSER | signal.SIGCHLD, 0, 0, 0, 0)
