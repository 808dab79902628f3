# Attack: "shocker": open the root inode of the host's disk by a forged file handle through the
# /usr mount, around the sandbox's directory tree.
# Must happen: open_by_handle_at is denied by seccomp (syscall_denied "open_by_handle_at").
import ctypes
import os

from attacklib import denied_call

# struct file_handle {handle_bytes = 8, handle_type = 1 (FILEID_INO32_GEN), {inode 2, gen 0}}
handle = (ctypes.c_uint32 * 4)(8, 1, 2, 0)
mount_fd = os.open("/usr", os.O_RDONLY | os.O_DIRECTORY)
denied_call("open_by_handle_at", mount_fd, ctypes.addressof(handle), os.O_RDONLY)
