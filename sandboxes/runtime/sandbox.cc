#include "sandboxes/runtime/sandbox.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>

#include "sandboxes/runtime/child_entry.h"
#include "sandboxes/runtime/run_supervisor.h"

namespace assay::sandbox {
namespace {

using Clock = std::chrono::steady_clock;

constexpr unsigned long kNamespaces = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWNS |
                                      CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP;

Status setup_error(const std::string& what) {
  return Status::error("sandbox_setup_error", what + ": " + std::strerror(errno));
}

// Owns the fds of one run on the parent's side.
struct Fd {
  int value = -1;
  Fd() = default;
  explicit Fd(int fd) : value(fd) {}
  Fd(Fd&& other) noexcept : value(std::exchange(other.value, -1)) {}
  Fd& operator=(Fd&&) = delete;
  ~Fd() { reset(); }
  int release() { return std::exchange(value, -1); }
  void reset() {
    if (value >= 0) close(value);
    value = -1;
  }
};

struct Pipe {
  Fd read, write;
};

Result<Pipe> make_pipe() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return setup_error("pipe");
  return Pipe{Fd(fds[0]), Fd(fds[1])};
}

bool is_variable_name(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (const char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

// PATH of the sandbox's environment, or the profile's default.
std::string path_variable(const std::vector<std::string>& environment) {
  for (const std::string& variable : environment) {
    if (variable.rfind("PATH=", 0) == 0) return variable.substr(5);
  }
  return "/usr/local/bin:/usr/bin:/bin";
}

std::vector<std::string> executable_candidates(const std::string& command,
                                               const std::vector<std::string>& environment) {
  if (command.find('/') != std::string::npos) return {command};
  std::vector<std::string> candidates;
  const std::string path = path_variable(environment);
  size_t start = 0;
  while (start <= path.size()) {
    const size_t end = std::min(path.find(':', start), path.size());
    const std::string directory = path.substr(start, end - start);
    if (!directory.empty()) candidates.push_back(directory + "/" + command);
    start = end + 1;
  }
  return candidates;
}

// A unique, plain name for the run's cgroup.
std::string next_run_id() {
  static std::atomic<unsigned long> counter{0};
  return "run-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

void log_cgroup_state_once(const CgroupHost& cgroups) {
  static std::once_flag once;
  std::call_once(once, [&] {
    if (cgroups.available()) {
      spdlog::info("sandbox: {}", cgroups.description());
    } else {
      spdlog::warn("sandbox: no usable cgroup ({}); memory and process limits rely on rlimits",
                   cgroups.description());
    }
  });
}

}  // namespace

Result<RunResult> Sandbox::run(const RunSpec& spec) const {
  if (spec.argv.empty() || spec.argv.front().empty()) {
    return Status::error("request_invalid", "no command to run");
  }
  const ResourceLimits limits = spec.limits.value_or(profile_.limits);
  log_cgroup_state_once(cgroups_);

  ChildPlan plan;
  plan.ids = choose_id_mapping();
  Result<std::vector<FilesystemStep>> filesystem =
      plan_filesystem(profile_.bind_ro, limits, spec.files, {plan.ids.inside_uid, plan.ids.inside_gid});
  if (!filesystem) return filesystem.status();
  plan.filesystem = std::move(filesystem).value();
  plan.rlimits = plan_rlimits(limits, cgroups_.available());
  plan.seccomp = &profile_.seccomp.instructions;
  plan.seccomp_notifies = profile_.seccomp.notifies;
  plan.arguments = spec.argv;
  for (const auto& [name, value] : profile_.env) plan.environment.push_back(name + "=" + value);
  for (const auto& [name, value] : spec.env) {
    if (!is_variable_name(name) || value.find('\0') != std::string::npos) {
      return Status::error("request_invalid", "environment variable '" + name + "' is not valid");
    }
    plan.environment.push_back(name + "=" + value);
  }
  for (const std::string& argument : spec.argv) {
    if (argument.find('\0') != std::string::npos) {
      return Status::error("request_invalid", "an argument contains NUL");
    }
  }
  plan.executables = executable_candidates(spec.argv.front(), plan.environment);
  point_into(plan);

  // The run's cgroup, before the child exists, so it is in place before the child is released.
  std::optional<RunCgroup> cgroup;
  if (cgroups_.available()) {
    Result<RunCgroup> created = cgroups_.create(next_run_id(), limits);
    if (!created) return created.status();
    cgroup.emplace(std::move(created).value());
  }

  Result<Pipe> sync = make_pipe(), error = make_pipe(), out = make_pipe(), err = make_pipe();
  for (const Result<Pipe>* pipe : {&sync, &error, &out, &err}) {
    if (!*pipe) return pipe->status();
  }
  int notify_pair[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, notify_pair) != 0) {
    return setup_error("socketpair");
  }
  Fd notify_parent(notify_pair[0]), notify_child(notify_pair[1]);
  Fd input(memfd_create("assay-stdin", MFD_CLOEXEC));
  if (input.value < 0) return setup_error("memfd_create");
  if (!spec.stdin_data.empty() &&
      pwrite(input.value, spec.stdin_data.data(), spec.stdin_data.size(), 0) !=
          static_cast<ssize_t>(spec.stdin_data.size())) {
    return setup_error("write stdin");
  }
  plan.sync_fd = sync->read.value;
  plan.error_fd = error->write.value;
  plan.notify_fd = notify_child.value;
  plan.stdin_fd = input.value;
  plan.stdout_fd = out->write.value;
  plan.stderr_fd = err->write.value;

  const auto started = Clock::now();
  const long pid = syscall(SYS_clone, kNamespaces | SIGCHLD, nullptr, nullptr, nullptr, 0);
  if (pid < 0) return setup_error("clone");
  if (pid == 0) run_child(plan);

  // Parent: drop the child's ends, then map its ids, put it in its cgroup and release it.
  sync->read.reset();
  error->write.reset();
  out->write.reset();
  err->write.reset();
  notify_child.reset();
  input.reset();
  const auto child = static_cast<pid_t>(pid);
  Fd pidfd(static_cast<int>(syscall(SYS_pidfd_open, child, 0)));
  Status released = write_id_maps(child, plan.ids);
  if (released && cgroup) released = cgroup->add_process(child);
  if (released && pidfd.value < 0) released = setup_error("pidfd_open");
  if (!released) {
    kill(child, SIGKILL);
    while (waitpid(child, nullptr, __WALL) < 0 && errno == EINTR) {
    }
    return released;
  }
  const char go = 'G';
  if (write(sync->write.value, &go, 1) != 1) {
    kill(child, SIGKILL);
  }
  sync->write.reset();

  Supervision supervision = supervise(
      WatchedChild{child, pidfd.release(), out->read.release(), err->read.release(),
                   error->read.release(), notify_parent.release()},
      limits, started);
  RunResult result = std::move(supervision.result);
  if (cgroup) {
    const CgroupUsage usage = cgroup->usage();
    result.oom_killed = usage.oom_killed;
    if (usage.peak_memory_kb > result.max_rss_kb) result.max_rss_kb = usage.peak_memory_kb;
    if (usage.cpu_ms > result.cpu_ms) result.cpu_ms = usage.cpu_ms;
    if (Status removed = cgroup->remove(); !removed) {
      spdlog::warn("sandbox: {}", removed.message());
    }
  }
  if (supervision.failure) {
    const std::string what = describe_failure(*supervision.failure, plan);
    return Status::error(supervision.failure->phase == ChildPhase::kExec ? "sandbox_exec_error"
                                                                          : "sandbox_setup_error",
                         what);
  }
  return result;
}

}  // namespace assay::sandbox
