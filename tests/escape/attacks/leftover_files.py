# Attack: leave files for the next run (or the host) in /tmp, /workspace and /dev/shm. Run once
# with ASSAY_ESCAPE_PHASE=write, then again with ASSAY_ESCAPE_PHASE=read; names contain
# ASSAY_ESCAPE_MARKER.
# Must happen: the write run writes /tmp and /workspace (each run's own tmpfs) and cannot
# create /dev/shm ("BLOCKED: ENOENT"); the read run finds none of them ("ABSENT" each);
# nothing appears on the host.
import os

from attacklib import errno_name, say

marker = os.environ["ASSAY_ESCAPE_MARKER"]
paths = [f"/tmp/{marker}", f"/workspace/{marker}", f"/dev/shm/{marker}"]
for path in paths:
    if os.environ["ASSAY_ESCAPE_PHASE"] == "write":
        try:
            with open(path, "w") as out:
                out.write("left over\n")
            say(f"wrote {path}")
        except OSError as error:
            say(f"write {path}: BLOCKED: {errno_name(error.errno)}")
    else:
        say(f"FOUND {path}" if os.path.exists(path) else f"ABSENT {path}")
