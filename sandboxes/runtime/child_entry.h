// What the cloned child does between clone() and exec(), as a straight list of steps. First it
// drops every fd it was not given, and on the parent's first go it prepares: takes the sandbox
// identity, builds the filesystem, names the host, and reports that it is ready. On the second
// go its job is in the JobArea (job_area.h): it writes the workspace files, opens the standard
// streams, applies rlimits, starts a new session, installs seccomp (last), then forks the
// command, which execs. A child may wait, prepared, between the two (a warm child).
//
// The cloned child stays as the init (pid 1) of the run's pid namespace: it reaps orphans, and
// when the command ends it reports the command's wait status and rusage to the parent and exits,
// which ends every other process of the run. So the command is an ordinary process (pid 2),
// with ordinary signal semantics: a crash or a kill is seen as one, which it would not be as
// init. The init is not dumpable and runs under the same seccomp filter.
//
// The parent may have other threads, so the child must not allocate: ChildPlan holds every
// string and array it will need, built by the parent. Every report (a failing step, the
// command's end) is one ChildReport written to the report pipe.
#pragma once

#include <linux/filter.h>

#include <string>
#include <vector>

#include "sandboxes/runtime/filesystem_plan.h"
#include "sandboxes/runtime/job_area.h"
#include "sandboxes/runtime/user_namespace.h"

namespace assay::sandbox {

struct ChildPlan {
  IdMapping ids;
  std::vector<FilesystemStep> filesystem;
  const std::vector<sock_filter>* seccomp = nullptr;
  bool seccomp_notifies = false;
  const std::vector<sock_filter>* extra_seccomp = nullptr;  // installed first, when set
  const Job* job = nullptr;  // in the JobArea: valid in the child after the second go
  int sync_fd = -1;    // the parent writes one byte to prepare, one when the job is written
  int report_fd = -1;  // ChildReports go here
  int notify_fd = -1;  // the seccomp listener goes here
  int stdin_fd = -1;
  int stdout_fd = -1;
  int stderr_fd = -1;
};

enum class ChildPhase : int {
  kSync = 1,
  kDescriptors,
  kIdentity,
  kFilesystem,
  kHostname,
  kWorkspace,
  kStreams,
  kRlimits,
  kSession,
  kSeccomp,
  kFork,
  kExec,
};

struct ChildFailure {
  ChildPhase phase;
  int step;   // index into ChildPlan::filesystem for kFilesystem
  int error;  // errno
};

struct CommandEnd {
  int wait_status;
  long cpu_us;  // user + system time of the command and the children it waited for
  long max_rss_kb;
};

struct ChildReport {
  enum class Kind : int { kReady = 1, kFailure, kCommandEnded } kind;
  ChildFailure failure;
  CommandEnd command;
};

[[noreturn]] void run_child(const ChildPlan& plan);

// "mount proc /tmp/proc: Operation not permitted" and the like; `command` is argv[0].
std::string describe_failure(const ChildFailure& failure, const ChildPlan& plan,
                             const std::string& command);

}  // namespace assay::sandbox
