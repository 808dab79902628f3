# Attack: change the host name and the domain name.
# Must happen: the run has its own UTS namespace and no capability in it
# ("BLOCKED: EPERM" each); the host's name is unchanged.
import socket

from attacklib import check, libc, say

say(f"hostname: {socket.gethostname()}")
check("sethostname", lambda: libc.sethostname(b"escaped", 7))
check("setdomainname", lambda: libc.setdomainname(b"escaped", 7))
