// compile(): OPA's safety analysis (rego_unsafe_var_error) — output vars of unification,
// assignment, built-in calls with an output operand, ref iteration, `some ... in`, `every`,
// comprehensions, `with`, negation, function arguments, rule heads, `else`, and the reordering
// of a body so a var bound later still counts. Expected texts and locations are OPA 1.x's.
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

void RequireClean(const std::string& text) {
  std::vector<RegoError> errors = Check(text);
  INFO(text << Describe(errors));
  CHECK(errors.empty());
}

struct Want {
  std::string message;
  int row;
  int col;
};

void RequireUnsafe(const std::string& text, const std::vector<Want>& want) {
  std::vector<RegoError> errors = Check(text);
  INFO(text << Describe(errors));
  REQUIRE(errors.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    CHECK(errors[i].code == "rego_unsafe_var_error");
    CHECK(errors[i].message == want[i].message);
    CHECK(errors[i].file == "policy.rego");
    CHECK(errors[i].location.row == want[i].row);
    CHECK(errors[i].location.col == want[i].col);
  }
}

}  // namespace

TEST_CASE("safe bodies compile without error") {
  RequireClean(R"(package test

p if {
	x := input.a
	x > 1
	[y, z] = [1, x]
	count(input.items, n)
	n > y + z
	input.xs[i] == 1
	some j in input.ys
	some k, v in input.m
	every e in input.es { e > j; v == k }
	ws := [w | some w in input.ws; w > x]
	q with input as {"a": 1}
	not input.blocked[x]
	print("debug", x, ws)
}

q if { input.a == 1 }
)");
}

TEST_CASE("a var bound by a later expression is safe (body reordering)") {
  RequireClean(R"(package test

p if {
	x > 1
	x = input.a
	not input.deny[y]
	y = "user"
	z = [a | a = x]
}
)");
}

TEST_CASE("function arguments are safe and may bind outputs") {
  RequireClean(R"(package test

f(x) := y if {
	y := x + 1
}

g([a, b]) := a + b

h(x, y) if x > y

p if {
	f(1, out)
	out == 2
	g([1, 2]) == 3
}
)");
}

TEST_CASE("a var used only in a comparison is unsafe at its expression") {
  RequireUnsafe(R"(package test

p if {
	x > 1
}
)",
                {{"var x is unsafe", 4, 2}});
}

TEST_CASE("unsafe vars are reported once each, ordered by location") {
  RequireUnsafe(R"(package test

p if {
	b > a
}
)",
                {{"var a is unsafe", 4, 2}, {"var b is unsafe", 4, 2}});
}

TEST_CASE("vars in a negated expression must be bound elsewhere") {
  RequireUnsafe(R"(package test

p if {
	not input.deny[x]
}
)",
                {{"var x is unsafe", 4, 2}});
  RequireUnsafe(R"(package test

p if {
	not input.items[_].admin
}
)",
                {{"var _ is unsafe", 4, 2}});
}

TEST_CASE("a call with unsafe inputs binds nothing") {
  // x := count(y): the nested call becomes count(y, out) at the call, then x = out.
  RequireUnsafe(R"(package test

p if {
	x := count(y)
}
)",
                {{"var x is unsafe", 4, 2}, {"var y is unsafe", 4, 7}});
}

TEST_CASE("rule head vars must be bound by the body") {
  RequireUnsafe(R"(package test

p contains x if {
	input.a == 1
}
)",
                {{"var x is unsafe", 3, 1}});
  RequireUnsafe(R"(package test

f(a) := b if {
	a > 1
}
)",
                {{"var b is unsafe", 3, 1}});
}

TEST_CASE("else heads are checked like rule heads") {
  RequireUnsafe(R"(package test

f(a) := 1 if {
	a > 1
} else := b if {
	a > 0
}
)",
                {{"var b is unsafe", 5, 3}});
}

TEST_CASE("comprehensions are their own scope and close over bound vars only") {
  RequireUnsafe(R"(package test

p if {
	ys := [y | y := z]
}
)",
                {{"var y is unsafe", 4, 13}, {"var z is unsafe", 4, 13}});
  RequireClean(R"(package test

p if {
	z := 1
	ys := [y | y := z]
}
)");
}

TEST_CASE("every bodies see the key, the value and the enclosing vars") {
  RequireUnsafe(R"(package test

p if {
	every x in input.xs {
		x > limit
	}
}
)",
                {{"var limit is unsafe", 5, 3}});
}

TEST_CASE("with values must be safe") {
  RequireUnsafe(R"(package test

p if {
	q with input as x
}

q if input.a
)",
                {{"var x is unsafe", 4, 2}});
}
