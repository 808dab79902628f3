# Attack: thread bomb. Starts threads until something refuses.
# Must happen: the process limit counts threads too ("BLOCKED: EAGAIN"); nothing survives.
import threading
import time

from attacklib import say

threads = 0
try:
    for _ in range(10000):
        threading.Thread(target=time.sleep, args=(30,), daemon=True).start()
        threads += 1
    say(f"threads: ESCAPED {threads} threads")
except RuntimeError as error:  # "can't start new thread": pthread_create gave EAGAIN
    say("threads: BLOCKED: EAGAIN")
    say(f"detail: {error}, after {threads} threads")
