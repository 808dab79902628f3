// RegoRunner: how the Rego validator's run stage gets a job evaluated — by
// assay-rego-harness in the `rego` sandbox (sandboxed_rego_runner.h) in the programs, or by a
// fake in tests. The job and the answer are the harness's JSON (sandboxes/harness/
// rego_harness.h); the runner only carries them and says how the run ended.
// Implementations are thread-safe: one runner serves every request of a program.
#pragma once

#include <optional>
#include <string>

#include "src/core/diagnostic.h"
#include "src/core/status.h"
#include "src/core/validation_result.h"

namespace assay::rego_validator {

struct RegoRunOutput {
  std::string answer;                  // the harness's stdout (its JSON answer) when it exited 0
  std::optional<Diagnostic> failure;   // set when the run did not end normally: sandbox_* codes
  SandboxUsage usage;                  // the response's "sandbox" block
};

class RegoRunner {
 public:
  virtual ~RegoRunner() = default;
  // Runs one job with a wall-clock limit. Errors: what kept the job from running at all
  // (sandbox_setup_error, sandbox_exec_error, request_too_large), not what the job did.
  virtual Result<RegoRunOutput> run(const std::string& job_json, int timeout_ms) const = 0;
};

}  // namespace assay::rego_validator
