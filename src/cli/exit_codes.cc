#include "src/cli/exit_codes.h"

namespace assay::cli {

int exit_code_for(const std::vector<ValidationResult>& results) {
  int code = kExitClean;
  for (const ValidationResult& result : results) {
    if (result.verdict == Verdict::kError) return kExitNotJudged;
    if (result.verdict == Verdict::kFail) code = kExitFindings;
  }
  return code;
}

}  // namespace assay::cli
