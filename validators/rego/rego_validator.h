// The Rego validator (kind "rego"): OPA policies, parsed and checked by assay's own Rego engine
// (src/rego), as `opa check` checks a directory: all the request's .rego files together.
// Errors keep OPA's codes and messages (rego_parse_error, rego_compile_error,
// rego_unsafe_var_error, rego_recursion_error, rego_type_error) with the location in the
// user's file. Dialect "v1" (default) or "v0". Thread-safe.
#pragma once

#include <memory>

#include "src/core/validator.h"

namespace assay::rego_validator {

std::unique_ptr<Validator> make_rego_validator(ValidatorInfo info);

}  // namespace assay::rego_validator
