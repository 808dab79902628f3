// The Rego parser on invalid policies: OPA's error code, message and location for each
// mistake, and what OPA reports after the first one.
#include <catch2/catch.hpp>

#include "src/rego/parser.h"
#include "tests/rego/parse_helpers.h"

namespace assay::rego::testing {
namespace {

// All errors of parsing `text`, as "row:col: message" lines; checks they are parse errors of
// file policy.rego and that no module came with them.
std::string ErrorsOf(std::string_view text, RegoVersion version = RegoVersion::kV1) {
  auto parsed = version == RegoVersion::kV1 ? ParseV1(text) : ParseV0(text);
  CHECK_FALSE(parsed.module);
  for (const RegoError& e : parsed.errors) {
    CHECK(e.code == "rego_parse_error");
    CHECK(e.file == "policy.rego");
  }
  return Errors(parsed);
}

TEST_CASE("parse errors: a rule cut off mid-line", "[rego][parser][errors]") {
  // The origin document's case: the last rule of a generated policy is truncated.
  std::string policy =
      "package infra.slo\n"
      "\n"
      "import rego.v1\n"
      "\n"
      "default allow := false\n"
      "\n"
      "allow if {\n"
      "\tinput.service.p95_ms < 400\n"
      "\tinput.service.error_pct <";
  CHECK(ErrorsOf(policy) == "9:26: unexpected eof token\n");
  // With the newline the editor adds, eof is on the next row, at column 0 as OPA has it; the
  // body's next expression is expected there too.
  CHECK(ErrorsOf(policy + "\n") == "10:0: unexpected eof token\n10:0: unexpected eof token\n");
  // A body missing its closing brace.
  CHECK(ErrorsOf("package p\nallow if {\n  input.x == 1\n") == "4:0: unexpected eof token\n");
  CHECK(ErrorsOf("package p\nallow if {\n  input.x == 1") ==
        "3:14: unexpected eof token: expected \\n or ; or }\n");
}

TEST_CASE("parse errors: unexpected tokens", "[rego][parser][errors]") {
  CHECK(ErrorsOf("package p\nx := 1 }") == "2:8: unexpected } token\n");
  CHECK(ErrorsOf("package p\np if {\n  input.x == 1 input.y\n}") ==
        "3:16: unexpected identifier token: expected \\n or ; or }\n");
  CHECK(ErrorsOf("package p\np if { x := [1, 2 }") ==
        "2:19: unexpected } token: expected \",\" or \"]\"\n");
  CHECK(ErrorsOf("package p\nx := {\"a\": 1, \"b\" 2}") ==
        "2:12: unexpected number token: non-terminated object\n"
        "2:12: unexpected number token: expected rule value term (e.g., x := <VALUE> { ... })\n");
  CHECK(ErrorsOf("package p\np if { x := {1 2} }") ==
        "2:16: unexpected number token: non-terminated set\n");
  CHECK(ErrorsOf("package p\np if { x := (1 + 2 }") == "2:20: non-terminated expression\n");
  CHECK(ErrorsOf("package p\np if { x[1 }") == "2:12: unexpected } token: expected [\n");
  CHECK(ErrorsOf("package p\np if { x. y }") ==
        "2:10: unexpected whitespace token: expected identifier\n");
  CHECK(ErrorsOf("package p\np if { x := }") == "2:13: unexpected } token\n");
  CHECK(ErrorsOf("package p\np { }", RegoVersion::kV0) == "2:5: found empty body\n");
  CHECK(ParseV1("package p\np if { }").module);  // as OPA: an empty object literal is the body
  CHECK(ErrorsOf("package p\np if { x := -y.z(1) - }") == "2:23: unexpected } token\n");
  CHECK(ErrorsOf("package p\np == 1\n") == "2:1: rule name conflicts with built-in function\n");
  CHECK(ErrorsOf("package p\np==1\n") == "2:2: unexpected equal token\n");
}

TEST_CASE("parse errors: statements that are not rules", "[rego][parser][errors]") {
  CHECK(ErrorsOf("package p\np\n") == "2:1: var cannot be used for rule name\n");
  CHECK(ErrorsOf("package p\n\"s\"\n") == "2:1: string cannot be used for rule name\n");
  CHECK(ErrorsOf("package p\ninput.x == 1\n") ==
        "2:1: rule name conflicts with built-in function\n");
  CHECK(ErrorsOf("package p\nx := 1; y := 2\n") ==
        "2:1: multiple expressions cannot be used for rule head\n");
  CHECK(ErrorsOf("package p\nnot p\n") ==
        "2:1: negated expressions cannot be used for rule head\n");
  CHECK(ErrorsOf("package p\nsome x\n") ==
        "2:1: 'some' declarations cannot be used for rule head\n");
  CHECK(ErrorsOf("package p\np with input as 1\n") ==
        "2:1: expressions using with keyword cannot be used for rule head\n");
  CHECK(ErrorsOf("package p\ninput\n") == "2:1: refs cannot be used for rule head\n");
  CHECK(ErrorsOf("package p\n1 = 2\n") == "2:1: number cannot be used for rule name\n");
  CHECK(ErrorsOf("package p\nf()\n") ==
        "2:1: rule argument list must take at least one argument\n");
  CHECK(ErrorsOf("x := 1\n") == "1:1: package expected\n");
  CHECK(ErrorsOf("package p\npackage q\n") == "2:1: unexpected package\n");
  auto empty = ParseV1("# nothing here\n");
  REQUIRE(empty.errors.size() == 1);
  CHECK(empty.errors[0].message == "empty module");
  CHECK(empty.errors[0].location.row == 0);
}

TEST_CASE("parse errors: v1 rules need if and contains", "[rego][parser][errors]") {
  CHECK(ErrorsOf("package p\np { true }\n") == "2:1: `if` keyword is required before rule body\n");
  CHECK(ErrorsOf("package p\nf(x) { x }\n") ==
        "2:1: `if` keyword is required before function body\n");
  CHECK(ErrorsOf("package p\np[x] { x := 1 }\n") ==
        "2:1: `if` keyword is required before rule body\n"
        "2:1: `contains` keyword is required for partial set rules\n");
  CHECK(ErrorsOf("package p\np.q\n") ==
        "2:1: `contains` keyword is required for partial set rules\n");
  CHECK(ErrorsOf("package p\na.b.c\n") ==
        "2:1: rule must have value assignment and/or body declaration\n");
  CHECK(ErrorsOf("package p\np := 1 if { true } else := 2 { true }\n") ==
        "2:20: `if` keyword is required before rule body\n");
  CHECK(ErrorsOf("package p\ncontains(x) := x\n") ==
        "2:1: contains keyword cannot be used for rule name\n");
  // The same rules are fine in v0, and in v0 with rego.v1 imported they are not.
  CHECK(ParseV0("package p\np { true }\np[x] { x := 1 }\n").module);
  CHECK(ErrorsOf("package p\nimport rego.v1\np { true }\n", RegoVersion::kV0) ==
        "3:1: `if` keyword is required before rule body\n");
}

TEST_CASE("parse errors: rule heads", "[rego][parser][errors]") {
  CHECK(ErrorsOf("package p\np := ") ==
        "2:5: unexpected eof token\n"
        "2:5: unexpected eof token: expected rule value term (e.g., p := <VALUE> { ... })\n");
  CHECK(ErrorsOf("package p\np = ") ==
        "2:4: unexpected eof token\n"
        "2:4: unexpected eof token: expected rule value term (e.g., p[<nil>] = <VALUE> { ... })\n");
  CHECK(ErrorsOf("package p\nf(x) := ") ==
        "2:8: unexpected eof token\n"
        "2:8: unexpected eof token: expected function value term (e.g., f(...) := <VALUE> { ... "
        "})\n");
  CHECK(ErrorsOf("package p\ndefault p := ") ==
        "2:13: unexpected eof token\n"
        "2:13: unexpected eof token: expected default rule value term (e.g., default p := "
        "<VALUE>)\n");
  CHECK(ErrorsOf("package p\np contains") ==
        "2:10: unexpected eof token\n"
        "2:10: unexpected eof token: expected rule key term (e.g., p contains <VALUE> { ... })\n");
  CHECK(ErrorsOf("package p\nf(x) contains 1 if true\n") ==
        "2:6: unexpected contains keyword: the contains keyword can only be used with "
        "multi-value rule definitions (e.g., f contains <VALUE> { ... })\n");
  CHECK(ErrorsOf("package p\ndefault p := input.x\n") ==
        "2:1: illegal default rule (value cannot contain ref)\n");
  CHECK(ErrorsOf("package p\ndefault p := [x]\n") ==
        "2:1: illegal default rule (value cannot contain var)\n");
  CHECK(ErrorsOf("package p\ndefault f(x, x) := 1\n") ==
        "2:1: illegal default rule (arguments cannot be repeated x)\n");
  CHECK(ErrorsOf("package p\ndefault f(1) := 1\n") ==
        "2:1: illegal default rule (arguments cannot contain number)\n");
  CHECK(ParseV1("package p\ndefault p := [x | x := 1]\n").module);  // closures are fine
}

TEST_CASE("parse errors: else", "[rego][parser][errors]") {
  CHECK(ErrorsOf("package p\np[x] := 1 if x else := 2\n") ==
        "2:16: else keyword cannot be used on rules with variables in head\n");
  CHECK(ErrorsOf("package p\np[\"a\"] = 1 { true } else = 2 { true }\n", RegoVersion::kV0) ==
        "2:21: else keyword cannot be used on multi-value rules\n");
  CHECK(ErrorsOf("package p\np := 1 if false else\nx := 2\n") ==
        "3:1: unexpected identifier token: expected else value term or rule body\n");
  CHECK(ErrorsOf("package p\nq := 1 if false\nelse := 2 if\n") ==
        "4:0: unexpected eof token: rule body expected\n");
  CHECK(ErrorsOf("package p\np { true } else = 1 { true } { false }\n", RegoVersion::kV0) ==
        "2:30: expected else keyword\n");
}

TEST_CASE("parse errors: imports and packages", "[rego][parser][errors]") {
  CHECK(ErrorsOf("package p\nimport foo.bar\n") ==
        "2:8: unexpected import path, must begin with one of: {data, future, input, rego}, "
        "got: foo (hint: if this is unexpected, try updating OPA)\n");
  CHECK(ErrorsOf("package p\nimport data.x.if\n") ==
        "2:15: unexpected import path, must not end with a keyword, got: if (hint: import a "
        "different path or use an alias)\n");
  CHECK(ErrorsOf("package p\nimport future.keywords.foo\n") ==
        "2:8: unexpected keyword, must be one of [contains every if in]\n");
  CHECK(ErrorsOf("package p\nimport future.stuff\n") ==
        "2:8: invalid import, must be `future.keywords`\n");
  CHECK(ErrorsOf("package p\nimport future.keywords as fk\n") ==
        "2:8: `future` imports cannot be aliased\n");
  CHECK(ErrorsOf("package p\nimport rego.v2\n") ==
        "2:8: invalid import `rego.v2`, must be `rego.v1`\n");
  CHECK(ErrorsOf("package p\nimport rego.v1 as r\n", RegoVersion::kV0) ==
        "2:8: `rego` imports cannot be aliased\n");
  CHECK(ErrorsOf("package p\nimport data.x as 1\n") ==
        "2:18: unexpected number token: expected var\n");
  CHECK(ErrorsOf("package p\nimport data.x[1]\n") ==
        "2:15: unexpected number token: expecting string\n");
  CHECK(ErrorsOf("package p[1]\n") == "1:11: unexpected number token: expecting string\n");
  CHECK(ErrorsOf("package 1\n") == "1:9: unexpected number token\n");
  CHECK(ErrorsOf("package\n") == "2:0: unexpected eof token\n");
}

TEST_CASE("parse errors: some, every, with", "[rego][parser][errors]") {
  CHECK(ErrorsOf("package p\np if not some x\n") ==
        "2:10: unexpected some keyword: illegal negation of 'some'\n");
  CHECK(ErrorsOf("package p\np if not every x in y { x }\n") ==
        "2:10: unexpected every keyword: illegal negation of 'every'\n");
  CHECK(ErrorsOf("package p\np if some f(x)\n") ==
        "3:0: unexpected eof token: expected `x in xs` or `x, y in xs` expression\n");
  CHECK(ErrorsOf("package p\np if some 1\n") == "2:11: unexpected number token: expected var\n");
  CHECK(ErrorsOf("package p\np if every x in y\n") == "3:0: unexpected eof token: missing body\n");
  CHECK(ErrorsOf("package p\np if every 1 in y { true }\n") ==
        "2:19: unexpected { token: expected value to be a variable\n");
  CHECK(ErrorsOf("package p\np if every x { true }\n") ==
        "2:14: unexpected { token: expected `x[, y] in xs { ... }` expression\n");
  CHECK(ErrorsOf("package p\np if x with 1 as 2\n") ==
        "2:13: unexpected number token: expected ident\n");
  CHECK(ErrorsOf("package p\np if x with input\n") ==
        "3:0: unexpected eof token: expected as keyword\n");
}

TEST_CASE("parse errors: v0 hints for future keywords", "[rego][parser][errors]") {
  CHECK(ErrorsOf("package p\np { some x in [1] }\n", RegoVersion::kV0) ==
        "2:12: unexpected identifier token: expected \\n or ; or } (hint: `import "
        "future.keywords.in` for `some x in xs` expressions)\n");
  CHECK(ErrorsOf("package p\np { every x in [1] { x } }\n", RegoVersion::kV0) ==
        "2:11: unexpected identifier token: expected \\n or ; or } (hint: `import "
        "future.keywords.every` for `every x in xs { ... }` expressions)\n");
}

TEST_CASE("parse errors: literals", "[rego][parser][errors]") {
  CHECK(ErrorsOf("package p\nx := 01\n") ==
        "2:6: unexpected number token: expected number without leading zero\n"
        "2:6: unexpected number token: expected rule value term (e.g., x := <VALUE> { ... })\n");
  CHECK(ErrorsOf("package p\nx := 1e999999\n") ==
        "2:6: number too big\n"
        "2:6: unexpected number token: expected rule value term (e.g., x := <VALUE> { ... })\n");
  CHECK(ErrorsOf("package p\np if { x := 1.; y }\n") ==
        "2:13: expected fraction\n2:13: illegal token\n");
  CHECK(ErrorsOf("package p\np if { x := 1e }\n") ==
        "2:13: expected exponent\n2:13: illegal token\n");
  CHECK(ErrorsOf("package p\np if { x := 0x1F }\n") ==
        "2:13: illegal number format\n2:13: illegal token\n");
  CHECK(ErrorsOf("package p\np if { x := \"a\\qb\" }\n") ==
        "2:13: illegal escape sequence\n2:13: illegal token\n");
  CHECK(ErrorsOf("package p\np if { x := \"\\uZZZZ\" }\n") ==
        "2:13: illegal string literal: \"\\uZZZZ\"\n");
  CHECK(ErrorsOf("package p\np if { x := \"open\n}\n") ==
        "2:13: non-terminated string\n2:13: illegal token\n");
  CHECK(ErrorsOf("package p\nx := `never closed\n") ==
        "2:6: non-terminated string\n2:6: illegal token\n2:6: illegal token\n");
  CHECK(ErrorsOf("package p\np if { x != !y }") ==
        "2:13: illegal ! character\n2:13: illegal token\n");
  CHECK(ErrorsOf("package p\np if { x := $y }") ==
        "2:13: illegal $ character\n2:13: illegal token\n");
  CHECK(ErrorsOf("package p\np if { x := -\"a\" }") ==
        "2:14: unexpected string token: expected number\n");
}

TEST_CASE("parse errors: template strings", "[rego][parser][errors]") {
  auto negated = ParseV1("package p\nx := $\"{not y}\"\n");
  REQUIRE_FALSE(negated.errors.empty());
  CHECK(negated.errors[0].message == "unexpected negation ('not') in template-string expression");
  CHECK(negated.errors[0].location.col == 9);
  auto parsed = ParseV1("package p\nx := $\"{y := 1}\"\n");
  REQUIRE_FALSE(parsed.errors.empty());
  CHECK(parsed.errors[0].message == "unexpected assignment (':=') in template-string expression");
  CHECK(parsed.errors[0].location.col == 9);
  auto unify = ParseV1("package p\nx := $\"{y = 1}\"\n");
  REQUIRE_FALSE(unify.errors.empty());
  CHECK(unify.errors[0].message == "unexpected unification ('=') in template-string expression");
  auto open = ParseV1("package p\nx := $\"{y z}\"\n");
  REQUIRE_FALSE(open.errors.empty());
  CHECK(open.errors[0].message == "expected } to end template string expression");
  CHECK(open.errors[0].location.col == 11);
  auto line = ParseV1("package p\nx := $\"abc\n\"\n");
  REQUIRE_FALSE(line.errors.empty());
  CHECK(line.errors[0].message == "non-terminated string");
}

TEST_CASE("parse errors: several rules, in order, capped", "[rego][parser][errors]") {
  std::string text = "package p\n";
  for (int i = 0; i < 30; ++i) text += "p" + std::to_string(i) + " { true }\n";
  auto parsed = ParseV1(text);
  REQUIRE(parsed.errors.size() == 10);  // OPA's default cap
  CHECK(parsed.errors[0].location.row == 2);
  CHECK(parsed.errors[9].location.row == 11);
  ParseOptions options;
  options.max_errors = 3;
  CHECK(parse_module("policy.rego", text, options).errors.size() == 3);
  options.max_errors = 100;
  CHECK(parse_module("policy.rego", text, options).errors.size() == 30);
}

}  // namespace
}  // namespace assay::rego::testing
