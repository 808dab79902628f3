# Attack: read the host's secrets: /etc/shadow, the home directories of root and the users,
# the host's SSH host keys.
# Must happen: none of them exists inside the sandbox ("BLOCKED: ENOENT" each).
import os

from attacklib import attempt


def read(path):
    return lambda: open(path, "rb").read(64)


attempt("/etc/shadow", read("/etc/shadow"))
attempt("/etc/ssh", lambda: os.listdir("/etc/ssh"))
attempt("/root", lambda: os.listdir("/root"))
attempt("/home", lambda: os.listdir("/home"))
