#include "src/core/result_json.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace assay;
using nlohmann::json;

TEST_CASE("a result round-trips through JSON") {
  ValidationResult r;
  r.validation_id = "0b6c";
  r.kind = "sql";
  r.validator = "sql";
  r.validator_version = "0.1.0";
  r.verdict = Verdict::kFail;
  r.score = 0.25;
  r.duration_ms = 1.5;
  r.stages = {{Stage::kParse, StageStatus::kPass, 0.2, ""},
              {Stage::kCheck, StageStatus::kFail, 0.1, ""},
              {Stage::kRun, StageStatus::kSkipped, 0, "not run: the check stage did not pass"}};
  r.diagnostics = {
      {"sql_undefined_table", "no table t", Location{"q.sql", 3, 7}, Severity::kError,
       Stage::kCheck, "sql"},
      {"expect_not_checked", "later", std::nullopt, Severity::kWarning, std::nullopt, "sql"}};
  r.tests.passed = 1;
  r.tests.failed = 1;
  r.tests.results = {{"test_a", TestStatus::kPass, "", Location{"t.py", 1, 1}, 0.5},
                     {"test_b", TestStatus::kFail, "assert 1 == 2", std::nullopt, 0.1}};
  r.sandbox.wall_ms = 12;
  r.sandbox.exit_code = 1;
  r.sandbox.violation = "timeout";

  const json body = result_to_json(r);
  CHECK(body["verdict"] == "fail");
  CHECK(body["errors"][0]["location"]["row"] == 3);
  CHECK(body["errors"][0]["code"] == "sql_undefined_table");
  CHECK_FALSE(body["errors"][1].contains("location"));
  CHECK(body["sandbox"]["signal"].is_null());
  CHECK(body["score_version"] == kScoreVersion);

  auto back = result_from_json(body);
  REQUIRE(back);
  CHECK(*back == r);
}

TEST_CASE("a response of the wrong shape is refused, not thrown") {
  CHECK(result_from_json(json::object()).status().code() == "response_invalid");
  json body = result_to_json(ValidationResult{});
  body["verdict"] = "maybe";
  CHECK(result_from_json(body).status().code() == "response_invalid");
  body = result_to_json(ValidationResult{});
  body["stages"] = 3;
  CHECK(result_from_json(body).status().code() == "response_invalid");
}

TEST_CASE("error bodies have the diagnostic shape") {
  const json body = error_body(Status::error("kind_unknown", "no validator for kind 'x'"), "r1");
  CHECK(body["request_id"] == "r1");
  CHECK(body["errors"][0]["code"] == "kind_unknown");
  CHECK(body["errors"][0]["message"] == "no validator for kind 'x'");
  CHECK(body["errors"][0]["severity"] == "error");
}
