#include "src/core/scoring.h"

#include <algorithm>

namespace assay {
namespace {

constexpr double kCheckFailedScore = 0.25;
constexpr double kRunFailedBase = 0.5;
constexpr double kRunFailedTestShare = 0.4;
constexpr double kWarningCost = 0.05;
constexpr double kLowestPassScore = 0.8;

bool stage_has_status(const std::vector<StageResult>& stages, Stage stage, StageStatus status) {
  return std::any_of(stages.begin(), stages.end(),
                     [&](const StageResult& s) { return s.stage == stage && s.status == status; });
}

}  // namespace

Assessment assess(const std::vector<StageResult>& stages,
                  const std::vector<Diagnostic>& diagnostics, const TestResults& tests) {
  const bool internal_error = std::any_of(stages.begin(), stages.end(), [](const StageResult& s) {
    return s.status == StageStatus::kError;
  });
  if (internal_error) return {Verdict::kError, 0.0};

  const auto errors = std::count_if(diagnostics.begin(), diagnostics.end(),
                                    [](const auto& d) { return d.severity == Severity::kError; });
  const auto warnings = std::count_if(diagnostics.begin(), diagnostics.end(), [](const auto& d) {
    return d.severity == Severity::kWarning;
  });
  if (errors == 0 && tests.failed == 0) {
    return {Verdict::kPass, std::max(kLowestPassScore, 1.0 - kWarningCost * warnings)};
  }
  if (stage_has_status(stages, Stage::kParse, StageStatus::kFail)) return {Verdict::kFail, 0.0};
  if (stage_has_status(stages, Stage::kCheck, StageStatus::kFail)) {
    return {Verdict::kFail, kCheckFailedScore};
  }
  const int total = tests.passed + tests.failed;
  const double passed_share = total > 0 ? static_cast<double>(tests.passed) / total : 0.0;
  return {Verdict::kFail, kRunFailedBase + kRunFailedTestShare * passed_share};
}

}  // namespace assay
