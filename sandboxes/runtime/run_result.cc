#include "sandboxes/runtime/run_result.h"

#include <csignal>
#include <nlohmann/json.hpp>

#include "src/core/enum_names.h"

namespace assay::sandbox {
namespace {

using ReasonName = std::pair<EndReason, std::string_view>;
constexpr auto kReasonNames = enum_names<EndReason>(
    ReasonName{EndReason::kExited, "exited"},
    ReasonName{EndReason::kSyscallDenied, "syscall_denied"},
    ReasonName{EndReason::kTimeout, "timeout"},
    ReasonName{EndReason::kMemoryLimit, "memory_limit"},
    ReasonName{EndReason::kOutputLimit, "output_limit"},
    ReasonName{EndReason::kCpuLimit, "cpu_limit"},
    ReasonName{EndReason::kFileSizeLimit, "file_size_limit"},
    ReasonName{EndReason::kSignaled, "signaled"});

}  // namespace

EndReason RunResult::reason() const {
  // SIGSYS without a name: a call from another architecture, which the filter kills outright.
  if (denied_syscall || signal == SIGSYS) return EndReason::kSyscallDenied;
  if (timed_out) return EndReason::kTimeout;
  if (oom_killed) return EndReason::kMemoryLimit;
  if (output_truncated) return EndReason::kOutputLimit;
  if (signal == SIGXCPU) return EndReason::kCpuLimit;
  if (signal == SIGXFSZ) return EndReason::kFileSizeLimit;
  if (signal) return EndReason::kSignaled;
  return EndReason::kExited;
}

std::string_view to_string(EndReason reason) { return kReasonNames.name(reason); }

nlohmann::json run_result_to_json(const RunResult& r) {
  using nlohmann::json;
  const auto optional = [](const auto& value) { return value ? json(*value) : json(nullptr); };
  const auto text = [](const std::string& s) {
    // Round-trip through dump with replacement so invalid UTF-8 cannot throw later.
    return json::parse(json(s).dump(-1, ' ', false, json::error_handler_t::replace));
  };
  return {{"reason", to_string(r.reason())},
          {"exit_code", optional(r.exit_code)},
          {"signal", optional(r.signal)},
          {"wall_ms", r.wall_ms},
          {"cpu_ms", r.cpu_ms},
          {"max_rss_kb", r.max_rss_kb},
          {"timed_out", r.timed_out},
          {"oom_killed", r.oom_killed},
          {"output_truncated", r.output_truncated},
          {"denied_syscall", optional(r.denied_syscall)},
          {"stdout", text(r.stdout_text)},
          {"stderr", text(r.stderr_text)}};
}

}  // namespace assay::sandbox
