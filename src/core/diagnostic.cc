#include "src/core/diagnostic.h"

#include "src/core/enum_names.h"

namespace assay {
namespace {

using SeverityName = std::pair<Severity, std::string_view>;
constexpr auto kSeverityNames = enum_names<Severity>(SeverityName{Severity::kError, "error"},
                                                     SeverityName{Severity::kWarning, "warning"},
                                                     SeverityName{Severity::kInfo, "info"});

using StageName = std::pair<Stage, std::string_view>;
constexpr auto kStageNames =
    enum_names<Stage>(StageName{Stage::kParse, "parse"}, StageName{Stage::kCheck, "check"},
                      StageName{Stage::kRun, "run"});

}  // namespace

std::string_view to_string(Severity severity) { return kSeverityNames.name(severity); }
std::string_view to_string(Stage stage) { return kStageNames.name(stage); }
bool parse_severity(std::string_view text, Severity& out) {
  return kSeverityNames.parse(text, out);
}
bool parse_stage(std::string_view text, Stage& out) { return kStageNames.parse(text, out); }

}  // namespace assay
