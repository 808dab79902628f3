// The Rego validator's run stage with the real sandbox and harness: expect.query against
// expect.result, evaluation errors at their place in the user's file, test_ rules as `opa test`
// runs them, a runaway policy stopped by the timeout, hostile harness jobs. (Runs as root in CI,
// like the sandbox's own tests.)
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "sandboxes/runtime/sandbox_profile.h"
#include "src/core/pipeline.h"
#include "validators/rego/network_calls.h"
#include "validators/rego/sandboxed_rego_runner.h"
#include "validators/validator_table.h"

using namespace assay;
using nlohmann::json;

namespace {

const sandbox::PolicySet& policies() {
  static const sandbox::PolicySet set = [] {
    auto loaded = sandbox::PolicySet::load_embedded();
    REQUIRE(loaded);
    return std::move(loaded).value();
  }();
  return set;
}

std::shared_ptr<const rego_validator::RegoRunner> runner() {
  static const std::shared_ptr<const rego_validator::RegoRunner> instance = [] {
    auto made = rego_validator::make_sandboxed_rego_runner(
        policies(), std::string(ASSAY_BINARY_DIR) + "/assay-rego-harness");
    if (!made) FAIL(made.status().message());
    return std::move(made).value();
  }();
  return instance;
}

const Registry& registry() {
  static const Registry instance = make_registry({runner()});
  return instance;
}

ValidationResult validate(const std::string& policy, json expect = nullptr, int timeout_ms = 5000,
                          const Registry& with = registry()) {
  ValidationRequest request;
  request.kind = "rego";
  request.files = {{"policy.rego", policy}};
  request.expect = std::move(expect);
  request.options.timeout_ms = timeout_ms;
  auto result = run_validation(with, request, "test");
  REQUIRE(result);
  return std::move(result).value();
}

const Diagnostic* find_code(const ValidationResult& result, const std::string& code) {
  for (const Diagnostic& d : result.diagnostics) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

const std::string kSlo =
    "package infra.slo\n"
    "\n"
    "violation contains msg if {\n"
    "  some service in input.services\n"
    "  service.metrics.ResponseTime > 400\n"
    "  msg := {\"service\": service.name, \"violation\": \"response time\"}\n"
    "}\n";

const json kSloInput = {
    {"services",
     {{{"name", "web"}, {"metrics", {{"ResponseTime", 512}}}},
      {{"name", "db"}, {"metrics", {{"ResponseTime", 12}}}}}}};

}  // namespace

TEST_CASE("rego run: expect.result given as the query's value passes") {
  const auto result = validate(kSlo, {{"query", "data.infra.slo.violation"},
                                      {"input", kSloInput},
                                      {"result", json::array({{{"service", "web"}, {"violation", "response time"}}})}});
  INFO((result.diagnostics.empty() ? "" : result.diagnostics[0].message));
  CHECK(result.verdict == Verdict::kPass);
  CHECK(result.score == 1.0);
  REQUIRE(result.stages.size() == 3);
  CHECK(result.stages[2].status == StageStatus::kPass);
  CHECK(result.sandbox.exit_code == 0);
  CHECK(result.sandbox.wall_ms > 0);
}

TEST_CASE("rego run: expect.result given as OPA's list of bindings passes, in any order") {
  const auto result = validate(kSlo + "names contains s.name if some s in input.services\n",
                               {{"query", "data.infra.slo.names[x]"},
                                {"input", kSloInput},
                                {"result", {{{"x", "web"}}, {{"x", "db"}}}}});
  INFO((result.diagnostics.empty() ? "" : result.diagnostics[0].message));
  CHECK(result.verdict == Verdict::kPass);
  // A defined query without variables is [{}] in that form.
  const auto defined = validate(kSlo, {{"query", "data.infra.slo.violation"},
                                       {"input", kSloInput},
                                       {"result", json::array({json::object()})}});
  CHECK(defined.verdict == Verdict::kPass);
}

TEST_CASE("rego run: a wrong result is rego_result_mismatch at the rule, naming both values") {
  const auto result = validate(kSlo, {{"query", "data.infra.slo.violation"},
                                      {"input", kSloInput},
                                      {"result", json::array()}});
  CHECK(result.verdict == Verdict::kFail);
  CHECK(result.stages[2].status == StageStatus::kFail);
  const Diagnostic* mismatch = find_code(result, "rego_result_mismatch");
  REQUIRE(mismatch != nullptr);
  CHECK(mismatch->stage == Stage::kRun);
  CHECK(mismatch->message ==
        "query data.infra.slo.violation: expected [], got "
        "[{\"service\":\"web\",\"violation\":\"response time\"}]");
  CHECK(mismatch->location == Location{"policy.rego", 3, 1});
  CHECK(result.score == 0.5);

  const auto undefined = validate(kSlo + "allow if input.user == \"admin\"\n",
                                  {{"query", "data.infra.slo.allow"}, {"result", true}});
  const Diagnostic* d = find_code(undefined, "rego_result_mismatch");
  REQUIRE(d != nullptr);
  CHECK(d->message == "query data.infra.slo.allow: expected true, got undefined (no solutions)");
}

TEST_CASE("rego run: an evaluation error keeps OPA's code and points into the user's file") {
  const auto result = validate("package p\n\nx := 1 if input.a\nx := 2 if input.b\n",
                               {{"query", "data.p.x"}, {"input", {{"a", true}, {"b", true}}}});
  CHECK(result.verdict == Verdict::kFail);
  const Diagnostic* conflict = find_code(result, "eval_conflict_error");
  REQUIRE(conflict != nullptr);
  CHECK(conflict->location->file == "policy.rego");
  CHECK(conflict->location->row >= 3);  // one of the two rules
  CHECK(conflict->stage == Stage::kRun);
}

TEST_CASE("rego run: test_ rules pass, fail and skip as opa test reports them") {
  const auto result = validate(
      "package authz\n"
      "\n"
      "allow if input.user == \"admin\"\n"
      "\n"
      "test_admin_allowed if allow with input as {\"user\": \"admin\"}\n"
      "test_guest_allowed if allow with input as {\"user\": \"guest\"}\n"
      "todo_test_audit if false\n");
  CHECK(result.verdict == Verdict::kFail);
  REQUIRE(result.tests.results.size() == 3);
  CHECK(result.tests.passed == 1);
  CHECK(result.tests.failed == 1);
  const TestCase& pass = result.tests.results[0];
  CHECK(pass.name == "data.authz.test_admin_allowed");
  CHECK(pass.status == TestStatus::kPass);
  CHECK(pass.location == Location{"policy.rego", 5, 1});
  const TestCase& fail = result.tests.results[1];
  CHECK(fail.name == "data.authz.test_guest_allowed");
  CHECK(fail.status == TestStatus::kFail);
  CHECK(result.tests.results[2].status == TestStatus::kSkip);
  const Diagnostic* failed = find_code(result, "rego_test_failed");
  REQUIRE(failed != nullptr);
  CHECK(failed->location == Location{"policy.rego", 6, 1});
  CHECK_THAT(failed->message, Catch::Contains("data.authz.test_guest_allowed"));
  CHECK(result.score == Approx(0.5 + 0.4 * 0.5));
}

TEST_CASE("rego run: a test that raises an error is an error, with the evaluation's code") {
  const auto result = validate(
      "package p\n"
      "x := 1 if input.a\n"
      "x := 2 if input.a\n"
      "test_conflict if x == 1 with input as {\"a\": true}\n");
  REQUIRE(result.tests.results.size() == 1);
  CHECK(result.tests.results[0].status == TestStatus::kError);
  CHECK_THAT(result.tests.results[0].message, Catch::StartsWith("eval_conflict_error"));
  CHECK(find_code(result, "eval_conflict_error") != nullptr);
  CHECK(result.tests.failed == 1);
}

TEST_CASE("rego run: all tests passing is a clean pass") {
  const auto result = validate("package p\nf(x) := x * 2\ntest_double if f(2) == 4\n");
  CHECK(result.verdict == Verdict::kPass);
  CHECK(result.tests.passed == 1);
  CHECK(result.stages[2].status == StageStatus::kPass);
}

TEST_CASE("rego run: nothing to run skips the stage and says why") {
  const auto result = validate(kSlo);
  CHECK(result.verdict == Verdict::kPass);
  REQUIRE(result.stages.size() == 3);
  CHECK(result.stages[2].status == StageStatus::kSkipped);
  CHECK_THAT(result.stages[2].reason, Catch::Contains("no test_ rules"));
  CHECK(result.sandbox.exit_code == std::nullopt);  // no sandbox was started
}

TEST_CASE("rego run: a runaway policy is stopped by the request's timeout") {
  const auto result = validate(
      "package p\n"
      "never if {\n"
      "  some i in numbers.range(1, 100000)\n"
      "  some j in numbers.range(1, 100000)\n"
      "  i + j < 0\n"
      "}\n",
      {{"query", "data.p.never"}}, 1000);
  CHECK(result.verdict == Verdict::kFail);
  const Diagnostic* timeout = find_code(result, "sandbox_timeout");
  REQUIRE(timeout != nullptr);
  CHECK(timeout->stage == Stage::kRun);
  CHECK(result.sandbox.violation == "timeout");
}

TEST_CASE("rego run: a malformed expect is request_invalid") {
  const auto result = validate(kSlo, {{"query", 42}});
  const Diagnostic* invalid = find_code(result, "request_invalid");
  REQUIRE(invalid != nullptr);
  CHECK(invalid->message == "expect.query must be a string");
  const auto unknown = validate(kSlo, {{"rows", json::array()}});
  REQUIRE(find_code(unknown, "request_invalid") != nullptr);
}

TEST_CASE("rego run: without a runner the stage is skipped and expect is not checked") {
  static const Registry without = make_registry();
  const auto result = validate(kSlo, {{"query", "data.infra.slo.violation"}, {"result", 1}},
                               5000, without);
  CHECK(result.stages[2].status == StageStatus::kSkipped);
  CHECK(find_code(result, "expect_not_checked") != nullptr);
  CHECK(result.verdict == Verdict::kPass);
}

TEST_CASE("rego check: calls to built-ins that need the network are warnings") {
  const auto result = validate(
      "package p\n"
      "status := http.send({\"method\": \"get\", \"url\": input.url}).status_code\n");
  const Diagnostic* warning = find_code(result, "rego_network_builtin");
  REQUIRE(warning != nullptr);
  CHECK(warning->severity == Severity::kWarning);
  CHECK(warning->stage == Stage::kCheck);
  CHECK(warning->location->row == 2);
  CHECK_THAT(warning->message, Catch::StartsWith("http.send reaches the network"));
  CHECK(result.verdict == Verdict::kPass);
  CHECK(result.score == Approx(0.95));
}

TEST_CASE("rego run: the harness answers a hostile job with a refusal, inside the sandbox") {
  for (const std::string& job :
       std::vector<std::string>{"not json", "{\"modules\": 3}", std::string(200000, '{')}) {
    auto ran = runner()->run(job, 5000);
    REQUIRE(ran);
    REQUIRE_FALSE(ran->failure);
    const json answer = json::parse(ran->answer);
    CHECK(answer["job_error"]["code"] == "harness_job_invalid");
  }
}
