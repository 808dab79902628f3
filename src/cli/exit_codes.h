// The exit codes of the `assay` program, which pre-commit hooks and CI read:
//   0  every artefact is clean (warnings alone are clean);
//   1  an artefact has findings (some verdict is "fail");
//   2  assay could not judge: a usage error, an unreadable file, a server or request error,
//      or a verdict "error" (a validator fault, which is not the artefact's fault).
// Pure functions, thread-safe.
#pragma once

#include <vector>

#include "src/core/validation_result.h"

namespace assay::cli {

inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitNotJudged = 2;

// kExitNotJudged when any verdict is "error", else kExitFindings when any is "fail", else
// kExitClean.
int exit_code_for(const std::vector<ValidationResult>& results);

}  // namespace assay::cli
