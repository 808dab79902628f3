# Attack: open a raw IP socket (to forge packets or sniff).
# Must happen: socket(AF_INET, SOCK_RAW) is denied by seccomp (syscall_denied "socket").
import socket

from attacklib import say

say("TRYING socket")
raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
say(f"raw: ESCAPED fd {raw.fileno()}")
