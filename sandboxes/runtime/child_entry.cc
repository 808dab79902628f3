#include "sandboxes/runtime/child_entry.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iterator>
#include <utility>

#include "sandboxes/runtime/seccomp_listener.h"

namespace assay::sandbox {
namespace {

void report(const ChildPlan& plan, const ChildReport& report) {
  ssize_t ignored = write(plan.report_fd, &report, sizeof report);
  (void)ignored;
}

[[noreturn]] void fail(const ChildPlan& plan, ChildPhase phase, int step = 0) {
  report(plan, ChildReport{ChildReport::Kind::kFailure, ChildFailure{phase, step, errno}, {}});
  _exit(127);
}

[[noreturn]] void exec_command(const ChildPlan& plan) {
  const Job& job = *plan.job;
  int exec_error = ENOENT;
  for (size_t i = 0; i < job.executable_count; ++i) {
    execve(job.executables[i], job.argv, job.envp);
    // Keep the most telling error: "permission denied" beats "not found" on a later entry.
    if (errno != ENOENT && errno != ENOTDIR) exec_error = errno;
  }
  errno = exec_error;
  fail(plan, ChildPhase::kExec);
}

// Init's life: reap every child until the command has ended, report how it ended, exit.
[[noreturn]] void be_init(const ChildPlan& plan, pid_t command) {
  // Init keeps no end of the run's streams: their EOF must mean the command's output is done.
  for (const int fd : {0, 1, 2, plan.stdin_fd, plan.stdout_fd, plan.stderr_fd, plan.notify_fd}) {
    close(fd);
  }
  while (true) {
    int status = 0;
    rusage usage{};
    const pid_t reaped = wait4(-1, &status, __WALL, &usage);
    if (reaped < 0 && errno == EINTR) continue;
    if (reaped < 0) _exit(1);  // no child left without the command's end: cannot happen
    if (reaped != command) continue;
    const long cpu_us = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000L +
                        usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
    report(plan, ChildReport{ChildReport::Kind::kCommandEnded, {},
                             CommandEnd{status, cpu_us, usage.ru_maxrss}});
    _exit(0);
  }
}

// Raw system calls, not glibc's wrappers: those apply credentials to every thread glibc knows
// of, and in a child cloned from a multi-threaded parent they wait forever for threads that
// are not there.
int take_identity(const IdMapping& ids) {
  if (ids.privileged && syscall(SYS_setgroups, 0, nullptr) != 0) return -1;
  if (syscall(SYS_setresgid, ids.inside_gid, ids.inside_gid, ids.inside_gid) != 0) return -1;
  return static_cast<int>(syscall(SYS_setresuid, ids.inside_uid, ids.inside_uid, ids.inside_uid));
}

int open_streams(const ChildPlan& plan) {
  if (dup2(plan.stdin_fd, 0) < 0 || dup2(plan.stdout_fd, 1) < 0 || dup2(plan.stderr_fd, 2) < 0) {
    return -1;
  }
  // Everything else closes at exec; the report pipe and the notify socket are used until then.
  return static_cast<int>(syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC));
}

// Closes every fd but the plan's. Another thread of the parent may have been setting up another
// run when this child was cloned: its fds must not stay open here (a warm child can wait long).
int keep_only_plan_fds(const ChildPlan& plan) {
  int keep[] = {plan.sync_fd,  plan.report_fd, plan.notify_fd,
                plan.stdin_fd, plan.stdout_fd, plan.stderr_fd};
  // Sort the handful of fds in place (no allocation), then close the gaps between them.
  for (size_t i = 1; i < std::size(keep); ++i) {
    for (size_t j = i; j > 0 && keep[j - 1] > keep[j]; --j) std::swap(keep[j - 1], keep[j]);
  }
  unsigned next = 0;  // 0, 1, 2 too: the child's stdio is not the parent's
  for (const int fd : keep) {
    if (fd < 0 || static_cast<unsigned>(fd) < next) continue;
    if (static_cast<unsigned>(fd) > next &&
        syscall(SYS_close_range, next, static_cast<unsigned>(fd) - 1, 0) != 0) {
      return -1;
    }
    next = static_cast<unsigned>(fd) + 1;
  }
  return static_cast<int>(syscall(SYS_close_range, next, ~0U, 0));
}

}  // namespace

void run_child(const ChildPlan& plan) {
  // If assayd dies, so does the run; the sync pipe tells whether it died before this line.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (keep_only_plan_fds(plan) != 0) fail(plan, ChildPhase::kDescriptors);
  char go = 0;
  if (read(plan.sync_fd, &go, 1) != 1) fail(plan, ChildPhase::kSync);

  // Prepare: everything that does not depend on the run.
  if (take_identity(plan.ids) != 0) fail(plan, ChildPhase::kIdentity);
  umask(022);
  for (size_t i = 0; i < plan.filesystem.size(); ++i) {
    if (run_filesystem_step(plan.filesystem[i]) != 0) {
      fail(plan, ChildPhase::kFilesystem, static_cast<int>(i));
    }
  }
  if (chdir("/workspace") != 0) fail(plan, ChildPhase::kFilesystem, -1);
  if (sethostname("assay", 5) != 0 || setdomainname("assay", 5) != 0) {
    fail(plan, ChildPhase::kHostname);
  }
  report(plan, ChildReport{ChildReport::Kind::kReady, {}, {}});

  // Run: the job is in the JobArea once the second go arrives.
  if (read(plan.sync_fd, &go, 1) != 1) fail(plan, ChildPhase::kSync);
  close(plan.sync_fd);
  if (apply_job_files(*plan.job) != 0) fail(plan, ChildPhase::kWorkspace);
  if (open_streams(plan) != 0) fail(plan, ChildPhase::kStreams);
  if (apply_rlimits(plan.job->rlimits, plan.job->rlimit_count) != 0) {
    fail(plan, ChildPhase::kRlimits);
  }
  if (setsid() < 0) fail(plan, ChildPhase::kSession);
  // Not dumpable: the command, same uid, may not open init's /proc/1/mem. The command's own
  // exec makes it dumpable again, as any process.
  if (prctl(PR_SET_DUMPABLE, 0) != 0) fail(plan, ChildPhase::kSession);
  // Seccomp last: from here on only the calls the profile allows are possible.
  if (plan.extra_seccomp != nullptr && install_seccomp_filter(*plan.extra_seccomp, false, -1) != 0) {
    fail(plan, ChildPhase::kSeccomp);
  }
  if (install_seccomp_filter(*plan.seccomp, plan.seccomp_notifies, plan.notify_fd) != 0) {
    fail(plan, ChildPhase::kSeccomp);
  }
  // vfork(), not fork(): fork() runs glibc's atfork handlers, which take locks another thread
  // of assayd may have held when this child was cloned, and copies the page tables of what is
  // a copy of assayd. The command only execs (or reports and exits) before init goes on.
  const pid_t command = vfork();
  if (command < 0) fail(plan, ChildPhase::kFork);
  if (command == 0) exec_command(plan);
  be_init(plan, command);
}

std::string describe_failure(const ChildFailure& failure, const ChildPlan& plan,
                             const std::string& command) {
  const std::string reason = std::strerror(failure.error);
  switch (failure.phase) {
    case ChildPhase::kSync:
      return "the parent went away before the run started";
    case ChildPhase::kDescriptors:
      return "cannot close inherited fds: " + reason;
    case ChildPhase::kWorkspace:
      return "cannot write the workspace files: " + reason;
    case ChildPhase::kIdentity:
      return "cannot take the sandbox user's identity: " + reason;
    case ChildPhase::kFilesystem: {
      if (failure.step < 0 || static_cast<size_t>(failure.step) >= plan.filesystem.size()) {
        return "cannot enter /workspace: " + reason;
      }
      const FilesystemStep& step = plan.filesystem[static_cast<size_t>(failure.step)];
      return std::string(describe_step(step.kind)) + " " + step.target + ": " + reason;
    }
    case ChildPhase::kHostname:
      return "cannot set the host name: " + reason;
    case ChildPhase::kStreams:
      return "cannot set up the standard streams: " + reason;
    case ChildPhase::kRlimits:
      return "cannot apply rlimits: " + reason;
    case ChildPhase::kSession:
      return "cannot start a new session: " + reason;
    case ChildPhase::kSeccomp:
      return "cannot install the seccomp filter: " + reason;
    case ChildPhase::kFork:
      return "cannot start the command: " + reason;
    case ChildPhase::kExec:
      return "cannot run '" + command + "': " + reason;
  }
  return "setup failed: " + reason;
}

}  // namespace assay::sandbox
