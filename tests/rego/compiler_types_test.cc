// compile(): the type checks OPA's CheckTypes stage makes that this engine reproduces exactly —
// built-in arguments of the wrong type and unifications of incompatible values (`==` included,
// which OPA rewrites to unification) — and the cases it leaves to OPA's fuller inference, which
// must compile without error here. Expected texts are OPA 1.x's (message, then have/want or
// left/right detail lines).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "src/rego/compiler.h"
#include "src/rego/parser.h"

using namespace assay::rego;

namespace {

std::vector<RegoError> Check(const std::string& text) {
  ParsedModule parsed = parse_module("policy.rego", text, {});
  INFO(text);
  REQUIRE(parsed.errors.empty());
  std::vector<std::unique_ptr<Module>> modules;
  modules.push_back(std::move(parsed.module));
  return compile(std::move(modules), {}).errors;
}

std::string Describe(const std::vector<RegoError>& errors) {
  std::string out;
  for (const RegoError& e : errors) {
    out += e.file + ":" + std::to_string(e.location.row) + ":" + std::to_string(e.location.col) +
           ": " + e.code + ": " + e.message + "\n";
  }
  return out;
}

void RequireTypeError(const std::string& text, const std::string& message, int row, int col) {
  std::vector<RegoError> errors = Check(text);
  INFO(text << Describe(errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == "rego_type_error");
  CHECK(errors[0].message == message);
  CHECK(errors[0].location.row == row);
  CHECK(errors[0].location.col == col);
}

}  // namespace

TEST_CASE("well-typed calls and comparisons compile") {
  std::vector<RegoError> errors = Check(R"(package test

p if {
	n := count(input.items)
	n > 1
	s := upper(input.name)
	startswith(s, "A")
	concat(",", ["a", "b"]) == "a,b"
	x := 1
	x == 1.5
	y := input.y
	y == "a"
	sum([1, 2]) == 3
	z := [1, "a"]
	z[0] == 1
}
)");
  INFO(Describe(errors));
  CHECK(errors.empty());
}

TEST_CASE("what OPA infers from rules and refs is left unjudged") {
  std::vector<RegoError> errors = Check(R"(package test

names := ["a", "b"]

f(x) := x

p if {
	upper(names[0]) == "A"
	f(1) == 1
	some v in input.values
	v == "x"
}
)");
  INFO(Describe(errors));
  CHECK(errors.empty());
}

TEST_CASE("a built-in argument of the wrong type") {
  RequireTypeError(R"(package test

p if {
	upper(1)
}
)",
                   "upper: invalid argument(s)\n\thave: (number)\n\twant: (x: string, y: string)",
                   4, 2);
}

TEST_CASE("a var typed by an earlier expression, passed to a built-in") {
  RequireTypeError(R"(package test

p if {
	name := upper(input.name)
	startswith(name, 1)
}
)",
                   "startswith: invalid argument(s)\n\thave: (string, number)\n\twant: (search: "
                   "string, base: string, result: boolean)",
                   5, 2);
}

TEST_CASE("a nested call's output operand shows as unknown") {
  RequireTypeError(R"(package test

p := x if {
	x := concat(",", "a")
}
)",
                   "concat: invalid argument(s)\n\thave: (string, string, ?\?\?)\n\twant: "
                   "(delimiter: string, collection: any<array[string], set[string]>, output: "
                   "string)",
                   4, 7);
}

TEST_CASE("== between a number and a string is a match error") {
  RequireTypeError(R"(package test

p if {
	count(input.items) == "0"
}
)",
                   "match error\n\tleft  : number\n\tright : string", 4, 2);
  RequireTypeError(R"(package test

p if {
	x := 1
	x = "a"
}
)",
                   "match error\n\tleft  : number\n\tright : string", 5, 2);
}
