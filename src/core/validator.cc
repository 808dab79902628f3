#include "src/core/validator.h"

#include <algorithm>

namespace assay {

void StageReport::add(std::string code, std::string message, std::optional<Location> location,
                      Severity severity) {
  if (severity == Severity::kError) ++errors_;
  result_.diagnostics.push_back(Diagnostic{std::move(code), std::move(message), std::move(location),
                                           severity, stage_, validator_.name});
}

bool Validator::implements(Stage stage) const {
  return std::find(info_.stages.begin(), info_.stages.end(), stage) != info_.stages.end();
}

}  // namespace assay
