# Attack: two runs at once (ASSAY_ESCAPE_RUN = A or B) look for each other's files in
# /workspace and /tmp and for each other's processes in /proc, while both are alive.
# Must happen: each sees only its own files and pids; the printed CLOCK_MONOTONIC times let
# the runner check that each looked while the other was alive and had written its files.
import os
import time

from attacklib import say

me = os.environ["ASSAY_ESCAPE_RUN"]
open(f"/workspace/mine-{me}", "w").write(me)
open(f"/tmp/mine-{me}", "w").write(me)
say(f"ready: {time.monotonic():.6f}")
time.sleep(0.5)
say(f"check: {time.monotonic():.6f}")
say(f"workspace: {sorted(p for p in os.listdir('/workspace') if p.startswith('mine-'))}")
say(f"tmp: {sorted(os.listdir('/tmp'))}")
say(f"pids: {sorted(int(p) for p in os.listdir('/proc') if p.isdigit())}")
time.sleep(0.3)
say(f"end: {time.monotonic():.6f}")
