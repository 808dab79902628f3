# Attack: create files outside /workspace and /tmp: in /, /usr, /usr/bin, /etc, /dev, and
# overwrite a bound file (/etc/ld.so.cache) and the sandbox's own /etc/passwd. The name comes
# from ASSAY_ESCAPE_NAME so the service can look for it on the host.
# Must happen: read-only mounts refuse every write ("BLOCKED: EROFS"; the bound host file is
# refused first for its owner, "BLOCKED: EACCES"); nothing appears on the host and the host's
# files are unchanged.
import os

from attacklib import attempt

name = os.environ["ASSAY_ESCAPE_NAME"]


def create(path):
    return lambda: os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)


for directory in ["/", "/usr", "/usr/bin", "/etc", "/dev"]:
    attempt(f"create {directory}", create(os.path.join(directory, name)))
attempt("mkdir /", lambda: os.mkdir("/" + name))
attempt("append /etc/ld.so.cache", lambda: open("/etc/ld.so.cache", "ab"))
attempt("append /etc/passwd", lambda: open("/etc/passwd", "ab"))
attempt("chmod /etc/passwd", lambda: os.chmod("/etc/passwd", 0o666))
