// compile(): declarations as OPA's RewriteLocalVars stage checks them (rego_compile_error):
// `:=` twice, `:=` after a reference, `some` twice, redeclared arguments, unused `some` and
// `every` vars, assignment to something that is not a var, assignment under `not`, a called
// function shadowed by a local, calls in rule arguments. Expected texts are OPA 1.x's.
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

void RequireOne(const std::string& text, const std::string& message, int row, int col) {
  std::vector<RegoError> errors = Check(text);
  INFO(text);
  REQUIRE(errors.size() == 1);
  INFO(errors[0].message);
  CHECK(errors[0].code == "rego_compile_error");
  CHECK(errors[0].message == message);
  CHECK(errors[0].location.row == row);
  CHECK(errors[0].location.col == col);
}

}  // namespace

TEST_CASE("declarations in separate scopes compile") {
  CHECK(Check(R"(package test

p if {
	x := 1
	ys := [x | some x in input.xs]
	zs := {x: 1 | x := "a"}
	every x in input.xs { x > 0 }
	x > 0
	count(ys) + count(zs) > 0
}

f(x) := y if {
	y := [x | x := 1]
}
)")
            .empty());
}

TEST_CASE("a var assigned twice") {
  RequireOne(R"(package test

p if {
	x := 1
	x := 2
}
)",
             "var x assigned above", 5, 2);
}

TEST_CASE("assigning a var referenced earlier in the body") {
  RequireOne(R"(package test

p if {
	input.a == x
	x := 1
}
)",
             "var x referenced above", 5, 2);
}

TEST_CASE("declaring a var twice with some") {
  RequireOne(R"(package test

p if {
	some x
	some x
	input.a[x]
}
)",
             "var x declared above", 5, 2);
}

TEST_CASE("assigning a function argument") {
  RequireOne(R"(package test

f(x) := 1 if {
	x := 2
}
)",
             "arg x redeclared", 4, 2);
}

TEST_CASE("a var declared with some and never used") {
  RequireOne(R"(package test

p if {
	some x
	input.a == 1
}
)",
             "declared var x unused", 4, 2);
}

TEST_CASE("an every key never used is a declared var unused") {
  RequireOne(R"(package test

p if {
	every k, v in input.m {
		v > 0
	}
}
)",
             "declared var k unused", 5, 3);
}

TEST_CASE("assigning to a ref or a constant") {
  RequireOne(R"(package test

p if {
	input.x := 1
}
)",
             "cannot assign to ref", 4, 2);
  RequireOne(R"(package test

p if {
	[1, x] := [1, 2]
}
)",
             "cannot assign to number", 4, 3);
}

TEST_CASE("assigning inside a negated expression") {
  RequireOne(R"(package test

p if {
	not x := 1
}
)",
             "cannot assign vars inside negated expression", 4, 2);
}

TEST_CASE("calling a function shadowed by a local var") {
  RequireOne(R"(package test

p if {
	count := 1
	y := count([1])
	y > count
}
)",
             "called function count shadowed", 5, 7);
}

TEST_CASE("calls in rule arguments") {
  RequireOne(R"(package test

f(count(x)) := 1
)",
             "rule arguments cannot contain calls", 3, 3);
}
