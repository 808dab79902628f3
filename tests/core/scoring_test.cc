#include "src/core/scoring.h"

#include <catch2/catch.hpp>

using namespace assay;

namespace {

Diagnostic finding(Severity severity) {
  return Diagnostic{"x", "x", std::nullopt, severity, Stage::kParse, "v"};
}

}  // namespace

TEST_CASE("a clean pass scores 1") {
  const auto a = assess({{Stage::kParse, StageStatus::kPass, 0, ""}}, {}, {});
  CHECK(a.verdict == Verdict::kPass);
  CHECK(a.score == 1.0);
}

TEST_CASE("a parse failure scores 0") {
  const auto a = assess(
      {{Stage::kParse, StageStatus::kFail, 0, ""}, {Stage::kCheck, StageStatus::kSkipped, 0, "x"}},
      {finding(Severity::kError)}, {});
  CHECK(a.verdict == Verdict::kFail);
  CHECK(a.score == 0.0);
}

TEST_CASE("later failures score more than earlier ones") {
  const auto check = assess(
      {{Stage::kParse, StageStatus::kPass, 0, ""}, {Stage::kCheck, StageStatus::kFail, 0, ""}},
      {finding(Severity::kError)}, {});
  TestResults tests;
  tests.passed = 3;
  tests.failed = 1;
  const auto run = assess({{Stage::kParse, StageStatus::kPass, 0, ""},
                           {Stage::kCheck, StageStatus::kPass, 0, ""},
                           {Stage::kRun, StageStatus::kFail, 0, ""}},
                          {}, tests);
  CHECK(check.verdict == Verdict::kFail);
  CHECK(check.score == Approx(0.25));
  CHECK(run.verdict == Verdict::kFail);
  CHECK(run.score == Approx(0.5 + 0.4 * 0.75));
}

TEST_CASE("warnings lower a pass but never below 0.8") {
  CHECK(assess({}, {finding(Severity::kWarning)}, {}).score == Approx(0.95));
  std::vector<Diagnostic> many(20, finding(Severity::kWarning));
  const auto a = assess({}, many, {});
  CHECK(a.verdict == Verdict::kPass);
  CHECK(a.score == Approx(0.8));
}

TEST_CASE("an internal error is verdict error with score 0") {
  const auto a = assess({{Stage::kParse, StageStatus::kError, 0, "boom"}}, {}, {});
  CHECK(a.verdict == Verdict::kError);
  CHECK(a.score == 0.0);
}
