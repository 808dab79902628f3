# Attack: the classic chroot escape (chroot into a subdirectory, then chdir("..") past the
# root).
# Must happen: chroot is denied by seccomp (syscall_denied "chroot").
import os

from attacklib import say

os.mkdir("/workspace/jail")
say("TRYING chroot")
try:
    os.chroot("/workspace/jail")
    say("chroot: ESCAPED")
except OSError as error:
    say(f"chroot: NOT DENIED: {error}")
