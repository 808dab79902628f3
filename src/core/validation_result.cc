#include "src/core/validation_result.h"

#include "src/core/enum_names.h"

namespace assay {
namespace {

using VerdictName = std::pair<Verdict, std::string_view>;
constexpr auto kVerdictNames =
    enum_names<Verdict>(VerdictName{Verdict::kPass, "pass"}, VerdictName{Verdict::kFail, "fail"},
                        VerdictName{Verdict::kError, "error"});

using StageStatusName = std::pair<StageStatus, std::string_view>;
constexpr auto kStageStatusNames = enum_names<StageStatus>(
    StageStatusName{StageStatus::kPass, "pass"}, StageStatusName{StageStatus::kFail, "fail"},
    StageStatusName{StageStatus::kSkipped, "skipped"},
    StageStatusName{StageStatus::kError, "error"});

using TestStatusName = std::pair<TestStatus, std::string_view>;
constexpr auto kTestStatusNames = enum_names<TestStatus>(
    TestStatusName{TestStatus::kPass, "pass"}, TestStatusName{TestStatus::kFail, "fail"},
    TestStatusName{TestStatus::kError, "error"}, TestStatusName{TestStatus::kSkip, "skip"});

}  // namespace

std::string_view to_string(Verdict verdict) { return kVerdictNames.name(verdict); }
std::string_view to_string(StageStatus status) { return kStageStatusNames.name(status); }
std::string_view to_string(TestStatus status) { return kTestStatusNames.name(status); }
bool parse_verdict(std::string_view text, Verdict& out) { return kVerdictNames.parse(text, out); }
bool parse_stage_status(std::string_view text, StageStatus& out) {
  return kStageStatusNames.parse(text, out);
}
bool parse_test_status(std::string_view text, TestStatus& out) {
  return kTestStatusNames.parse(text, out);
}

}  // namespace assay
