# Attack: turn off address space randomisation (ADDR_NO_RANDOMIZE) to make exploits
# reliable.
# Must happen: personality is denied by seccomp (syscall_denied "personality").
from attacklib import denied_call

ADDR_NO_RANDOMIZE = 0x0040000
denied_call("personality", ADDR_NO_RANDOMIZE)
