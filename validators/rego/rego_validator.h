// The Rego validator (kind "rego"): OPA policies, parsed and checked by assay's own Rego engine
// (src/rego), as `opa check` checks a directory: all the request's .rego files together.
// Errors keep OPA's codes and messages (rego_parse_error, rego_compile_error,
// rego_unsafe_var_error, rego_recursion_error, rego_type_error) with the location in the
// user's file. The check stage also warns (rego_network_builtin) at calls to built-ins that
// need the network. The run stage (rego_run_stage.h) evaluates expect.query or runs the test_
// rules through `runner`, in the sandbox. Dialect "v1" (default) or "v0". Thread-safe.
#pragma once

#include <memory>

#include "src/core/validator.h"
#include "validators/rego/rego_runner.h"

namespace assay::rego_validator {

// `runner` may be null: the run stage then has nothing to run with (it says so and skips).
std::unique_ptr<Validator> make_rego_validator(ValidatorInfo info,
                                               std::shared_ptr<const RegoRunner> runner);

}  // namespace assay::rego_validator
