// SandboxedRegoRunner: a RegoRunner that runs assay-rego-harness in the `rego` sandbox profile
// (policies/sandbox/rego.*), with the harness binary bound read-only at its own path, the job on
// stdin and the wall timeout of each request (the CPU limit follows it). With `warm` > 0 a few
// sandbox children are kept prepared once the first job has run, so later validations do not
// wait for namespaces and mounts. Nothing of the sandbox is set up before the first job.
// Thread-safe; call run() from long-lived threads (a child's parent-death signal follows the
// thread that made it: see sandboxes/runtime/sandbox.h).
#pragma once

#include <memory>
#include <string>

#include "sandboxes/runtime/sandbox_profile.h"
#include "validators/rego/rego_runner.h"

namespace assay::rego_validator {

// The harness next to the running program: "<directory of /proc/self/exe>/assay-rego-harness".
std::string harness_next_to_program();

// Errors: policy_invalid when `policies` has no `rego` profile; file_unreadable when
// `harness_path` is not an absolute path to an executable file.
Result<std::shared_ptr<const RegoRunner>> make_sandboxed_rego_runner(
    const sandbox::PolicySet& policies, const std::string& harness_path, int warm = 0);

}  // namespace assay::rego_validator
