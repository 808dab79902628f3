# Attack: write into /dev: make new entries (a fake /dev/shm, a file), open the host's
# console, terminals, kernel log and pty master, and push input with TIOCSTI on the standard
# streams.
# Must happen: /dev is read-only ("BLOCKED: EROFS"), the host's terminals are not there
# ("BLOCKED: ENOENT"), the standard streams are no terminal ("BLOCKED: ENOTTY").
import fcntl
import os
import termios

from attacklib import attempt

attempt("mkdir /dev/shm", lambda: os.mkdir("/dev/shm"))
attempt("create /dev/evil", lambda: open("/dev/evil", "w"))
for device in ["/dev/console", "/dev/tty", "/dev/kmsg", "/dev/ptmx"]:
    attempt(f"open {device}", lambda: os.open(device, os.O_WRONLY | os.O_NOCTTY))
attempt("TIOCSTI stdin", lambda: fcntl.ioctl(0, termios.TIOCSTI, b"x"))
attempt("TIOCSTI stdout", lambda: fcntl.ioctl(1, termios.TIOCSTI, b"x"))
