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

// ---- Rule types, refs into typed values, user functions (OPA's checkRule, checkRefLeaf) ----

TEST_CASE("a rule's type flows into the refs to it") {
  RequireTypeError(R"(package test

q := 1

p if {
	x := data.test.q
	upper(x)
}
)",
                   "upper: invalid argument(s)\n\thave: (number)\n\twant: (x: string, y: string)",
                   7, 2);
  // OPA's TestCheckErrorOrdering: a boolean rule unified with a number.
  RequireTypeError(R"(package test

q := true

p if {
	q = 1
}
)",
                   "match error\n\tleft  : boolean\n\tright : number", 6, 2);
}

TEST_CASE("partial set, partial object and else rules have their merged types") {
  RequireTypeError(R"(package test

s contains x if {
	x := "a"
}

p if {
	upper(s)
}
)",
                   "upper: invalid argument(s)\n\thave: (set[string])\n\twant: (x: string, y: "
                   "string)",
                   8, 2);
  RequireTypeError(R"(package test

o[k] := 1 if {
	k := "a"
}

p if {
	upper(o)
}
)",
                   "upper: invalid argument(s)\n\thave: (object[string: number])\n\twant: (x: "
                   "string, y: string)",
                   8, 2);
  RequireTypeError(R"(package test

e := 1 if {
	input.x
} else := true

p if {
	upper(e)
}
)",
                   "upper: invalid argument(s)\n\thave: (any<boolean, number>)\n\twant: (x: "
                   "string, y: string)",
                   8, 2);
}

TEST_CASE("a ref into a scalar rule is an undefined ref") {
  RequireTypeError(R"(package test

q := true

p if {
	q.x
}
)",
                   "undefined ref: data.test.q.x\n\tdata.test.q.x\n\t^^^^^^^^^^^\n\thave: boolean",
                   6, 2);
}

TEST_CASE("a key an object rule does not have is an undefined ref") {
  // OPA's TestCheckValidErrors: one error; the comparison with the nil type is not reported.
  RequireTypeError(R"(package test

x := {"a": 1}

z if {
	x[1] == 1
}
)",
                   "undefined ref: data.test.x[1]\n\tdata.test.x[1]\n\t            ^\n\t       "
                   "     have: 1\n\t            want (one of): [\"a\"]",
                   6, 2);
}

TEST_CASE("refs into local vars of known types") {
  RequireTypeError(R"(package test

p if {
	x := {"a": 1}
	x.b
}
)",
                   "undefined ref: x.b\n\tx.b\n\t  ^\n\t  have: \"b\"\n\t  want (one of): [\"a\"]",
                   5, 2);
  RequireTypeError(R"(package test

p if {
	x := 1
	x[0]
}
)",
                   "undefined ref: x[0]\n\tx[0]\n\t^\n\thave: number", 5, 2);
  RequireTypeError(R"(package test

p if {
	x := {"a": [1]}
	upper(x.a[0])
}
)",
                   "upper: invalid argument(s)\n\thave: (number)\n\twant: (x: string, y: string)",
                   5, 2);
}

TEST_CASE("a user function's inferred argument types") {
  RequireTypeError(R"(package test

f(x) := y if {
	y := upper(x)
}

p if {
	f(1)
}
)",
                   "data.test.f: invalid argument(s)\n\thave: (number)\n\twant: (string, string)",
                   8, 2);
  // OPA's TestFunctionsTypeInference: an array pattern's element types.
  RequireTypeError(R"(package test

foo([a, b]) := y if {
	split(a, b, y)
}

p if {
	foo(["hello", 5], y)
	y
}
)",
                   "data.test.foo: invalid argument(s)\n\thave: (array<string, number>, ?\?\?)\n\t"
                   "want: (array<string, string>, array[string])",
                   8, 2);
  // The result's type reaches the caller's output var.
  RequireTypeError(R"(package test

f(x) := count(x)

p if {
	n := f([1])
	upper(n)
}
)",
                   "upper: invalid argument(s)\n\thave: (number)\n\twant: (x: string, y: string)",
                   7, 2);
}

TEST_CASE("a rule or function with a type error is any to its users") {
  // OPA's TestCheckValidErrors: two errors, none for the calls to the erroneous rules.
  std::vector<RegoError> errors = Check(R"(package test

b if {
	a(1)
}

a(x) if {
	max("foo")
}

m if {
	1 / "foo"
}

n if {
	upper(m)
}
)");
  INFO(Describe(errors));
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].message.rfind("max: invalid argument(s)", 0) == 0);
  CHECK(errors[1].message.rfind("div: invalid argument(s)", 0) == 0);
}

TEST_CASE("well-typed uses of rules, refs and functions compile") {
  std::vector<RegoError> errors = Check(R"(package test

q := 1

r := {"a": {"b": 1}, "c": [1, "x"]}

s contains "a"

o[k] := 1 if {
	k := "a"
}

e := 1 if {
	input.x
} else := "a"

i := input.x

f(x) := x

foo([a, b]) := y if {
	split(a, b, y)
}

g(x) := y if {
	y := upper(x)
}

p if {
	x := data.test.q
	x + 1 > 0
	r.a.b == 1
	r[k]
	upper(k)
	r.c[0] == 1
	count(s) > 0
	s["a"]
	o.b == 1
	upper(e)
	upper(i)
	i.anything.goes
	data.base.document.here
	f(1) == 1
	f("a") == "a"
	foo(["hello", "ll"], parts)
	count(parts) == 2
	upper(g("a"))
	y := input.y
	g(y)
}
)");
  INFO(Describe(errors));
  CHECK(errors.empty());
}

TEST_CASE("queries are checked against the policy's rule types") {
  ParsedModule parsed = parse_module("policy.rego", R"(package test

q := 1

r := {"a": "x"}

f(x) := upper(x)
)",
                                     {});
  REQUIRE(parsed.errors.empty());
  std::vector<std::unique_ptr<Module>> modules;
  modules.push_back(std::move(parsed.module));
  CompileResult compiled = compile(std::move(modules), {});
  REQUIRE(compiled.errors.empty());
  auto query_errors = [&](const std::string& text) {
    ParsedQuery q = parse_query(text, {});
    REQUIRE(q.errors.empty());
    return check_query(compiled, *q.body);
  };
  std::vector<RegoError> errors = query_errors("x := data.test.q; upper(x)");
  INFO(Describe(errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message ==
        "upper: invalid argument(s)\n\thave: (number)\n\twant: (x: string, y: string)");
  errors = query_errors("data.test.r.b");
  INFO(Describe(errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message ==
        "undefined ref: data.test.r.b\n\tdata.test.r.b\n\t            ^\n\t            have: "
        "\"b\"\n\t            want (one of): [\"a\"]");
  errors = query_errors("data.test.f(1, y)");
  INFO(Describe(errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message ==
        "data.test.f: invalid argument(s)\n\thave: (number, ?\?\?)\n\twant: (string, string)");
  // Well-typed queries stay clean.
  CHECK(query_errors("x := data.test.q; x > 0; upper(data.test.r.a); data.test.f(\"a\", y)")
            .empty());
  CHECK(query_errors("data.test.r[k]; upper(k)").empty());
}

TEST_CASE("a rule that uses an erroneous rule keeps its own type") {
  // m is any to n's body, n's type is still number: upper(n) is an error of its own.
  std::vector<RegoError> errors = Check(R"(package test

m if {
	1 / "foo"
}

n := 1 if {
	m
}

p if {
	upper(n)
}
)");
  INFO(Describe(errors));
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].message.rfind("div: invalid argument(s)", 0) == 0);
  CHECK(errors[1].message ==
        "upper: invalid argument(s)\n\thave: (number)\n\twant: (x: string, y: string)");
}

TEST_CASE("comprehensions are typed and their bodies checked") {
  // OPA's TestCheckInference "array-comprehension-var-closure": array[number].
  RequireTypeError(R"(package test

p := y if {
	x := 1
	y := [i | x = i]
}

q if {
	upper(p)
}
)",
                   "upper: invalid argument(s)\n\thave: (array[number])\n\twant: (x: string, y: "
                   "string)",
                   9, 2);
  RequireTypeError(R"(package test

p if {
	xs := {x | x := 1; upper(x)}
	count(xs) > 0
}
)",
                   "upper: invalid argument(s)\n\thave: (number)\n\twant: (x: string, y: string)",
                   4, 21);
  std::vector<RegoError> errors = Check(R"(package test

p := {k: v | some k, v in input.x}

q := [y | y := 1]

r := {s | some s in q}

t if {
	upper(p.a)
	q[0] > 0
	count(r) > 0
	every x in q { x > 0 }
	z := [w | w := q[_]]
	z[0] + 1 > 0
}
)");
  INFO(Describe(errors));
  CHECK(errors.empty());
}

TEST_CASE("expressions with `with` replacing documents are checked") {
  RequireTypeError(R"(package test

q := input.x

p if {
	upper(1) with input as {"x": 1}
}
)",
                   "upper: invalid argument(s)\n\thave: (number)\n\twant: (x: string, y: string)",
                   6, 2);
  std::vector<RegoError> errors = Check(R"(package test

f(x) := x

q := 1

p if {
	upper(input.x) with input as {"x": 1}
	f(1) == 1 with data.test.f as 2
	q == 2 with data.test.q as 2
	count([x | x := 1]) == 1 with input as [y | y := 1]
}
)");
  INFO(Describe(errors));
  CHECK(errors.empty());
}
