// What the cloned child does between clone() and exec(), as a straight list of steps: wait for
// the parent's go, take the sandbox identity, build the filesystem, name the host, open the
// standard streams, apply rlimits, close every other fd, start a new session, install seccomp
// (last), then fork the command, which execs.
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
#include "sandboxes/runtime/rlimits.h"
#include "sandboxes/runtime/user_namespace.h"

namespace assay::sandbox {

struct ChildPlan {
  IdMapping ids;
  std::vector<FilesystemStep> filesystem;
  std::vector<RlimitSetting> rlimits;
  const std::vector<sock_filter>* seccomp = nullptr;
  bool seccomp_notifies = false;
  std::vector<std::string> arguments;
  std::vector<std::string> environment;  // NAME=value
  std::vector<std::string> executables;  // candidate paths for arguments[0], in PATH order
  std::vector<char*> argv;               // pointers into the strings above, null-terminated
  std::vector<char*> envp;
  int sync_fd = -1;    // the parent writes one byte when the id maps are in place
  int error_fd = -1;   // ChildReports go here
  int notify_fd = -1;  // the seccomp listener goes here
  int stdin_fd = -1;
  int stdout_fd = -1;
  int stderr_fd = -1;
};

enum class ChildPhase : int {
  kSync = 1,
  kIdentity,
  kFilesystem,
  kHostname,
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
  long max_rss_kb;  // the command's (init's rusage does not include its peak)
};

struct ChildReport {
  enum class Kind : int { kFailure = 1, kCommandEnded } kind;
  ChildFailure failure;
  CommandEnd command;
};

// Fills argv/envp from arguments/environment (call after those are final).
void point_into(ChildPlan& plan);

[[noreturn]] void run_child(const ChildPlan& plan);

// "mount proc /tmp/proc: Operation not permitted" and the like.
std::string describe_failure(const ChildFailure& failure, const ChildPlan& plan);

}  // namespace assay::sandbox
