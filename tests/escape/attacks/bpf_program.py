# Attack: create an eBPF map (the first step of loading eBPF programs into the kernel).
# Must happen: bpf is denied by seccomp (syscall_denied "bpf").
import ctypes

from attacklib import denied_call

BPF_MAP_CREATE = 0
attributes = (ctypes.c_uint32 * 8)(2, 4, 4, 1)  # BPF_MAP_TYPE_ARRAY, key 4, value 4, 1 entry
denied_call("bpf", BPF_MAP_CREATE, ctypes.addressof(attributes), ctypes.sizeof(attributes))
