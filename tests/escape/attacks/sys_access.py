# Attack: reach the host through /sys: its cgroups (to lift the run's limits), its block
# devices, its kernel parameters.
# Must happen: /sys is not mounted in the sandbox ("BLOCKED: ENOENT" each).
import os

from attacklib import attempt

attempt("/sys", lambda: os.listdir("/sys"))
attempt("/sys/fs/cgroup", lambda: os.listdir("/sys/fs/cgroup"))
attempt("/sys/kernel", lambda: open("/sys/kernel/uevent_helper", "w"))
