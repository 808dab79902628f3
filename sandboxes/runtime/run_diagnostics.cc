#include "sandboxes/runtime/run_diagnostics.h"

#include <string.h>

#include <string>

namespace assay::sandbox {
namespace {

Diagnostic diagnostic(std::string code, std::string message) {
  return Diagnostic{std::move(code), std::move(message), std::nullopt, Severity::kError,
                    Stage::kRun, ""};
}

}  // namespace

std::optional<Diagnostic> run_diagnostic(const RunResult& r, const ResourceLimits& limits) {
  switch (r.reason()) {
    case EndReason::kExited:
      return std::nullopt;
    case EndReason::kSyscallDenied: {
      if (!r.denied_syscall) {
        return diagnostic("sandbox_syscall_denied",
                          "the run made a system call through another architecture's interface, "
                          "which the sandbox forbids; it was stopped");
      }
      const std::string& name = *r.denied_syscall;
      const bool network = name == "socket" || name == "connect" || name == "socketcall";
      return diagnostic("sandbox_syscall_denied",
                        network ? "the run tried to use the network (system call '" + name +
                                      "'); network access is not available in this environment"
                                : "the run made the system call '" + name +
                                      "', which the sandbox forbids; it was stopped");
    }
    case EndReason::kTimeout:
      return diagnostic("sandbox_timeout", "the run did not finish within " +
                                               std::to_string(limits.wall_timeout_ms) +
                                               " ms and was stopped");
    case EndReason::kCpuLimit:
      return diagnostic("sandbox_timeout", "the run used more than " +
                                               std::to_string(limits.cpu_seconds) +
                                               " s of CPU time and was stopped");
    case EndReason::kMemoryLimit:
      return diagnostic("sandbox_memory_limit", "the run used more than " +
                                                    std::to_string(limits.memory_mb) +
                                                    " MiB of memory and was stopped");
    case EndReason::kOutputLimit:
      return diagnostic("sandbox_output_limit", "the run wrote more than " +
                                                    std::to_string(limits.output_bytes) +
                                                    " bytes of output and was stopped");
    case EndReason::kFileSizeLimit:
      return diagnostic("sandbox_output_limit", "the run wrote a file larger than " +
                                                    std::to_string(limits.max_file_size_mb) +
                                                    " MiB and was stopped");
    case EndReason::kSignaled: {
      const char* abbreviation = sigabbrev_np(*r.signal);
      return diagnostic("sandbox_crashed",
                        "the run was killed by signal " + std::to_string(*r.signal) +
                            (abbreviation ? std::string(" (SIG") + abbreviation + ")" : ""));
    }
  }
  return std::nullopt;
}

SandboxUsage sandbox_usage(const RunResult& r) {
  SandboxUsage usage;
  usage.wall_ms = r.wall_ms;
  usage.cpu_ms = r.cpu_ms;
  usage.max_rss_kb = r.max_rss_kb;
  usage.exit_code = r.exit_code;
  usage.signal = r.signal;
  if (r.reason() != EndReason::kExited && r.reason() != EndReason::kSignaled) {
    usage.violation = std::string(to_string(r.reason()));
    if (r.denied_syscall) *usage.violation += ":" + *r.denied_syscall;
  }
  return usage;
}

}  // namespace assay::sandbox
