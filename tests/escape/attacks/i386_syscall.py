# Attack: call socket(AF_INET) through the 32-bit ABI (int 0x80, i386 call 359) from a 64-bit
# process: seccomp sees another architecture and other numbers.
# Must happen: the profile allows only native calls, so the run ends as a denied system call
# (syscall_denied, named after socket), not as an unexplained crash or a socket.
import ctypes
import mmap
import os

from attacklib import say

if os.uname().machine != "x86_64":
    say("SKIPPED: int 0x80 is x86")
    raise SystemExit(3)
code = bytes([
    0x53,                          # push rbx
    0xb8, 0x67, 0x01, 0x00, 0x00,  # mov eax, 359 (i386 socket)
    0xbb, 0x02, 0x00, 0x00, 0x00,  # mov ebx, 2 (AF_INET)
    0xb9, 0x01, 0x00, 0x00, 0x00,  # mov ecx, 1 (SOCK_STREAM)
    0x31, 0xd2,                    # xor edx, edx
    0xcd, 0x80,                    # int 0x80
    0x5b,                          # pop rbx
    0xc3,                          # ret
])
page = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
page.write(code)
call = ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.addressof(ctypes.c_char.from_buffer(page)))
say("TRYING i386 socket")
result = call()
say(f"i386 socket: {'ESCAPED' if result >= 0 else 'NOT DENIED'} returned {result}")
