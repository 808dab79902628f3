# Attack: connect to a TCP listener the service opened on the host's 127.0.0.1
# (port in ASSAY_ESCAPE_PORT).
# Must happen: socket(AF_INET) is denied by seccomp (syscall_denied "socket"); the listener
# accepts nothing.
import os
import socket

from attacklib import say

port = int(os.environ.get("ASSAY_ESCAPE_PORT", "1"))
say("TRYING socket")
with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
    connection.sendall(b"escaped\n")
    say("tcp: ESCAPED connected")
