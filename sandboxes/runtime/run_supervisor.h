// The parent's side of a run: watches the child from release to reaping.
//
// One poll loop over the child's stdout and stderr (captured up to the output cap), the report
// pipe (a setup failure, or how the command ended, from the run's init), the seccomp listener (a denied system call, named), and a pidfd (the
// run's init exited), against the wall-clock deadline. On a denied call, the deadline, or the
// cap, it kills the run's init with SIGKILL, which takes the whole pid namespace with it. Then it
// returns. The exit code, signal, CPU time and peak RSS are the command's, as init reported them;
// when init could not report (the run was killed), they are init's own. Not thread-safe per run; runs are
// independent.
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <chrono>
#include <optional>

#include "sandboxes/runtime/child_entry.h"
#include "sandboxes/runtime/resource_limits.h"
#include "sandboxes/runtime/run_result.h"

namespace assay::sandbox {

struct WatchedChild {
  pid_t pid = -1;
  int pidfd = -1;
  int stdout_fd = -1;
  int stderr_fd = -1;
  int report_fd = -1;
  int notify_socket = -1;
};

struct Supervision {
  RunResult result;  // output, timed_out, output_truncated, denied_syscall, exit/signal, times
  std::optional<ChildFailure> failure;  // the child failed before the command ran
  bool init_reaped = false;  // else init is exiting on its own: the caller must still reap it
};

// Closes the fds of `child` it was given except the pidfd. Reaps init when it could not report
// the command's end; otherwise returns as soon as the command has ended and its output is
// closed, without waiting for init's exit and the namespaces' teardown. Never throws.
Supervision supervise(const WatchedChild& child, const ResourceLimits& limits,
                      std::chrono::steady_clock::time_point started);

}  // namespace assay::sandbox
