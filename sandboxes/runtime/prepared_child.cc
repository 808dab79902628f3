#include "sandboxes/runtime/prepared_child.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <utility>

#include "sandboxes/runtime/reaper.h"
#include "sandboxes/runtime/run_supervisor.h"
#include "sandboxes/runtime/seccomp_profile.h"
#include "sandboxes/runtime/user_namespace.h"

namespace assay::sandbox {
namespace {

using Clock = std::chrono::steady_clock;

constexpr unsigned long kNamespaces = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWNS |
                                      CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP;

// How long a child may take to prepare before the run is given up.
constexpr int kPrepareTimeoutMs = 10000;

// Held while the child's ends of a run's fds are open in this process, so that no other
// run's child is cloned holding them (it would keep this run's pipes from ever closing).
std::mutex clone_mutex;

Status setup_error(const std::string& what) {
  return Status::error("sandbox_setup_error", what + ": " + std::strerror(errno));
}

std::string next_run_id() {
  static std::atomic<unsigned long> counter{0};
  return "run-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

void kill_and_reap(pid_t pid) {
  if (pid <= 0) return;
  kill(pid, SIGKILL);
  while (waitpid(pid, nullptr, __WALL) < 0 && errno == EINTR) {
  }
}

// Waits for the child's ready report. Errors: the child's own failure, or a setup error.
Status wait_until_ready(PreparedChild& child, const std::string& command) {
  pollfd fd{child.report.get(), POLLIN, 0};
  const int ready = poll(&fd, 1, kPrepareTimeoutMs);
  if (ready <= 0) {
    errno = ready == 0 ? ETIMEDOUT : errno;
    return setup_error("waiting for the sandbox to prepare");
  }
  ChildReport report{};
  if (read(child.report.get(), &report, sizeof report) != sizeof report) {
    return Status::error("sandbox_setup_error", "the sandbox child ended while preparing");
  }
  if (report.kind == ChildReport::Kind::kFailure) {
    return Status::error("sandbox_setup_error",
                         describe_failure(report.failure, *child.plan, command));
  }
  return Status::ok();
}

// Without a memory cgroup, memory held in memfds (page cache, not address space) escapes
// RLIMIT_AS. memfd_create then fails with ENOSYS, and programs fall back to files in the
// size-capped /tmp. nullptr if it cannot be compiled (then the run is refused).
const std::vector<sock_filter>* memfd_guard() {
  static const std::optional<SeccompProgram> program = []() -> std::optional<SeccompProgram> {
    SeccompProfile profile;
    profile.file_name = "memfd guard";
    profile.default_action = SeccompAction::kAllow;
    profile.rules.push_back(
        SeccompRule{{"memfd_create"}, SeccompAction::kErrno, ENOSYS, {}, "syscalls[0]"});
    Result<SeccompProgram> compiled = compile_seccomp(profile);
    if (!compiled) return std::nullopt;
    return std::move(compiled).value();
  }();
  return program ? &program->instructions : nullptr;
}

}  // namespace

OwnedFd::OwnedFd(OwnedFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

OwnedFd& OwnedFd::operator=(OwnedFd&& other) noexcept {
  if (this != &other) {
    reset();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

int OwnedFd::release() { return std::exchange(fd_, -1); }

void OwnedFd::reset() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

PreparedChild::PreparedChild(PreparedChild&& other) noexcept
    : pid(std::exchange(other.pid, -1)),
      pidfd(std::move(other.pidfd)),
      sync(std::move(other.sync)),
      report(std::move(other.report)),
      stdout_read(std::move(other.stdout_read)),
      stderr_read(std::move(other.stderr_read)),
      notify(std::move(other.notify)),
      stdin_file(std::move(other.stdin_file)),
      area(std::move(other.area)),
      cgroup(std::move(other.cgroup)),
      plan(std::move(other.plan)),
      prepared_limits(other.prepared_limits) {}

PreparedChild::~PreparedChild() { kill_and_reap(pid); }

Result<PreparedChild> prepare_child(const SandboxProfile& profile, const CgroupHost& cgroups,
                                    const ResourceLimits& limits, size_t job_capacity) {
  PreparedChild child;
  child.prepared_limits = limits;
  child.plan = std::make_unique<ChildPlan>();
  ChildPlan& plan = *child.plan;
  plan.ids = choose_id_mapping();
  plan.filesystem =
      plan_filesystem(profile.bind_ro, limits, {plan.ids.inside_uid, plan.ids.inside_gid},
                      profile.bind_ro_at);
  plan.seccomp = &profile.seccomp.instructions;
  plan.seccomp_notifies = profile.seccomp.notifies;
  if (!cgroups.available()) {
    plan.extra_seccomp = memfd_guard();
    if (plan.extra_seccomp == nullptr) {
      return Status::error("sandbox_setup_error", "cannot compile the memfd guard filter");
    }
  }

  Result<JobArea> area = JobArea::create(job_capacity);
  if (!area) return area.status();
  child.area.emplace(std::move(area).value());
  plan.job = child.area->job();

  // The cgroup before the child exists, so the child starts inside it.
  if (cgroups.available()) {
    Result<RunCgroup> created = cgroups.create(next_run_id(), limits);
    if (!created) return created.status();
    child.cgroup.emplace(std::move(created).value());
  }

  std::unique_lock lock(clone_mutex);
  int sync[2], report[2], out[2], err[2], notify[2];
  if (pipe2(sync, O_CLOEXEC) != 0) return setup_error("pipe");
  OwnedFd sync_child(sync[0]);
  child.sync = OwnedFd(sync[1]);
  if (pipe2(report, O_CLOEXEC) != 0) return setup_error("pipe");
  child.report = OwnedFd(report[0]);
  OwnedFd report_child(report[1]);
  if (pipe2(out, O_CLOEXEC) != 0) return setup_error("pipe");
  child.stdout_read = OwnedFd(out[0]);
  OwnedFd out_child(out[1]);
  if (pipe2(err, O_CLOEXEC) != 0) return setup_error("pipe");
  child.stderr_read = OwnedFd(err[0]);
  OwnedFd err_child(err[1]);
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, notify) != 0) {
    return setup_error("socketpair");
  }
  child.notify = OwnedFd(notify[0]);
  OwnedFd notify_child(notify[1]);
  child.stdin_file = OwnedFd(memfd_create("assay-stdin", MFD_CLOEXEC));
  if (child.stdin_file.get() < 0) return setup_error("memfd_create");

  plan.sync_fd = sync_child.get();
  plan.report_fd = report_child.get();
  plan.notify_fd = notify_child.get();
  plan.stdin_fd = child.stdin_file.get();
  plan.stdout_fd = out_child.get();
  plan.stderr_fd = err_child.get();

  const long pid = syscall(SYS_clone, kNamespaces | SIGCHLD, nullptr, nullptr, nullptr, 0);
  if (pid < 0) return setup_error("clone");
  if (pid == 0) run_child(plan);
  child.pid = static_cast<pid_t>(pid);
  // The child's ends, closed here before any other run can be cloned.
  sync_child.reset();
  report_child.reset();
  out_child.reset();
  err_child.reset();
  notify_child.reset();
  lock.unlock();

  child.pidfd = OwnedFd(static_cast<int>(syscall(SYS_pidfd_open, child.pid, 0)));
  if (child.pidfd.get() < 0) return setup_error("pidfd_open");
  if (Status s = write_id_maps(child.pid, plan.ids); !s) return s;
  if (child.cgroup) {
    if (Status s = child.cgroup->add_process(child.pid); !s) return s;
  }
  const char go = 'P';
  if (write(child.sync.get(), &go, 1) != 1) return setup_error("starting the sandbox child");
  return child;
}

Result<RunResult> run_prepared(PreparedChild child, const JobSpec& job,
                               const ResourceLimits& limits) {
  const std::string command = job.argv.empty() ? "" : job.argv.front();
  if (Status ready = wait_until_ready(child, command); !ready) return ready;
  if (Status written = child.area->write(job); !written) return written;
  const bool same_cgroup_limits = limits.memory_mb == child.prepared_limits.memory_mb &&
                                  limits.max_processes == child.prepared_limits.max_processes;
  if (child.cgroup && !same_cgroup_limits) {
    if (Status s = child.cgroup->set_limits(limits); !s) return s;
  }
  if (!job.stdin_data.empty() &&
      pwrite(child.stdin_file.get(), job.stdin_data.data(), job.stdin_data.size(), 0) !=
          static_cast<ssize_t>(job.stdin_data.size())) {
    return setup_error("writing stdin");
  }
  const char go = 'R';
  const auto started = Clock::now();
  if (write(child.sync.get(), &go, 1) != 1) return setup_error("starting the run");
  child.sync.reset();

  Supervision supervision =
      supervise(WatchedChild{child.pid, child.pidfd.get(), child.stdout_read.release(),
                             child.stderr_read.release(), child.report.release(),
                             child.notify.release()},
                limits, started);
  if (supervision.init_reaped) child.pid = -1;
  RunResult result = std::move(supervision.result);
  if (child.cgroup) {
    const CgroupUsage usage = child.cgroup->usage();
    result.oom_killed = usage.oom_killed;
    if (usage.peak_memory_kb > result.max_rss_kb) result.max_rss_kb = usage.peak_memory_kb;
    if (usage.cpu_ms > result.cpu_ms) result.cpu_ms = usage.cpu_ms;
  }
  std::optional<Status> failed;
  if (supervision.failure) {
    const bool exec = supervision.failure->phase == ChildPhase::kExec;
    failed = Status::error(exec ? "sandbox_exec_error" : "sandbox_setup_error",
                           describe_failure(*supervision.failure, *child.plan, command));
  }
  if (child.pid > 0) reap_in_background(std::move(child));
  if (failed) return *failed;
  return result;
}

}  // namespace assay::sandbox
