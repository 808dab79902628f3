// The parent's side of a run: watches the child from release to reaping.
//
// One poll loop over the child's stdout and stderr (captured up to the output cap), the report
// pipe (a setup failure, or how the command ended, from the run's init), the seccomp listener (a denied system call, named), and a pidfd (the
// run's init exited), against the wall-clock deadline. On a denied call, the deadline, or the
// cap, it kills the run's init with SIGKILL, which takes the whole pid namespace with it. Then it
// reaps the init. The exit code or signal is the command's, as init reported it; when init
// could not report (the run was killed), it is init's own. Not thread-safe per run; runs are
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
  int error_fd = -1;
  int notify_socket = -1;
};

struct Supervision {
  RunResult result;  // output, timed_out, output_truncated, denied_syscall, exit/signal, times
  std::optional<ChildFailure> failure;  // the child failed before the command ran
};

// Closes the fds of `child` it was given, reaps the child. Never throws.
Supervision supervise(const WatchedChild& child, const ResourceLimits& limits,
                      std::chrono::steady_clock::time_point started);

}  // namespace assay::sandbox
