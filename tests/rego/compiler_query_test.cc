// check_query(): a query checked against a compiled policy as OPA's query compiler checks it —
// unsafe vars, undefined functions and arities, assignments — with locations in the query text.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "src/rego/compiler.h"
#include "src/rego/parser.h"

using namespace assay::rego;

namespace {

CompileResult Policy(const std::string& text) {
  ParsedModule parsed = parse_module("policy.rego", text, {});
  REQUIRE(parsed.errors.empty());
  std::vector<std::unique_ptr<Module>> modules;
  modules.push_back(std::move(parsed.module));
  CompileResult result = compile(std::move(modules), {});
  REQUIRE(result.errors.empty());
  return result;
}

std::vector<RegoError> Query(const CompileResult& policy, const std::string& text) {
  ParsedQuery parsed = parse_query(text, {});
  INFO(text);
  REQUIRE(parsed.errors.empty());
  return check_query(policy, *parsed.body);
}

const char* kPolicy = R"(package test

p contains x if some x in [1, 2]

f(x) := x + 1
)";

}  // namespace

TEST_CASE("queries that compile against the policy") {
  CompileResult policy = Policy(kPolicy);
  CHECK(Query(policy, "data.test.p[x]").empty());
  CHECK(Query(policy, "x := data.test.f(1); x > 1").empty());
  CHECK(Query(policy, "data.test.p = s; count(s) > 0").empty());
  CHECK(Query(policy, "x > 1; x = 2").empty());
}

TEST_CASE("an unsafe var in a query") {
  CompileResult policy = Policy(kPolicy);
  std::vector<RegoError> errors = Query(policy, "x > 1");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == "rego_unsafe_var_error");
  CHECK(errors[0].message == "var x is unsafe");
  CHECK(errors[0].file.empty());
  CHECK(errors[0].location.row == 1);
  CHECK(errors[0].location.col == 1);
}

TEST_CASE("a query calling what the policy does not define") {
  CompileResult policy = Policy(kPolicy);
  std::vector<RegoError> errors = Query(policy, "data.test.g(1)");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == "rego_type_error");
  CHECK(errors[0].message == "undefined function data.test.g");
  errors = Query(policy, "y := data.test.f(1, 2)");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "function data.test.f has arity 1, got 2 arguments");
}

TEST_CASE("a query assigning a var twice") {
  CompileResult policy = Policy(kPolicy);
  std::vector<RegoError> errors = Query(policy, "x := 1; x := 2");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == "rego_compile_error");
  CHECK(errors[0].message == "var x assigned above");
  CHECK(errors[0].location.col == 9);
}
