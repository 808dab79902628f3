# Attack: exhaust kernel memory with empty files. The workspace tmpfs caps bytes, not inodes,
# and an empty file costs no bytes but about 1 KiB of kernel memory (inode and dentry), which
# RLIMIT_AS does not count. 200,000 files: about 200 MiB, three times the runner's 64 MiB.
# Must happen: with a memory cgroup the kernel memory is charged to the run, which is
# OOM-killed (memory_limit); without one, the file system must refuse new files first
# ("inodes: BLOCKED: ..."). Creating them all is an escape.
import os

from attacklib import errno_name, say


def slab_mib():  # the host's, for the report: /proc/meminfo is not namespaced
    for line in open("/proc/meminfo"):
        if line.startswith("Slab:"):
            return int(line.split()[1]) >> 10
    return 0


FILES = 200_000
before, created = slab_mib(), 0
try:
    while created < FILES:
        os.close(os.open(f"/workspace/f{created}", os.O_CREAT | os.O_WRONLY, 0o644))
        created += 1
    say(f"inodes: ESCAPED {created} empty files, host slab +{slab_mib() - before} MiB")
except OSError as error:
    say(f"inodes: BLOCKED: {errno_name(error.errno)} after {created} files")
