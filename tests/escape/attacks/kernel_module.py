# Attack: load a kernel module from a file (finit_module).
# Must happen: finit_module is denied by seccomp (syscall_denied "finit_module").
import os

from attacklib import denied_call

fd = os.open("/workspace/kernel_module.py", os.O_RDONLY)
denied_call("finit_module", fd, 0, 0)
