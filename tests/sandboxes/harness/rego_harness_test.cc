// The Rego harness in-process: one job in, one answer out, values exact, hostile jobs refused
// with a structured answer (the same code runs as assay-rego-harness in the sandbox).
#include "sandboxes/harness/rego_harness.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

using assay::harness::run_rego_job;
using nlohmann::json;

namespace {

json run(const json& job) { return json::parse(run_rego_job(job.dump())); }

json job_with(const std::string& module_text) {
  return {{"modules", {{{"file", "p.rego"}, {"text", module_text}}}}};
}

}  // namespace

TEST_CASE("harness: a query of one term gives its value; a query with vars gives bindings") {
  json job = job_with(
      "package slo\n"
      "violation contains msg if {\n"
      "  some s in input.services\n"
      "  s.rt > 400\n"
      "  msg := s.name\n"
      "}\n"
      "allow := false\n");
  job["input"] = {{"services", {{{"name", "web"}, {"rt", 500}}, {{"name", "db"}, {"rt", 10}}}}};
  job["query"] = "data.slo.violation";
  json answer = run(job);
  CHECK(answer["errors"] == json::array());
  CHECK(answer["eval_error"].is_null());
  REQUIRE(answer["solutions"].size() == 1);
  CHECK(answer["solutions"][0]["bindings"] == json::object());
  CHECK(answer["solutions"][0]["value"] == json{"web"});

  // false is a value, as `opa eval` reports it, not an undefined query.
  job["query"] = "data.slo.allow";
  answer = run(job);
  REQUIRE(answer["solutions"].size() == 1);
  CHECK(answer["solutions"][0]["value"] == false);

  job["query"] = "x := data.slo.violation[_]";
  answer = run(job);
  REQUIRE(answer["solutions"].size() == 1);
  CHECK(answer["solutions"][0]["bindings"] == json{{"x", "web"}});
  CHECK_FALSE(answer["solutions"][0].contains("value"));

  job["query"] = "data.slo.nothing_here";
  CHECK(run(job)["solutions"] == json::array());
}

TEST_CASE("harness: numbers stay exact both ways") {
  const std::string text =
      R"({"modules":[{"file":"p.rego","text":"package p\nbig := input.n + 1\n"}],)"
      R"("input":{"n":123456789012345678901234567890},"query":"data.p.big"})";
  const std::string answer = run_rego_job(text);
  CHECK(answer.find("123456789012345678901234567891") != std::string::npos);
}

TEST_CASE("harness: evaluation errors carry OPA's code and the module's location") {
  json job = job_with("package p\n\nx := 1 if input.a\nx := 2 if input.b\n");
  job["input"] = {{"a", true}, {"b", true}};
  job["query"] = "data.p.x";
  const json answer = run(job);
  REQUIRE(answer["eval_error"].is_object());
  CHECK(answer["eval_error"]["code"] == "eval_conflict_error");
  CHECK(answer["eval_error"]["file"] == "p.rego");
  CHECK(answer["eval_error"]["row"] >= 3);  // one of the two rules
  CHECK(answer["solutions"] == json::array());
}

TEST_CASE("harness: compile errors come back instead of results") {
  json job = job_with("package p\nallow if { x > 1 }\n");
  job["query"] = "data.p.allow";
  const json answer = run(job);
  REQUIRE(answer["errors"].size() == 1);
  CHECK(answer["errors"][0]["code"] == "rego_unsafe_var_error");
  CHECK(answer["errors"][0]["row"] == 2);
}

TEST_CASE("harness: test_ rules run as opa test runs them, with a filter") {
  json job = job_with(
      "package authz\n"
      "allow if input.user == \"admin\"\n"
      "test_admin if allow with input as {\"user\": \"admin\"}\n"
      "test_guest if allow with input as {\"user\": \"guest\"}\n"
      "todo_test_later if false\n"
      "test_prints if { print(\"hello\"); true }\n");
  job["tests"] = true;
  json answer = run(job);
  REQUIRE(answer["tests"].size() == 4);
  CHECK(answer["tests"][0]["package"] == "data.authz");
  CHECK(answer["tests"][0]["name"] == "test_admin");
  CHECK(answer["tests"][0]["fail"] == false);
  CHECK(answer["tests"][0]["row"] == 3);
  CHECK(answer["tests"][1]["name"] == "test_guest");
  CHECK(answer["tests"][1]["fail"] == true);
  CHECK(answer["tests"][2]["skip"] == true);
  CHECK(answer["tests"][3]["output"] == json{"hello"});

  job["test_filter"] = "guest$";
  answer = run(job);
  REQUIRE(answer["tests"].size() == 1);
  CHECK(answer["tests"][0]["name"] == "test_guest");

  job["test_filter"] = "(unclosed";
  CHECK(run(job)["job_error"]["code"] == "harness_job_invalid");
}

TEST_CASE("harness: the v0 dialect") {
  json job = job_with("package p\nallow { input.x == 1 }\n");
  job["dialect"] = "v0";
  job["query"] = "data.p.allow";
  job["input"] = {{"x", 1}};
  const json answer = run(job);
  REQUIRE(answer["solutions"].size() == 1);
  CHECK(answer["solutions"][0]["value"] == true);
}

TEST_CASE("harness: a runaway policy stops at the step budget") {
  json job = job_with(
      "package p\n"
      "n := count([1 | some i in numbers.range(1, 1000); some j in numbers.range(1, 1000)])\n");
  job["query"] = "data.p.n";
  job["max_steps"] = 10000;
  const json answer = run(job);
  REQUIRE(answer["eval_error"].is_object());
  CHECK(answer["eval_error"]["code"] == "eval_cancel_error");
}

TEST_CASE("harness: hostile jobs get a structured refusal, never a crash") {
  const std::vector<std::string> hostile = {
      "",
      "not json",
      "[]",
      "{}",
      R"({"modules": []})",
      R"({"modules": "p.rego"})",
      R"({"modules": [{"file": 1, "text": "package p"}]})",
      R"({"modules": [{"file": "p.rego"}]})",
      R"({"modules": [{"file": "p.rego", "text": "package p"}], "dialect": "v9"})",
      R"({"modules": [{"file": "p.rego", "text": "package p"}], "query": 7})",
      R"({"modules": [{"file": "p.rego", "text": "package p"}], "data": [1]})",
      R"({"modules": [{"file": "p.rego", "text": "package p"}], "max_steps": -1})",
      R"({"modules": [{"file": "p.rego", "text": "package p"}], "now_ns": 1e400})",
      R"({"modules": [{"file": "p.rego", "text": "package p"}], "tests": "yes"})",
      std::string(100000, '[') + std::string(100000, ']'),
  };
  for (const std::string& job : hostile) {
    INFO(job.substr(0, 80));
    const json answer = json::parse(run_rego_job(job));
    CHECK(answer["job_error"]["code"] == "harness_job_invalid");
    CHECK_FALSE(answer["job_error"]["message"].get<std::string>().empty());
  }
  // A query that does not parse is an error of the query, not of the job.
  json job = job_with("package p\n");
  job["query"] = "data.p[";
  const json answer = run(job);
  REQUIRE(answer["errors"].size() >= 1);
  CHECK(answer["errors"][0]["code"] == "rego_parse_error");
}
