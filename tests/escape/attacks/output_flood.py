# Attack: flood stdout and stderr to exhaust the service's memory.
# Must happen: the parent stops capturing at the cap and kills the run (output_limit); the
# captured output is no larger than the cap.
import os

line = b"flood " * 1000 + b"\n"
while True:
    os.write(1, line)
    os.write(2, line)
