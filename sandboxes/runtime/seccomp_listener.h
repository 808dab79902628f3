// Installing a run's seccomp filter (in the child, last thing before exec) and listening to it
// (in the parent).
//
// Kill actions of a profile are compiled as user notifications (seccomp_profile.h): the kernel
// stops the offending system call and tells the parent through a listener fd, so the parent can
// record which call it was, by name, and then kill the whole run. The child passes the listener
// fd to the parent over a socketpair (SCM_RIGHTS) before exec.
#pragma once

#include <linux/filter.h>

#include <optional>
#include <vector>

namespace assay::sandbox {

// Child side, async-signal-safe. Sets no_new_privs, installs the filter (with a listener when
// `notify`), sends the listener over `socket` and closes it. Returns 0, or -1 with errno set.
int install_seccomp_filter(const std::vector<sock_filter>& program, bool notify, int socket);

// Parent side. The listener fd sent by the child, or -1 when none came (the socket closed).
int receive_listener(int socket);

// Parent side. The system call number of the next notification, or nullopt when the listener
// has nothing (the run ended).
std::optional<int> receive_notification(int listener);

}  // namespace assay::sandbox
