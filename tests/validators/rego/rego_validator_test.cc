// The Rego validator through the pipeline, as a request reaches it: OPA's codes and messages,
// locations in the user's files, several modules checked together, the v0 dialect.
#include <catch2/catch.hpp>
#include <string>

#include "src/core/pipeline.h"
#include "validators/validator_table.h"

using namespace assay;

namespace {

const Registry& registry() {
  static const Registry instance = make_registry();
  return instance;
}

ValidationResult validate(std::vector<ArtefactFile> files, std::string dialect = "") {
  ValidationRequest request;
  request.kind = "rego";
  request.files = std::move(files);
  request.dialect = std::move(dialect);
  auto result = run_validation(registry(), request, "test");
  REQUIRE(result);
  return std::move(result).value();
}

}  // namespace

TEST_CASE("rego: a clean policy passes parse and check") {
  const auto result = validate({{"slo.rego",
                                 "package infra.slo\n\n"
                                 "violation contains msg if {\n"
                                 "  some service in input.services\n"
                                 "  service.machine_type == \"small\"\n"
                                 "  service.metrics.ResponseTime > 400\n"
                                 "  msg := sprintf(\"%s: response time violation\", [service.name])\n"
                                 "}\n"}});
  CHECK(result.verdict == Verdict::kPass);
  CHECK(result.score == 1.0);
  REQUIRE(result.stages.size() == 3);
  CHECK(result.stages[0].status == StageStatus::kPass);
  CHECK(result.stages[1].status == StageStatus::kPass);
  CHECK(result.stages[2].status == StageStatus::kSkipped);
}

TEST_CASE("rego: a policy cut off mid-rule is a parse error at its end, as OPA says it") {
  // The origin document's model output: the rule body stops mid-expression.
  const auto result = validate({{"policy.rego",
                                 "package slo\n\n"
                                 "violation[msg] {\n"
                                 "  input.service_info.machine_type == \"small\"\n"
                                 "  input.service_info.metric[\"ResponseTime\"] >"}});
  CHECK(result.verdict == Verdict::kFail);
  CHECK(result.score == 0.0);
  REQUIRE_FALSE(result.diagnostics.empty());
  const Diagnostic& d = result.diagnostics[0];
  CHECK(d.code == "rego_parse_error");
  CHECK_THAT(d.message, Catch::StartsWith("unexpected eof token"));
  CHECK(d.location->file == "policy.rego");
  CHECK(d.location->row == 5);
  CHECK(result.stages[1].status == StageStatus::kSkipped);
}

TEST_CASE("rego: compile errors carry OPA's codes and the rule's location") {
  const auto unsafe = validate({{"p.rego", "package p\n\nallow if {\n  x > 1\n}\n"}});
  REQUIRE(unsafe.diagnostics.size() == 1);
  CHECK(unsafe.diagnostics[0].code == "rego_unsafe_var_error");
  CHECK(unsafe.diagnostics[0].message == "var x is unsafe");
  CHECK(unsafe.diagnostics[0].location == Location{"p.rego", 4, 3});
  CHECK(unsafe.diagnostics[0].stage == Stage::kCheck);
  CHECK(unsafe.score == 0.25);

  const auto undefined = validate({{"p.rego", "package p\n\nallow if is_admin(input.user)\n"}});
  REQUIRE(undefined.diagnostics.size() == 1);
  CHECK(undefined.diagnostics[0].code == "rego_type_error");
  CHECK(undefined.diagnostics[0].message == "undefined function is_admin");

  const auto recursive = validate({{"p.rego", "package p\n\np if q\nq if p\n"}});
  REQUIRE_FALSE(recursive.diagnostics.empty());
  CHECK(recursive.diagnostics[0].code == "rego_recursion_error");
}

TEST_CASE("rego: several modules are checked together, as opa check checks a directory") {
  const auto together = validate({{"lib.rego", "package lib\n\nis_admin(user) if user.role == \"admin\"\n"},
                                   {"main.rego",
                                    "package main\n\nimport data.lib\n\nallow if lib.is_admin(input.user)\n"}});
  CHECK(together.verdict == Verdict::kPass);
  const auto alone = validate({{"main.rego",
                                "package main\n\nimport data.lib\n\nallow if lib.is_admin(input.user)\n"}});
  CHECK(alone.verdict == Verdict::kFail);
  CHECK(alone.diagnostics[0].code == "rego_type_error");
}

TEST_CASE("rego: the v0 dialect takes OPA's old syntax, v1 refuses it") {
  const std::string old_syntax = "package p\n\ndeny[msg] {\n  msg := \"no\"\n}\n";
  CHECK(validate({{"p.rego", old_syntax}}, "v0").verdict == Verdict::kPass);
  const auto v1 = validate({{"p.rego", old_syntax}});
  CHECK(v1.verdict == Verdict::kFail);
  CHECK(v1.diagnostics[0].code == "rego_parse_error");
}
