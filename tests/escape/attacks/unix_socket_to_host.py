# Attack: reach a host service through Unix sockets, which the profile allows: an abstract one
# (name in ASSAY_ESCAPE_ABSTRACT) and a path one (path in ASSAY_ESCAPE_UNIX_PATH) that the
# service listens on, plus the usual daemons' sockets.
# Must happen: the abstract namespace belongs to the run's own network namespace
# ("BLOCKED: ECONNREFUSED") and no host socket path is visible ("BLOCKED: ENOENT").
import os
import socket

from attacklib import attempt


def connect(address):
    def action():
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(address)
            client.sendall(b"escaped\n")
            return "connected"
    return action


attempt("abstract", connect("\0" + os.environ["ASSAY_ESCAPE_ABSTRACT"]))
attempt("path", connect(os.environ["ASSAY_ESCAPE_UNIX_PATH"]))
for path in ["/run/docker.sock", "/var/run/docker.sock", "/run/systemd/private",
             "/run/dbus/system_bus_socket"]:
    attempt(path, connect(path))
