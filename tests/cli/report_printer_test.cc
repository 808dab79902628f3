// Text summaries, exit codes from verdicts and the --format flag, on hand-made results.
#include "src/cli/report_printer.h"

#include <catch2/catch.hpp>
#include <sstream>

#include "src/cli/exit_codes.h"

using namespace assay;
using namespace assay::cli;

namespace {

Diagnostic finding(Severity severity) {
  return Diagnostic{.code = "sql_syntax_error",
                    .message = "bad",
                    .location = Location{"q.sql", 1, 1},
                    .severity = severity,
                    .stage = Stage::kParse,
                    .validator = "sql"};
}

ValidationResult result_with(Verdict verdict, std::vector<Diagnostic> diagnostics) {
  ValidationResult result;
  result.kind = "sql";
  result.validator = "sql";
  result.verdict = verdict;
  result.diagnostics = std::move(diagnostics);
  return result;
}

}  // namespace

TEST_CASE("report: the summary counts findings by severity and files, in the singular too") {
  CHECK(summary_line({}, 3) == "assay: 3 files clean");
  CHECK(summary_line({result_with(Verdict::kPass, {})}, 1) == "assay: 1 file clean");
  CHECK(summary_line(
            {result_with(Verdict::kFail, {finding(Severity::kError), finding(Severity::kWarning)}),
             result_with(Verdict::kFail, {finding(Severity::kError)})},
            3) == "assay: 2 errors, 1 warning in 3 files");
  CHECK(summary_line({result_with(Verdict::kPass, {finding(Severity::kWarning)})}, 2) ==
        "assay: 1 warning in 2 files");
  CHECK(summary_line({result_with(Verdict::kPass, {finding(Severity::kInfo)})}, 1) ==
        "assay: 1 note in 1 file");
}

TEST_CASE("report: a stage that failed internally is printed, never reads as clean") {
  ValidationResult faulty = result_with(Verdict::kError, {});
  faulty.stages = {StageResult{Stage::kParse, StageStatus::kError, 0, "internal error: boom"}};
  std::ostringstream out;
  print_report({faulty}, 1, OutputFormat::kText, JsonLayout::kResultList, out);
  CHECK(out.str() ==
        "assay: error: the sql validator's parse stage could not judge the artefact: internal "
        "error: boom [internal_error]\n"
        "assay: 1 error in 1 file\n");
}

TEST_CASE("report: exit codes follow the worst verdict, warnings alone are clean") {
  CHECK(exit_code_for({}) == kExitClean);
  CHECK(exit_code_for({result_with(Verdict::kPass, {finding(Severity::kWarning)})}) == kExitClean);
  CHECK(exit_code_for({result_with(Verdict::kPass, {}), result_with(Verdict::kFail, {})}) ==
        kExitFindings);
  CHECK(exit_code_for({result_with(Verdict::kFail, {}), result_with(Verdict::kError, {}),
                       result_with(Verdict::kFail, {})}) == kExitNotJudged);
}

TEST_CASE("report: --format takes json, sarif or text") {
  CHECK(*format_from_flag(std::nullopt, OutputFormat::kText) == OutputFormat::kText);
  CHECK(*format_from_flag("sarif", OutputFormat::kText) == OutputFormat::kSarif);
  CHECK(*format_from_flag("json", OutputFormat::kText) == OutputFormat::kJson);
  const auto bad = format_from_flag("xml", OutputFormat::kText);
  REQUIRE_FALSE(bad);
  CHECK(bad.status().code() == "usage_error");
  CHECK(bad.status().message() == "unknown format 'xml' (use text, json or sarif)");
}
