# Attack: reach host files through links made in the workspace: symbolic links to /etc/shadow
# and /etc/passwd (which resolve inside the sandbox's own root), hard links to /etc/passwd and
# /usr/bin/python3 (to write through them), and writes through the symlinks.
# Must happen: /etc/shadow is absent ("BLOCKED: ENOENT"); /etc/passwd is the sandbox's own
# (the output shows it, the runner compares it with the host's); hard links cross mounts
# ("BLOCKED: EXDEV"); writes through links hit read-only mounts ("BLOCKED: EROFS").
import os

from attacklib import attempt, say

os.symlink("/etc/shadow", "/workspace/shadow")
os.symlink("/etc/passwd", "/workspace/passwd")
os.symlink("/", "/workspace/root")
attempt("read symlink to /etc/shadow", lambda: open("/workspace/shadow").read())
say("passwd via symlink: " + open("/workspace/passwd").read().replace("\n", "|"))
attempt("read root/etc/shadow", lambda: open("/workspace/root/etc/shadow").read())
attempt("hard link /etc/passwd", lambda: os.link("/etc/passwd", "/workspace/hard-passwd"))
attempt("hard link python3", lambda: os.link("/usr/bin/python3", "/workspace/hard-python3"))
attempt("write via symlink", lambda: open("/workspace/passwd", "a").write("evil::0:0::/:/bin/sh\n"))
attempt("write via root symlink", lambda: open("/workspace/root/usr/escape", "w"))
