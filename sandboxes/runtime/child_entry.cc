#include "sandboxes/runtime/child_entry.h"

#include <fcntl.h>
#include <grp.h>
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

#include "sandboxes/runtime/seccomp_listener.h"

namespace assay::sandbox {
namespace {

void report(const ChildPlan& plan, const ChildReport& report) {
  ssize_t ignored = write(plan.error_fd, &report, sizeof report);
  (void)ignored;
}

[[noreturn]] void fail(const ChildPlan& plan, ChildPhase phase, int step = 0) {
  report(plan, ChildReport{ChildReport::Kind::kFailure, ChildFailure{phase, step, errno}, {}});
  _exit(127);
}

[[noreturn]] void exec_command(const ChildPlan& plan) {
  int exec_error = ENOENT;
  for (const std::string& executable : plan.executables) {
    execve(executable.c_str(), plan.argv.data(), plan.envp.data());
    // Keep the most telling error: "permission denied" beats "not found" on a later entry.
    if (errno != ENOENT && errno != ENOTDIR) exec_error = errno;
  }
  errno = exec_error;
  fail(plan, ChildPhase::kExec);
}

// Init's life: reap every child until the command has ended, report how it ended, exit.
[[noreturn]] void be_init(const ChildPlan& plan, pid_t command) {
  close(0);
  close(1);
  close(2);
  while (true) {
    int status = 0;
    rusage usage{};
    const pid_t reaped = wait4(-1, &status, __WALL, &usage);
    if (reaped < 0 && errno == EINTR) continue;
    if (reaped < 0) _exit(1);  // no child left without the command's end: cannot happen
    if (reaped != command) continue;
    report(plan, ChildReport{ChildReport::Kind::kCommandEnded, {},
                             CommandEnd{status, usage.ru_maxrss}});
    _exit(0);
  }
}

int take_identity(const IdMapping& ids) {
  if (ids.privileged && setgroups(0, nullptr) != 0) return -1;
  if (setresgid(ids.inside_gid, ids.inside_gid, ids.inside_gid) != 0) return -1;
  return setresuid(ids.inside_uid, ids.inside_uid, ids.inside_uid);
}

int open_streams(const ChildPlan& plan) {
  if (dup2(plan.stdin_fd, 0) < 0 || dup2(plan.stdout_fd, 1) < 0 || dup2(plan.stderr_fd, 2) < 0) {
    return -1;
  }
  // Everything else closes at exec; the error pipe and the notify socket are used until then.
  return static_cast<int>(syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC));
}

}  // namespace

void point_into(ChildPlan& plan) {
  plan.argv.clear();
  for (std::string& argument : plan.arguments) plan.argv.push_back(argument.data());
  plan.argv.push_back(nullptr);
  plan.envp.clear();
  for (std::string& variable : plan.environment) plan.envp.push_back(variable.data());
  plan.envp.push_back(nullptr);
}

void run_child(const ChildPlan& plan) {
  // If assayd dies, so does the run; the sync pipe tells whether it died before this line.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  char go = 0;
  if (read(plan.sync_fd, &go, 1) != 1) fail(plan, ChildPhase::kSync);
  close(plan.sync_fd);

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
  if (open_streams(plan) != 0) fail(plan, ChildPhase::kStreams);
  if (apply_rlimits(plan.rlimits) != 0) fail(plan, ChildPhase::kRlimits);
  if (setsid() < 0) fail(plan, ChildPhase::kSession);
  // Not dumpable: the command, same uid, may not open init's /proc/1/mem. The command's own
  // exec makes it dumpable again, as any process.
  if (prctl(PR_SET_DUMPABLE, 0) != 0) fail(plan, ChildPhase::kSession);
  // Seccomp last: from here on only the calls the profile allows are possible.
  if (install_seccomp_filter(*plan.seccomp, plan.seccomp_notifies, plan.notify_fd) != 0) {
    fail(plan, ChildPhase::kSeccomp);
  }
  const pid_t command = fork();
  if (command < 0) fail(plan, ChildPhase::kFork);
  if (command == 0) exec_command(plan);
  be_init(plan, command);
}

std::string describe_failure(const ChildFailure& failure, const ChildPlan& plan) {
  const std::string reason = std::strerror(failure.error);
  switch (failure.phase) {
    case ChildPhase::kSync:
      return "the parent went away before the run started";
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
      return "cannot run '" + plan.arguments.front() + "': " + reason;
  }
  return "setup failed: " + reason;
}

}  // namespace assay::sandbox
