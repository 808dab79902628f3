# Attack: read the session keyring (kernel-held secrets such as Kerberos or encryption keys).
# Must happen: keyctl is denied by seccomp (syscall_denied "keyctl").
from attacklib import denied_call

KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING = 0, -3
denied_call("keyctl", KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0)
