# Attack: look for the service's secrets in the run's own environment (inherited variables).
# Must happen: the environment holds only the profile's variables; the marker variable the
# service set (ASSAY_ESCAPE_SECRET) is absent from os.environ and from /proc/self/environ.
import os

from attacklib import say

say("env: " + ",".join(sorted(os.environ)))
raw = open("/proc/self/environ", "rb").read()
say("secret: ESCAPED" if b"ASSAY_ESCAPE_SECRET" in raw else "secret: BLOCKED: absent")
