# Attack: copy the interpreter into an anonymous memfd, execute it from there (no file on any
# mount) and open a network socket from the new program, hoping exec from memory sheds the
# filter.
# Must happen: the seccomp filter survives exec, so the new program's socket is denied
# (syscall_denied "socket").
import os

from attacklib import say

fd = os.memfd_create("payload", 0)
with open("/usr/bin/python3", "rb") as source:
    os.write(fd, source.read())
say("TRYING exec from memfd")
os.execv(f"/proc/self/fd/{fd}", ["payload", "-c",
         "import socket; print('TRYING socket', flush=True); socket.socket(); "
         "print('memfd: ESCAPED socket', flush=True)"])
