// compile(): checks on rules as a whole — conflicts between rules at one path (OPA reports them
// as rego_type_error), rules against packages, recursion (rego_recursion_error), keyword
// overrides and duplicate imports (rego_compile_error, Rego v1 modules only). Expected texts and
// locations are OPA 1.x's.
#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "src/rego/compiler.h"
#include "src/rego/parser.h"

using namespace assay::rego;

namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

std::vector<RegoError> Check(const Files& files, RegoVersion version = RegoVersion::kV1) {
  std::vector<std::unique_ptr<Module>> modules;
  for (const auto& [name, text] : files) {
    ParsedModule parsed = parse_module(name, text, {version, 10});
    INFO(text);
    REQUIRE(parsed.errors.empty());
    modules.push_back(std::move(parsed.module));
  }
  return compile(std::move(modules), {}).errors;
}

std::vector<RegoError> Check(const std::string& text) {
  return Check(Files{{"policy.rego", text}});
}

std::string Describe(const std::vector<RegoError>& errors) {
  std::string out;
  for (const RegoError& e : errors) {
    out += e.file + ":" + std::to_string(e.location.row) + ":" + std::to_string(e.location.col) +
           ": " + e.code + ": " + e.message + "\n";
  }
  return out;
}

void RequireError(const std::vector<RegoError>& errors, size_t i, const std::string& code,
                  const std::string& message, const std::string& file, int row, int col) {
  INFO(Describe(errors));
  REQUIRE(errors.size() > i);
  CHECK(errors[i].code == code);
  CHECK(errors[i].message == message);
  CHECK(errors[i].file == file);
  CHECK(errors[i].location.row == row);
  CHECK(errors[i].location.col == col);
}

}  // namespace

TEST_CASE("rules of one kind at a path do not conflict") {
  std::vector<RegoError> errors = Check(R"(package test

default allow := false

allow if input.admin

allow if input.owner

deny contains "a" if input.a

deny contains "b" if input.b

f(x) := 1 if x > 0

f(x) := 2 if x <= 0

obj[k] := 1 if some k in input.keys

a.b.c := 1

a.b.d := 2
)");
  INFO(Describe(errors));
  CHECK(errors.empty());
}

TEST_CASE("rules of different kinds or arities conflict") {
  std::vector<RegoError> errors = Check(R"(package test

s contains 1

s := 2
)");
  REQUIRE(errors.size() == 1);
  RequireError(errors, 0, "rego_type_error", "conflicting rules data.test.s found", "policy.rego",
               3, 1);

  errors = Check(R"(package test

f(x) := 1

f(x, y) := 2
)");
  REQUIRE(errors.size() == 1);
  RequireError(errors, 0, "rego_type_error", "conflicting rules data.test.f found", "policy.rego",
               3, 1);
}

TEST_CASE("a single-value rule with rules inside its extent") {
  std::vector<RegoError> errors = Check(R"(package test

q := 1

q.r := 2

q.s.t := 3
)");
  REQUIRE(errors.size() == 1);
  RequireError(errors, 0, "rego_type_error",
               "rule data.test.q conflicts with [data.test.q.r data.test.q.s.t]", "policy.rego", 3,
               1);
}

TEST_CASE("several default rules at a path") {
  std::vector<RegoError> errors = Check(R"(package test

default p := 1

default p := 2
)");
  REQUIRE(errors.size() == 1);
  RequireError(errors, 0, "rego_type_error",
               "multiple default rules data.test.p found at policy.rego:3, policy.rego:5",
               "policy.rego", 1, 1);
}

TEST_CASE("a rule whose path is a package") {
  std::vector<RegoError> errors =
      Check(Files{{"a.rego", "package x\n\np := 1\n"}, {"b.rego", "package x.p\n\nq := 2\n"}});
  INFO(Describe(errors));
  REQUIRE(errors.size() == 2);
  RequireError(errors, 0, "rego_type_error", "rule data.x.p conflicts with [data.x.p.q]", "a.rego",
               3, 1);
  RequireError(errors, 1, "rego_type_error",
               "package x.p conflicts with rule p defined at a.rego:3", "a.rego", 1, 1);
}

TEST_CASE("rules that do not depend on themselves") {
  std::vector<RegoError> errors = Check(R"(package test

a := b + 1

b := c * 2

c := 3

f(x) := g(x) + 1

g(x) := x
)");
  INFO(Describe(errors));
  CHECK(errors.empty());
}

TEST_CASE("a rule that depends on itself") {
  std::vector<RegoError> errors = Check(R"(package test

p if {
	not q
}

q if {
	p
}
)");
  REQUIRE(errors.size() == 2);
  RequireError(errors, 0, "rego_recursion_error",
               "rule data.test.p is recursive: data.test.p -> data.test.q -> data.test.p",
               "policy.rego", 3, 1);
  RequireError(errors, 1, "rego_recursion_error",
               "rule data.test.q is recursive: data.test.q -> data.test.p -> data.test.q",
               "policy.rego", 7, 1);
}

TEST_CASE("recursion through functions, comprehensions and refs with vars") {
  std::vector<RegoError> errors = Check(R"(package test

f(x) := y if {
	y := f(x)
}
)");
  REQUIRE(errors.size() == 1);
  RequireError(errors, 0, "rego_recursion_error",
               "rule data.test.f is recursive: data.test.f -> data.test.f", "policy.rego", 3, 1);

  errors = Check(R"(package test

p := [x | some x in data.test[_]]
)");
  REQUIRE(errors.size() == 1);
  RequireError(errors, 0, "rego_recursion_error",
               "rule data.test.p is recursive: data.test.p -> data.test.p", "policy.rego", 3, 1);
}

TEST_CASE("keywords overridden in a v1 module") {
  std::vector<RegoError> errors = Check(R"(package test

input := 1
)");
  REQUIRE(errors.size() == 1);
  RequireError(errors, 0, "rego_compile_error",
               "rules must not shadow input (use a different rule name)", "policy.rego", 3, 1);

  errors = Check(R"(package test

p if {
	data := 1
	data > 0
}
)");
  REQUIRE(errors.size() == 1);
  RequireError(errors, 0, "rego_compile_error",
               "variables must not shadow data (use a different variable name)", "policy.rego", 4,
               2);

  errors = Check(R"(package test

f(input) := 1
)");
  REQUIRE(errors.size() == 1);
  RequireError(errors, 0, "rego_compile_error",
               "args must not shadow input (use a different variable name)", "policy.rego", 3, 1);
}

TEST_CASE("a v0 module may override keywords") {
  std::vector<RegoError> errors = Check(Files{{"policy.rego", R"(package test

p {
	input := {"a": 1}
	input.a == 1
}
)"}},
                                        RegoVersion::kV0);
  INFO(Describe(errors));
  CHECK(errors.empty());
}

TEST_CASE("a v0 module importing rego.v1 is checked as a v1 module") {
  std::vector<RegoError> errors = Check(Files{{"policy.rego", R"(package test

import rego.v1

input := 1
)"}},
                                        RegoVersion::kV0);
  REQUIRE(errors.size() == 1);
  RequireError(errors, 0, "rego_compile_error",
               "rules must not shadow input (use a different rule name)", "policy.rego", 5, 1);
}

TEST_CASE("two imports under one name") {
  std::vector<RegoError> errors = Check(R"(package test

import data.foo
import data.bar.foo

p := foo
)");
  REQUIRE(errors.size() == 1);
  RequireError(errors, 0, "rego_compile_error", "import must not shadow import data.foo",
               "policy.rego", 4, 1);

  errors = Check(R"(package test

import data.foo as x
import data.bar as y
import rego.v1

p := x.a + y.b
)");
  INFO(Describe(errors));
  CHECK(errors.empty());
}
