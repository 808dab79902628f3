// RunResult: how one sandboxed run ended, as one structured value (like isolate's meta file).
//
// Exactly one end reason is reported (reason()), most specific first: a denied system call, the
// wall-clock timeout, the memory limit, the output cap, the CPU or file-size rlimit, a signal,
// or a normal exit. Validators turn it into sandbox_* diagnostics (run_diagnostics.h).
// Plain values: thread-compatible.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

namespace assay::sandbox {

enum class EndReason {
  kExited,           // the process exited by itself (any exit code)
  kSyscallDenied,    // the seccomp profile forbade a system call; the run was killed
  kTimeout,          // the wall-clock limit passed; the run was killed
  kMemoryLimit,      // the cgroup's memory limit was hit (OOM kill)
  kOutputLimit,      // stdout + stderr passed the cap; the run was killed
  kCpuLimit,         // RLIMIT_CPU (SIGXCPU, or SIGKILL at the hard limit)
  kFileSizeLimit,    // RLIMIT_FSIZE (SIGXFSZ)
  kSignaled,         // killed by another signal (a crash)
};

struct RunResult {
  std::optional<int> exit_code;  // when it exited
  std::optional<int> signal;     // when a signal ended it
  double wall_ms = 0;
  double cpu_ms = 0;
  long max_rss_kb = 0;
  bool timed_out = false;
  bool oom_killed = false;
  bool output_truncated = false;
  std::optional<std::string> denied_syscall;  // name, for a seccomp kill
  std::string stdout_text;
  std::string stderr_text;

  EndReason reason() const;
};

std::string_view to_string(EndReason reason);

// {"reason", "exit_code", "signal", "wall_ms", "cpu_ms", "max_rss_kb", "timed_out",
//  "oom_killed", "output_truncated", "denied_syscall", "stdout", "stderr"}; output text that is
// not UTF-8 is kept with replacement characters.
nlohmann::json run_result_to_json(const RunResult& result);

}  // namespace assay::sandbox
