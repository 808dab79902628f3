# Attack: become root through the host's setuid-root programs (setpriv, su, passwd, chfn, ...),
# which are bound read-only from /usr/bin.
# Must happen: /usr is mounted nosuid and no_new_privs is set, so every program runs as the
# sandbox user (uid 1000): `setpriv --dump` (setuid on some hosts) reports euid 1000,
# `setpriv --reuid=0` and `su` fail, and no child reports uid 0
# ("setuid: BLOCKED: no setuid binary gave uid 0"). (newgrp and gpasswd are left out: they
# open an audit netlink socket first, which the profile denies, ending the run.)
import os
import stat
import subprocess

from attacklib import say

say("nosuid: " + ("yes" if os.statvfs("/usr/bin").f_flag & os.ST_NOSUID else "no"))
setuid = sorted(p for p in os.listdir("/usr/bin")
                if os.stat(f"/usr/bin/{p}").st_mode & stat.S_ISUID)
say(f"setuid programs: {' '.join(setuid)}")
attempts = [
    ["/usr/bin/setpriv", "--dump"],
    ["/usr/bin/setpriv", "--reuid=0", "--regid=0", "--clear-groups", "/usr/bin/id", "-u"],
    ["/usr/bin/su", "root", "-c", "/usr/bin/id -u"],
    ["/usr/bin/passwd", "--status"],  # reads the shadow file: root only
    ["/usr/bin/chfn", "-f", "escaped"],  # writes /etc/passwd: root only
]
root = False
for argv in attempts:
    if not os.path.exists(argv[0]):
        continue
    done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=5)
    words = done.stdout.decode(errors="replace").split()
    # `id -u` prints a bare number; `setpriv --dump` prints "uid: N euid: N ...".
    uids = [w for w in words if w.isdigit()]
    euid = words[words.index("euid:") + 1] if "euid:" in words else None
    say(f"{' '.join(argv[:2])}: exit {done.returncode} uids {uids}")
    if euid is not None:
        say(f"euid: {euid}")
    root = root or "0" in uids or euid not in (None, "1000")
say("setuid: ESCAPED a child ran with another uid" if root
    else "setuid: BLOCKED: no setuid binary gave uid 0")
