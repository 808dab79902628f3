# Attack: create device nodes (/dev/mem, the host's disk) in the writable workspace and /tmp,
# and open the host's disk and memory devices directly.
# Must happen: mknod needs CAP_MKNOD in the host's user namespace ("BLOCKED: EPERM"); the
# devices do not exist in the sandbox ("BLOCKED: ENOENT").
import os
import stat

from attacklib import attempt

attempt("mknod /workspace/mem", lambda: os.mknod("/workspace/mem", stat.S_IFCHR | 0o600,
                                                 os.makedev(1, 1)))
attempt("mknod /tmp/vda", lambda: os.mknod("/tmp/vda", stat.S_IFBLK | 0o600,
                                           os.makedev(253, 0)))
attempt("open /dev/mem", lambda: open("/dev/mem", "rb"))
attempt("open /dev/vda", lambda: open("/dev/vda", "rb"))
attempt("open /dev/sda", lambda: open("/dev/sda", "rb"))
