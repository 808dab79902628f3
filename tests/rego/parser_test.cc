// The Rego parser on valid policies: the AST it builds for each construct (kinds, names,
// operators as OPA names them, locations), in Rego v1 and v0.
#include "src/rego/parser.h"

#include <catch2/catch.hpp>

#include "tests/rego/ast_dump.h"
#include "tests/rego/parse_helpers.h"

namespace assay::rego::testing {
namespace {

TEST_CASE("parser: package and imports", "[rego][parser]") {
  auto parsed = ParseV1(
      "package app.authz[\"x-y\"]\n"
      "\n"
      "import rego.v1\n"
      "import future.keywords\n"
      "import future.keywords.in\n"
      "import data.roles.admin as admins\n"
      "import input.user\n");
  INFO(Errors(parsed));
  REQUIRE(parsed.module);
  const Module& m = *parsed.module;
  CHECK(Dump(*m.package) == "ref(data.app.authz.x-y)");
  CHECK(m.package->items[0]->kind == TermKind::kVar);
  CHECK(m.package->items[1]->kind == TermKind::kString);
  CHECK(m.package_location.row == 1);
  CHECK(m.package_location.col == 1);
  CHECK(m.package->items[1]->location.col == 9);  // `data` and `app` both sit on `app`
  REQUIRE(m.imports.size() == 5);
  CHECK(Dump(*m.imports[0].path) == "ref(rego.v1)");
  CHECK(Dump(*m.imports[1].path) == "ref(future.keywords)");
  CHECK(Dump(*m.imports[2].path) == "ref(future.keywords.in)");
  CHECK(Dump(*m.imports[3].path) == "ref(data.roles.admin)");
  CHECK(m.imports[3].alias == "admins");
  CHECK(Dump(*m.imports[4].path) == "ref(input.user)");
  CHECK(m.imports[4].alias.empty());
  CHECK(m.imports[3].location.row == 6);
  CHECK(m.imports[3].location.col == 1);
  CHECK(m.rules.empty());
  CHECK(m.version == RegoVersion::kV1);
  CHECK(m.file == "policy.rego");
}

TEST_CASE("parser: rules with if, contains, default, values", "[rego][parser]") {
  auto parsed = ParseV1(
      "package p\n"
      "default allow := false\n"
      "allow if input.user == \"admin\"\n"
      "allow if {\n"
      "  input.user == \"root\"\n"
      "  input.ok\n"
      "}\n"
      "deny contains msg if msg := \"no\"\n"
      "names contains \"fixed\"\n"
      "limit := 10\n"
      "pi = 3.14\n"
      "greeting := \"hi\" if true\n");
  INFO(Errors(parsed));
  REQUIRE(parsed.module);
  CHECK(Rules(*parsed.module) ==
        "default ref(allow) := false\n"
        "ref(allow) { expr(ref(equal), ref(input.user), str(admin)) }\n"
        "ref(allow) { expr(ref(equal), ref(input.user), str(root)); ref(input.ok) }\n"
        "ref(deny) contains var(msg) { expr(ref(assign), var(msg), str(no)) }\n"
        "ref(names) contains str(fixed)\n"
        "ref(limit) := num(10)\n"
        "ref(pi) = num(3.14)\n"
        "ref(greeting) := str(hi) { true }\n");
  const auto& rules = parsed.module->rules;
  CHECK(rules[0].is_default);
  CHECK(rules[1].head.value == nullptr);  // `true`, implied
  CHECK_FALSE(rules[1].head.contains);
  CHECK(rules[3].head.contains);
  CHECK(rules[3].head.value == nullptr);
  CHECK(rules[4].body.empty());
  CHECK(rules[5].head.assign);
  CHECK_FALSE(rules[6].head.assign);
  CHECK(rules[2].location.row == 4);
  CHECK(rules[2].body[1].location.row == 6);
  CHECK(rules[2].body[1].location.col == 3);
}

TEST_CASE("parser: ref heads, partial sets and objects, functions", "[rego][parser]") {
  auto parsed = ParseV1(
      "package p\n"
      "a.b[x] := y if { x := \"k\"; y := 1 }\n"
      "a.b contains x if x := 2\n"
      "obj[k] := v if some k, v in input\n"
      "f(x) := x + 1\n"
      "f(x) := 0 if x < 0\n"
      "g(_, y) if y\n"
      "h.i.j(x) := [x]\n");
  INFO(Errors(parsed));
  REQUIRE(parsed.module);
  CHECK(Rules(*parsed.module) ==
        "ref(a.b, [var(x)]) := var(y) { expr(ref(assign), var(x), str(k)); "
        "expr(ref(assign), var(y), num(1)) }\n"
        "ref(a.b) contains var(x) { expr(ref(assign), var(x), num(2)) }\n"
        "ref(obj, [var(k)]) := var(v) { some(call(ref(internal.member_3), var(k), var(v), "
        "ref(input))) }\n"
        "ref(f)(var(x)) := call(ref(plus), var(x), num(1))\n"
        "ref(f)(var(x)) := num(0) { expr(ref(lt), var(x), num(0)) }\n"
        "ref(g)(var($0), var(y)) { var(y) }\n"
        "ref(h.i.j)(var(x)) := array(var(x))\n");
}

TEST_CASE("parser: else chains", "[rego][parser]") {
  auto parsed = ParseV1(
      "package p\n"
      "level := \"high\" if input.x > 10\n"
      "else := \"mid\" if { input.x > 5 }\n"
      "else := \"low\"\n"
      "f(x) := 1 if x else := 2\n");
  INFO(Errors(parsed));
  REQUIRE(parsed.module);
  const Rule& r = parsed.module->rules[0];
  REQUIRE(r.else_rule);
  REQUIRE(r.else_rule->else_rule);
  CHECK(Dump(*r.else_rule->head.value) == "str(mid)");
  CHECK(r.else_rule->location.row == 3);
  CHECK(r.else_rule->location.col == 1);
  CHECK(Dump(*r.else_rule->else_rule->head.value) == "str(low)");
  CHECK(r.else_rule->else_rule->body.empty());
  CHECK(Dump(parsed.module->rules[1]) ==
        "ref(f)(var(x)) := num(1) { var(x) } else ref(f)(var(x)) := num(2)");
}

TEST_CASE("parser: v0 rules", "[rego][parser]") {
  auto parsed = ParseV0(
      "package p\n"
      "allow { input.ok }\n"
      "ids[x] { x := input.ids[_] }\n"
      "objs[k] = v { v := input[k] }\n"
      "r = 1 { false } { true }\n"
      "f(x) = y { y := x } else = 0 { true }\n");
  INFO(Errors(parsed));
  REQUIRE(parsed.module);
  CHECK(Rules(*parsed.module) ==
        "ref(allow) { ref(input.ok) }\n"
        "ref(ids) contains var(x) { expr(ref(assign), var(x), ref(input.ids, [var($0)])) }\n"
        "ref(objs, [var(k)]) = var(v) { expr(ref(assign), var(v), ref(input, [var(k)])) }\n"
        "ref(r) = num(1) { false }\n"
        "ref(r) = num(1) { true }\n"
        "ref(f)(var(x)) = var(y) { expr(ref(assign), var(y), var(x)) } else "
        "ref(f)(var(x)) = num(0) { true }\n");
  // The second body of `r` is a rule of its own, located at its brace.
  CHECK(parsed.module->rules[4].location.col == 17);
  CHECK(parsed.module->rules[4].head.reference->location.col == 17);
}

TEST_CASE("parser: v0 future keywords come with imports", "[rego][parser]") {
  auto parsed = ParseV0(
      "package p\n"
      "import future.keywords.if\n"
      "import future.keywords.contains\n"
      "import future.keywords.every\n"
      "s contains x if { some x in input; every y in x { y } }\n");
  INFO(Errors(parsed));
  REQUIRE(parsed.module);
  CHECK(Rules(*parsed.module) ==
        "ref(s) contains var(x) { some(call(ref(internal.member_2), var(x), ref(input))); "
        "every(null, var(y), var(x) | var(y)) }\n");
  // Without the imports, `in` and `if` are names in v0.
  auto plain = ParseV0("package p\nin := 1\nif := 2\n");
  INFO(Errors(plain));
  REQUIRE(plain.module);
  CHECK(Rules(*plain.module) == "ref(in) := num(1)\nref(if) := num(2)\n");
  auto all = ParseV0("package p\nimport rego.v1\nx contains 1 if 1 in [1]\n");
  INFO(Errors(all));
  CHECK(all.module);
}

TEST_CASE("parser: some, every, not, with", "[rego][parser]") {
  CHECK(BodyOf("p if { some x; some k, v in xs; some y in ys; not q }") ==
        "some(var(x)); some(call(ref(internal.member_3), var(k), var(v), var(xs))); "
        "some(call(ref(internal.member_2), var(y), var(ys))); not var(q)");
  CHECK(BodyOf("p if some x, y") == "some(var(x), var(y))");
  CHECK(BodyOf("p if every k, v in input.m { k; v }") ==
        "every(var(k), var(v), ref(input.m) | var(k); var(v))");
  CHECK(BodyOf("p if { q with input as {} with data.x as 1 with f as g }") ==
        "var(q) with ref(input) as object() with ref(data.x) as num(1) with var(f) as var(g)");
  CHECK(BodyOf("p if not x.y with input.a as 1") == "not ref(x.y) with ref(input.a) as num(1)");
}

TEST_CASE("parser: operators and their names", "[rego][parser]") {
  CHECK(BodyOf("p if { a = 1; b := 2; c == 3; d != 4; e < 5; f <= 6; g > 7; h >= 8 }") ==
        "expr(ref(eq), var(a), num(1)); expr(ref(assign), var(b), num(2)); "
        "expr(ref(equal), var(c), num(3)); expr(ref(neq), var(d), num(4)); "
        "expr(ref(lt), var(e), num(5)); expr(ref(lte), var(f), num(6)); "
        "expr(ref(gt), var(g), num(7)); expr(ref(gte), var(h), num(8))");
  CHECK(ValueOf("[1 + 2, 3 - 4, 5 * 6, 7 / 8, 9 % 10, s & t, s | t]") ==
        "array(call(ref(plus), num(1), num(2)), call(ref(minus), num(3), num(4)), "
        "call(ref(mul), num(5), num(6)), call(ref(div), num(7), num(8)), "
        "call(ref(rem), num(9), num(10)), call(ref(and), var(s), var(t)), "
        "call(ref(or), var(s), var(t)))");
  // The operator is a Ref of a Var: internal.member_2 is Var "internal", String "member_2".
  auto parsed = ParseV1("package p\np if x in xs\n");
  REQUIRE(parsed.module);
  const Term& op = *parsed.module->rules[0].body[0].terms[0];
  REQUIRE(op.kind == TermKind::kRef);
  CHECK(op.items[0]->kind == TermKind::kVar);
  CHECK(op.items[0]->text == "internal");
  CHECK(op.items[1]->kind == TermKind::kString);
  CHECK(op.items[1]->text == "member_2");
  CHECK(op.location.col == 8);
}

TEST_CASE("parser: precedence and associativity follow OPA's grammar", "[rego][parser]") {
  // Tightest first: * / %, then + -, then &, then |, then relations, then `in`.
  CHECK(ValueOf("1 + 2 * 3") == "call(ref(plus), num(1), call(ref(mul), num(2), num(3)))");
  CHECK(ValueOf("1 - 2 - 3") == "call(ref(minus), call(ref(minus), num(1), num(2)), num(3))");
  CHECK(ValueOf("8 / 4 / 2") == "call(ref(div), call(ref(div), num(8), num(4)), num(2))");
  CHECK(ValueOf("a | b & c") == "call(ref(or), var(a), call(ref(and), var(b), var(c)))");
  CHECK(ValueOf("a & b + c") == "call(ref(and), var(a), call(ref(plus), var(b), var(c)))");
  CHECK(ValueOf("a == b | c") == "call(ref(equal), var(a), call(ref(or), var(b), var(c)))");
  CHECK(ValueOf("a < b < c") == "call(ref(lt), call(ref(lt), var(a), var(b)), var(c))");
  CHECK(ValueOf("1 + 2 == 3") == "call(ref(equal), call(ref(plus), num(1), num(2)), num(3))");
  CHECK(ValueOf("x == 1 in s") ==
        "call(ref(internal.member_2), call(ref(equal), var(x), num(1)), var(s))");
  CHECK(ValueOf("(1 + 2) * 3") == "call(ref(mul), call(ref(plus), num(1), num(2)), num(3))");
  CHECK(BodyOf("p if k, v in x") == "expr(ref(internal.member_3), var(k), var(v), var(x))");
  CHECK(ValueOf("[k, v in x]") == "array(var(k), call(ref(internal.member_2), var(v), var(x)))");
}

TEST_CASE("parser: unary minus", "[rego][parser]") {
  CHECK(ValueOf("-1") == "num(-1)");
  CHECK(ValueOf("- 2.5") == "num(-2.5)");
  CHECK(ValueOf("-.5") == "num(-.5)");
  CHECK(ValueOf("1 - -1") == "call(ref(minus), num(1), num(-1))");
  CHECK(ValueOf("-input.x") == "call(ref(minus), num(0), ref(input.x))");
  CHECK(ValueOf("a * -b") == "call(ref(mul), var(a), call(ref(minus), num(0), var(b)))");
}

TEST_CASE("parser: scalars keep their text", "[rego][parser]") {
  CHECK(ValueOf("[null, true, false]") == "array(null, true, false)");
  CHECK(ValueOf("123456789012345678901234567890") == "num(123456789012345678901234567890)");
  CHECK(ValueOf("[0, 0.5, 1e3, 1E-3, 2.50e+10, .25, 0e5]") ==
        "array(num(0), num(0.5), num(1e3), num(1E-3), num(2.50e+10), num(.25), num(0e5))");
  CHECK(ValueOf(R"("a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00")") ==
        "str(a\"b\\c/d\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80)");
  CHECK(ValueOf(R"("\ud800x")") == "str(\xef\xbf\xbdx)");  // a lone surrogate: U+FFFD
  CHECK(ValueOf("`raw \\n {x}\nline`") == "raw(raw \\n {x}\nline)");
  CHECK(ValueOf("\"tab\tinside\"") == "str(tab\tinside)");
}

TEST_CASE("parser: refs and calls", "[rego][parser]") {
  CHECK(ValueOf(R"(input.a["b"][x].c)") == "ref(input.a.b, [var(x)].c)");
  CHECK(ValueOf("input") == "ref(input)");
  CHECK(ValueOf("data.x[0]") == "ref(data.x, [num(0)])");
  CHECK(ValueOf("count(x)") == "call(ref(count), var(x))");
  CHECK(ValueOf("x.y.z(a, b)") == "call(ref(x.y.z), var(a), var(b))");
  CHECK(ValueOf("f(x).y[0]") == "ref([call(ref(f), var(x))].y, [num(0)])");
  CHECK(ValueOf("[1, 2][0]") == "ref([array(num(1), num(2))], [num(0)])");
  CHECK(ValueOf("f()") == "call(ref(f))");
  CHECK(ValueOf("x.if.not") == "ref(x.if.not)");  // keywords after a dot are names
}

TEST_CASE("parser: collections and comprehensions", "[rego][parser]") {
  CHECK(ValueOf("{}") == "object()");
  CHECK(ValueOf("set()") == "set()");
  CHECK(ValueOf("{1, 2,}") == "set(num(1), num(2))");
  CHECK(ValueOf("{\"a\": 1, \"b\": [2]}") == "object(str(a), num(1), str(b), array(num(2)))");
  CHECK(ValueOf("[x | x := xs[_]]") ==
        "arraycomp(var(x) | expr(ref(assign), var(x), ref(xs, [var($0)])))");
  CHECK(ValueOf("{x | some x in xs}") ==
        "setcomp(var(x) | some(call(ref(internal.member_2), var(x), var(xs))))");
  CHECK(ValueOf("{k: v | some k, v in m}") ==
        "objectcomp(var(k), var(v) | some(call(ref(internal.member_3), var(k), var(v), "
        "var(m))))");
  CHECK(ValueOf("{k + 1: v | some k, v in m}") ==
        "objectcomp(call(ref(plus), var(k), num(1)), var(v) | "
        "some(call(ref(internal.member_3), var(k), var(v), var(m))))");
  // With a comma after the `|` body, OPA reads `|` as set union inside a collection.
  CHECK(ValueOf("{a | b, c}") == "set(call(ref(or), var(a), var(b)), var(c))");
  CHECK(ValueOf("[a | b, c]") == "array(call(ref(or), var(a), var(b)), var(c))");
  CHECK(ValueOf("[, 1]") == "array(num(1))");
  // Braces after `if` are a body, not a set; other literals are kept.
  CHECK(BodyOf("p if { true }") == "true");
  CHECK(BodyOf("p if {1} == {1}") == "expr(ref(equal), set(num(1)), set(num(1)))");
}

TEST_CASE("parser: template strings", "[rego][parser]") {
  // Text and expressions alternate in items; body keeps the expressions as written.
  auto parsed = ParseV1(
      "package p\n"
      "x := $\"hello {input.name}, {count(xs)} items {\"lit\"}\"\n"
      "y := $`multi\nline {1 + 1} \\{not}`\n"
      "z := $\"{input.a with input as {\"a\": 1}}\"\n");
  INFO(Errors(parsed));
  REQUIRE(parsed.module);
  const Term& x = *parsed.module->rules[0].head.value;
  CHECK(Dump(x) ==
        "template(str(hello ), ref(input.name), str(, ), call(ref(count), var(xs)), "
        "str( items ), str(lit), str())");
  CHECK(x.body->size() == 3);
  CHECK(x.location.col == 6);
  const Term& y = *parsed.module->rules[1].head.value;
  CHECK(y.raw_string);
  CHECK(Dump(y) == "template(str(multi\nline ), call(ref(plus), num(1), num(1)), str( {not}))");
  const Term& z = *parsed.module->rules[2].head.value;
  REQUIRE(z.body->size() == 1);
  CHECK((*z.body)[0].with.size() == 1);
}

TEST_CASE("parser: keywords as names where OPA allows them", "[rego][parser]") {
  auto parsed = ParseV1(
      "package p\n"
      "if.a := 1\n"
      "q if { not.x == 1 }\n"
      "r := input[\"with\"].as\n"
      "s if contains(\"abc\", \"b\")\n");
  INFO(Errors(parsed));
  REQUIRE(parsed.module);
  CHECK(Rules(*parsed.module) ==
        "ref(if.a) := num(1)\n"
        "ref(q) { expr(ref(equal), ref(not.x), num(1)) }\n"
        "ref(r) := ref(input.with.as)\n"
        "ref(s) { expr(ref(contains), str(abc), str(b)) }\n");
}

TEST_CASE("parser: comments and METADATA annotations", "[rego][parser]") {
  auto parsed = ParseV1(
      "# METADATA\n"
      "# title: Policy\n"
      "# description: >\n"
      "#   multi line\n"
      "package p\n"
      "\n"
      "# plain comment\n"
      "# METADATA\n"
      "# scope: rule\n"
      "allow := true  # trailing\r\n");
  INFO(Errors(parsed));
  REQUIRE(parsed.module);
  const Module& m = *parsed.module;
  REQUIRE(m.annotations.size() == 2);
  CHECK(m.annotations[0].yaml == "title: Policy\ndescription: >\n  multi line\n");
  CHECK(m.annotations[0].location.row == 1);
  CHECK(m.annotations[0].location.col == 1);
  CHECK(m.annotations[1].yaml == "scope: rule\n");
  CHECK(m.annotations[1].location.row == 8);
  REQUIRE(m.comments.size() == 8);
  CHECK(m.comments[4].text == " plain comment");
  CHECK(m.comments[7].text == " trailing");
  CHECK(m.comments[7].location.row == 10);
  CHECK(m.comments[7].location.col == 16);
}

TEST_CASE("parser: locations count characters, rows and bytes", "[rego][parser]") {
  auto parsed = ParseV1("package p\n\nx := \"é€\" == y\n");
  REQUIRE(parsed.module);
  const Term& call = *parsed.module->rules[0].head.value;
  const Term& y = *call.items[2];
  CHECK(y.location.row == 3);
  CHECK(y.location.col == 14);               // characters: x := "é€" == y
  CHECK(y.location.offset == 27);            // bytes: é and € take 2 and 3
  CHECK(call.location.col == 6);             // an infix call sits on its left operand
  CHECK(call.items[0]->location.col == 11);  // the operator on its token
}

TEST_CASE("parser: wildcards are numbered as OPA does", "[rego][parser]") {
  CHECK(BodyOf("p if { x[_]; y[_] }") == "ref(x, [var($0)]); ref(y, [var($1)])");
}

TEST_CASE("parser: queries and terms", "[rego][parser]") {
  auto q = parse_query("data.p.q[x]; x > 1\ny := 2", ParseOptions{});
  INFO(Errors(q));
  REQUIRE(q.body);
  CHECK(
      Dump(*q.body) ==
      "ref(data.p.q, [var(x)]); expr(ref(gt), var(x), num(1)); expr(ref(assign), var(y), num(2))");
  auto t = parse_term("{\"a\": [1, {2}]}", ParseOptions{});
  INFO(Errors(t));
  REQUIRE(t.term);
  CHECK(Dump(*t.term) == "object(str(a), array(num(1), set(num(2))))");
  auto bad = parse_term("1; 2", ParseOptions{});
  CHECK_FALSE(bad.term);
  CHECK(bad.errors.size() == 1);
}

}  // namespace
}  // namespace assay::rego::testing
