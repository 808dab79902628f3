#include "sandboxes/runtime/run_supervisor.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "sandboxes/runtime/seccomp_listener.h"
#include "sandboxes/runtime/seccomp_profile.h"

namespace assay::sandbox {
namespace {

using Clock = std::chrono::steady_clock;

// After init exits, the kernel kills the rest of its pid namespace; their pipe ends close a
// moment later. This bounds how long the loop waits for that.
constexpr auto kDrainGrace = std::chrono::milliseconds(2000);

int milliseconds_until(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

void close_fd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

}  // namespace

Supervision supervise(const WatchedChild& child, const ResourceLimits& limits,
                      Clock::time_point started) {
  Supervision supervision;
  RunResult& result = supervision.result;
  int out = child.stdout_fd, err = child.stderr_fd, error = child.report_fd;
  int notify = child.notify_socket, listener = -1;
  const int pidfd = child.pidfd;
  bool exited = false;
  std::optional<CommandEnd> command_end;
  const auto deadline = started + std::chrono::milliseconds(limits.wall_timeout_ms);
  auto killed_at = Clock::time_point::max(), exited_at = Clock::time_point::max();

  const auto kill_run = [&] {
    if (killed_at != Clock::time_point::max()) return;
    kill(child.pid, SIGKILL);  // init of the pid namespace: the kernel kills the rest
    killed_at = Clock::now();
  };

  // Done when the output is closed and either init has exited or it has reported the command's
  // end (its exit then tears the namespaces down, which the caller need not wait for).
  while (out >= 0 || err >= 0 || (!exited && !command_end)) {
    const auto wake = exited ? exited_at + kDrainGrace
                      : killed_at != Clock::time_point::max() ? killed_at + kDrainGrace
                                                              : deadline;
    if (Clock::now() >= wake) {
      if (exited || killed_at != Clock::time_point::max()) break;
      result.timed_out = true;
      kill_run();
      continue;
    }
    pollfd fds[6] = {{out, POLLIN, 0},    {err, POLLIN, 0},      {error, POLLIN, 0},
                     {notify, POLLIN, 0}, {listener, POLLIN, 0}, {exited ? -1 : pidfd, POLLIN, 0}};
    if (poll(fds, 6, std::max(1, milliseconds_until(wake))) < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      int& fd = i == 0 ? out : err;
      char chunk[65536];
      const ssize_t n = read(fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        close_fd(fd);
        continue;
      }
      const size_t used = result.stdout_text.size() + result.stderr_text.size();
      const size_t room = limits.output_bytes > used ? limits.output_bytes - used : 0;
      (i == 0 ? result.stdout_text : result.stderr_text)
          .append(chunk, std::min(room, static_cast<size_t>(n)));
      if (static_cast<size_t>(n) > room) {
        result.output_truncated = true;
        kill_run();
      }
    }
    if (fds[2].revents & (POLLIN | POLLHUP | POLLERR)) {
      ChildReport report{};
      if (read(error, &report, sizeof report) != sizeof report) {
        close_fd(error);  // closed: init is gone, or wrote a partial record (ignored)
      } else if (report.kind == ChildReport::Kind::kFailure) {
        if (!supervision.failure) supervision.failure = report.failure;
      } else if (report.kind == ChildReport::Kind::kCommandEnded) {
        command_end = report.command;
      }  // kReady was read before the job was sent
    }
    if (fds[3].revents & (POLLIN | POLLHUP | POLLERR)) {
      listener = receive_listener(notify);
      close_fd(notify);
    }
    if (fds[4].revents & POLLIN) {
      if (const auto number = receive_notification(listener); number && !result.denied_syscall) {
        result.denied_syscall = syscall_name(*number);
        kill_run();
      }
    } else if (fds[4].revents & (POLLHUP | POLLERR)) {
      close_fd(listener);
    }
    if (fds[5].revents & POLLIN) {
      exited = true;
      exited_at = Clock::now();
    }
  }
  close_fd(out);
  close_fd(err);
  close_fd(error);
  close_fd(notify);
  close_fd(listener);
  result.wall_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();

  int status = 0;
  if (command_end) {
    status = command_end->wait_status;
    result.cpu_ms = command_end->cpu_us / 1000.0;
    result.max_rss_kb = command_end->max_rss_kb;
  } else {
    // Init did not report (the run was killed): its own end is the run's.
    kill(child.pid, SIGKILL);  // normally long gone; makes sure wait4 cannot hang
    rusage usage{};
    while (wait4(child.pid, &status, __WALL, &usage) < 0 && errno == EINTR) {
    }
    supervision.init_reaped = true;
    result.cpu_ms = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
                    (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
    result.max_rss_kb = usage.ru_maxrss;
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return supervision;
}

}  // namespace assay::sandbox
