// The pipeline: one request through the stages of the validator its kind names.
//
// run_validation() picks the validator, checks the request against what the validator
// declares (dialect), checks every file is UTF-8, then runs the requested stages in order
// (a failed stage skips the later ones, saying so), times each, and scores the result.
// A validator that throws yields a result with verdict "error", never an exception.
// Thread-safe when the registry is no longer being built.
#pragma once

#include <string>
#include <vector>

#include "src/core/registry.h"
#include "src/core/request.h"
#include "src/core/status.h"
#include "src/core/validation_result.h"

namespace assay {

// Errors: kind_unknown (no validator for the kind), request_invalid (a dialect the validator
// lacks), environment_unknown (a named environment that is not installed).
Result<ValidationResult> run_validation(const Registry& registry, const ValidationRequest& request,
                                        std::string validation_id);

// One encoding error per file that is not valid UTF-8, located at the first bad byte.
std::vector<Diagnostic> encoding_errors(const std::vector<ArtefactFile>& files,
                                        const ValidatorInfo& validator);

}  // namespace assay
