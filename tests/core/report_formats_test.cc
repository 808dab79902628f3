#include "src/core/report_formats.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace assay;

namespace {

ValidationResult result_with(std::vector<Diagnostic> diagnostics) {
  ValidationResult r;
  r.kind = "sql";
  r.verdict = Verdict::kFail;
  r.diagnostics = std::move(diagnostics);
  return r;
}

}  // namespace

TEST_CASE("text lines read like a compiler's") {
  CHECK(text_line({"sql_syntax_error", "syntax error at or near \"FRM\"", Location{"q.sql", 3, 8},
                   Severity::kError, Stage::kParse, "sql"}) ==
        "q.sql:3:8: error: syntax error at or near \"FRM\" [sql_syntax_error]");
  CHECK(text_line({"expect_not_checked", "not checked", std::nullopt, Severity::kWarning,
                   std::nullopt, "sql"}) == "assay: warning: not checked [expect_not_checked]");
}

TEST_CASE("SARIF has the required fields and one rule per code") {
  const Diagnostic syntax{"sql_syntax_error", "bad",         Location{"dir/my q.sql", 2, 5},
                          Severity::kError,   Stage::kParse, "sql"};
  const Diagnostic warning{"expect_not_checked", "later",      std::nullopt,
                           Severity::kWarning,   std::nullopt, "sql"};
  const auto sarif = to_sarif({result_with({syntax, warning}), result_with({syntax})}, "0.1.0");
  CHECK(sarif["version"] == "2.1.0");
  CHECK(sarif["$schema"].get<std::string>().find("sarif") != std::string::npos);
  const auto& run = sarif["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "assay");
  CHECK(run["tool"]["driver"]["version"] == "0.1.0");
  const auto& rules = run["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == 2);
  CHECK(rules[0]["id"] == "sql_syntax_error");
  CHECK_FALSE(rules[0]["shortDescription"]["text"].get<std::string>().empty());
  const auto& results = run["results"];
  REQUIRE(results.size() == 3);
  CHECK(results[0]["ruleId"] == "sql_syntax_error");
  CHECK(results[0]["ruleIndex"] == 0);
  CHECK(results[0]["level"] == "error");
  CHECK(results[0]["message"]["text"] == "bad");
  const auto& physical = results[0]["locations"][0]["physicalLocation"];
  CHECK(physical["artifactLocation"]["uri"] == "dir/my%20q.sql");
  CHECK(physical["region"]["startLine"] == 2);
  CHECK(physical["region"]["startColumn"] == 5);
  CHECK(results[1]["level"] == "warning");
  CHECK(results[1]["ruleIndex"] == 1);
  CHECK_FALSE(results[1].contains("locations"));
  CHECK(results[2]["ruleIndex"] == 0);
}

TEST_CASE("SARIF says when a validation could not decide") {
  CHECK(to_sarif({result_with({})}, "1")["runs"][0]["invocations"][0]["executionSuccessful"] ==
        true);
  ValidationResult broken = result_with({});
  broken.validator = "sql";
  broken.stages = {{Stage::kParse, StageStatus::kError, 0, "internal error: boom"}};
  const auto invocation = to_sarif({broken}, "1")["runs"][0]["invocations"][0];
  CHECK(invocation["executionSuccessful"] == false);
  CHECK(invocation["toolExecutionNotifications"][0]["message"]["text"] ==
        "sql parse stage: internal error: boom");
}

TEST_CASE("paths become percent-encoded URIs") {
  CHECK(path_to_uri("a/b_c-d.e~f.sql") == "a/b_c-d.e~f.sql");
  CHECK(path_to_uri("ü #%.sql") == "%C3%BC%20%23%25.sql");
}
