// compile(): calls and modifiers — undefined functions and arities (rego_type_error, with OPA's
// have/want lines for built-ins), void calls used as values, print operands, `with` targets,
// deprecated built-ins in v1 modules; and how errors are collected: one stage at a time, capped
// at max_errors with OPA's "error limit reached". Expected texts are OPA 1.x's.
#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "src/rego/compiler.h"
#include "src/rego/parser.h"

using namespace assay::rego;

namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

std::vector<RegoError> Check(const Files& files, CompileOptions options = {},
                             RegoVersion version = RegoVersion::kV1) {
  std::vector<std::unique_ptr<Module>> modules;
  for (const auto& [name, text] : files) {
    ParsedModule parsed = parse_module(name, text, {version, 10});
    INFO(text);
    REQUIRE(parsed.errors.empty());
    modules.push_back(std::move(parsed.module));
  }
  return compile(std::move(modules), options).errors;
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

void RequireOne(const std::vector<RegoError>& errors, const std::string& code,
                const std::string& message, int row, int col) {
  INFO(Describe(errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == code);
  CHECK(errors[0].message == message);
  CHECK(errors[0].location.row == row);
  CHECK(errors[0].location.col == col);
}

}  // namespace

TEST_CASE("calls to built-ins, package functions and imported functions") {
  std::vector<RegoError> errors = Check(Files{{"policy.rego", R"(package test

import data.lib.strings as s

p if {
	count(input.xs) > 1
	count(input.xs, n)
	n > 1
	s.shout("a") == "A!"
	double(2) == 4
	data.lib.strings.shout("b") == "B!"
}

double(x) := x * 2
)"},
                                              {"lib.rego", R"(package lib.strings

shout(x) := concat("", [upper(x), "!"])
)"}});
  INFO(Describe(errors));
  CHECK(errors.empty());
}

TEST_CASE("a call to a function that does not exist") {
  RequireOne(Check(R"(package test

p if {
	input.a == 1
	is_admin(input.user)
}
)"),
             "rego_type_error", "undefined function is_admin", 5, 2);
  RequireOne(Check(R"(package test

p := data.lib.f(1)
)"),
             "rego_type_error", "undefined function data.lib.f", 3, 6);
}

TEST_CASE("a built-in called with the wrong number of arguments") {
  RequireOne(Check(R"(package test

p if {
	count(input.a, input.b, 1)
}
)"),
             "rego_type_error",
             "count: arity mismatch\n\thave: (any, any, number)\n\twant: (collection: "
             "any<string, array[any], object[any: any], set[any]>)",
             4, 2);
}

TEST_CASE("a nested call must have exactly the function's arguments") {
  RequireOne(Check(R"(package test

f(x) := x

p := f(1, 2)
)"),
             "rego_type_error", "function data.test.f has arity 1, got 2 arguments", 5, 6);
  RequireOne(Check(R"(package test

f(x, y) := x + y

p if f(1) == 1
)"),
             "rego_type_error", "function data.test.f has arity 2, got 1 argument", 5, 6);
}

TEST_CASE("a void built-in used as a value") {
  RequireOne(Check(R"(package test

p := print("x")
)"),
             "rego_type_error", "print(\"x\") used as value", 3, 6);
}

TEST_CASE("print operands must be bound before the call") {
  RequireOne(Check(R"(package test

p if {
	print("x is", x)
	x := 1
}
)"),
             "rego_compile_error", "var x referenced above", 5, 2);
  RequireOne(Check(R"(package test

p if {
	print("y is", y)
}
)"),
             "rego_compile_error", "var y is undeclared", 4, 16);
}

TEST_CASE("with replaces input, data, built-ins and functions") {
  std::vector<RegoError> errors = Check(R"(package test

q if input.a == data.d.x

f(x) := x

p if {
	q with input as {"a": 1} with data.d.x as 1
	q with count as 3
	f(1) == 2 with f as 2
	q with time.now_ns as 0
}
)");
  INFO(Describe(errors));
  CHECK(errors.empty());
}

TEST_CASE("with targets that cannot be replaced") {
  RequireOne(Check(R"(package test

q if input.a

p if {
	q with foo as 1
}
)"),
             "rego_type_error",
             "with keyword target must reference existing input, data, or a function", 6, 9);
  RequireOne(Check(R"(package test

q := {"a": 1}

p if {
	q with data.test.q.a as 2
}
)"),
             "rego_compile_error", "with keyword cannot partially replace virtual document(s)", 6,
             9);
  RequireOne(Check(R"(package test

p if {
	true with print as 2
}
)"),
             "rego_compile_error",
             "with keyword replacing built-in function: target must not be a void function", 4, 12);
}

TEST_CASE("deprecated built-ins are refused in v1 modules only") {
  RequireOne(Check(R"(package test

p if {
	any([true, false])
}
)"),
             "rego_type_error", "deprecated built-in function calls in expression: any", 4, 2);
  std::vector<RegoError> errors = Check(
      Files{{"policy.rego", "package test\n\np { any([true, false]) }\n"}}, {}, RegoVersion::kV0);
  INFO(Describe(errors));
  CHECK(errors.empty());
}

TEST_CASE("only the first stage with errors reports") {
  // The conflict (CheckRuleConflicts) hides the unsafe var (a later stage).
  std::vector<RegoError> errors = Check(R"(package test

s contains 1

s := 2

p if x > 1
)");
  INFO(Describe(errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "conflicting rules data.test.s found");
}

TEST_CASE("errors are capped at max_errors with error limit reached") {
  std::string text = "package test\n\n";
  for (int i = 0; i < 12; ++i)
    text += "p" + std::to_string(i) + " if x" + std::to_string(i) + " > 1\n";
  std::vector<RegoError> errors = Check(Files{{"policy.rego", text}});
  REQUIRE(errors.size() == 11);
  CHECK(errors[9].message == "var x9 is unsafe");
  CHECK(errors[10].code == "rego_compile_error");
  CHECK(errors[10].message == "error limit reached");
  CHECK(errors[10].file.empty());
  CHECK(errors[10].location.row == 0);

  CompileOptions three;
  three.max_errors = 3;
  CHECK(Check(Files{{"policy.rego", text}}, three).size() == 4);
  CompileOptions unlimited;
  unlimited.max_errors = 0;
  CHECK(Check(Files{{"policy.rego", text}}, unlimited).size() == 12);
}
