// How a sandboxed run's end becomes findings: the sandbox_* diagnostics of DESIGN.md, and the
// response's "sandbox" block. A normal exit gives no diagnostic (what the exit code means is
// the validator's business). Pure functions, thread-safe.
#pragma once

#include <optional>

#include "sandboxes/runtime/resource_limits.h"
#include "sandboxes/runtime/run_result.h"
#include "src/core/validation_result.h"

namespace assay::sandbox {

// sandbox_syscall_denied, sandbox_timeout (wall clock or CPU), sandbox_memory_limit,
// sandbox_output_limit (also for the file-size limit: the run wrote too much), or
// sandbox_crashed; nullopt for a normal exit. The message names the limit that was hit.
std::optional<Diagnostic> run_diagnostic(const RunResult& result, const ResourceLimits& limits);

SandboxUsage sandbox_usage(const RunResult& result);

}  // namespace assay::sandbox
