# Attack: resolve a host name through DNS (to exfiltrate data in the query or reach a server).
# Must happen: the resolver's UDP socket is denied by seccomp (syscall_denied "socket").
import socket

from attacklib import say

say("TRYING getaddrinfo")
try:
    addresses = socket.getaddrinfo("example.com", 80)
    say(f"dns: ESCAPED {addresses[:1]}")
except socket.gaierror as error:
    say(f"dns: NOT DENIED: resolver failed without a socket: {error}")
