// The evaluator (src/rego/eval/): each construct of the language evaluated as OPA evaluates it,
// with the result written as JSON: a list of solutions, each an object of the query's bindings.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "src/rego/compiler.h"
#include "src/rego/eval/evaluator.h"
#include "src/rego/parser.h"

using namespace assay::rego;

namespace {

struct Run {
  std::string modules_error;  // a compile error of the modules
  QueryResult result;
  std::vector<std::string> printed;

  // The solutions as JSON: [{"x": 1}, ...]; an error as "error: code: message".
  std::string json() const {
    if (!modules_error.empty()) return "compile: " + modules_error;
    if (result.error) return "error: " + result.error->code + ": " + result.error->message;
    std::string out = "[";
    for (const Bindings& b : result.solutions) {
      if (out.size() > 1) out += ",";
      std::vector<ObjectEntry> entries;
      for (const auto& [name, v] : b) entries.emplace_back(Value::string(name), v);
      out += value_to_json(Value::object(std::move(entries)));
    }
    return out + "]";
  }
};

Run run(const std::vector<std::string>& modules, const std::string& query,
        const std::string& input = "", const std::string& data = "{}",
        EvalOptions options = {}) {
  Run out;
  std::vector<std::unique_ptr<Module>> parsed;
  int i = 0;
  for (const std::string& text : modules) {
    ParsedModule m = parse_module("m" + std::to_string(i++) + ".rego", text, {});
    if (!m.errors.empty()) {
      out.modules_error = m.errors.front().message;
      return out;
    }
    parsed.push_back(std::move(m.module));
  }
  CompileResult compiled = compile(std::move(parsed), {});
  if (!compiled.errors.empty()) {
    out.modules_error = compiled.errors.front().message;
    return out;
  }
  auto policy = PreparedPolicy::prepare(compiled);
  std::string error;
  if (!input.empty()) options.input = value_from_json(input, &error);
  options.data = *value_from_json(data, &error);
  options.print = [&out](const std::string& line) { out.printed.push_back(line); };
  out.result = evaluate_query(*policy, query, options);
  return out;
}

std::string eval_json(const std::vector<std::string>& modules, const std::string& query,
                      const std::string& input = "", const std::string& data = "{}") {
  return run(modules, query, input, data).json();
}

}  // namespace

TEST_CASE("complete rules, defaults and else chains", "[eval]") {
  const std::string policy = R"(package p
default allow := false
allow if input.user == "alice"
level := "high" if input.n > 10
else := "mid" if input.n > 5
else := "low"
)";
  CHECK(eval_json({policy}, "x := data.p.allow", R"({"user": "alice"})") == R"([{"x":true}])");
  CHECK(eval_json({policy}, "x := data.p.allow", R"({"user": "bob"})") == R"([{"x":false}])");
  CHECK(eval_json({policy}, "x := data.p.level", R"({"n": 11})") == R"([{"x":"high"}])");
  CHECK(eval_json({policy}, "x := data.p.level", R"({"n": 6})") == R"([{"x":"mid"}])");
  CHECK(eval_json({policy}, "x := data.p.level", R"({"n": 1})") == R"([{"x":"low"}])");
  // Without a default, an undefined rule gives no solutions.
  CHECK(eval_json({"package p\nq if input.missing"}, "data.p.q") == "[]");
}

TEST_CASE("a complete rule with two values is a conflict", "[eval]") {
  const std::string policy = "package p\nx := 1 if true\nx := 2 if true\n";
  CHECK(eval_json({policy}, "data.p.x = y") ==
        "error: eval_conflict_error: complete rules must not produce multiple outputs");
  // The same value twice is no conflict.
  CHECK(eval_json({"package p\nx := 1 if true\nx := 1 if 1 < 2\n"}, "y := data.p.x") ==
        R"([{"y":1}])");
}

TEST_CASE("partial sets, partial objects and ref heads", "[eval]") {
  const std::string policy = R"(package p
deny contains msg if {
  some u in input.users
  not u.admin
  msg := sprintf_free(u.name)
}
sprintf_free(n) := concat_free(n)
concat_free(n) := n
owners[name] := id if {
  some id, name in input.names
}
a.b[c].d := 1 if some c in ["x", "y"]
)";
  const std::string input =
      R"({"users": [{"name": "al", "admin": true}, {"name": "bo"}, {"name": "cy"}],
          "names": ["ann", "ben"]})";
  CHECK(eval_json({policy}, "x := data.p.deny", input) == R"([{"x":["bo","cy"]}])");
  CHECK(eval_json({policy}, "data.p.deny[x]", input) == R"([{"x":"bo"},{"x":"cy"}])");
  CHECK(eval_json({policy}, "data.p.deny[\"bo\"]", input) == R"([{}])");
  CHECK(eval_json({policy}, "data.p.deny[\"al\"]", input) == "[]");
  CHECK(eval_json({policy}, "x := data.p.owners", input) == R"([{"x":{"ann":0,"ben":1}}])");
  CHECK(eval_json({policy}, "x := data.p.a", input) ==
        R"([{"x":{"b":{"x":{"d":1},"y":{"d":1}}}}])");
  CHECK(eval_json({policy}, "x := data.p.a.b.y.d", input) == R"([{"x":1}])");
}

TEST_CASE("partial objects with two values for a key conflict", "[eval]") {
  const std::string policy = "package p\nobj[k] := v if { some k, v in {\"a\": 1}; true }\n"
                             "obj[\"a\"] := 2\n";
  CHECK(eval_json({policy}, "x := data.p.obj") ==
        "error: eval_conflict_error: object keys must be unique");
}

TEST_CASE("functions: several definitions, else, conflicting outputs", "[eval]") {
  const std::string policy = R"(package p
f(x) := "neg" if x < 0
f(x) := "pos" if x > 0
f(0) := "zero"
g(x) := 1 if x > 0
else := 2
h(x) := 1
h(x) := 2 if x == 5
)";
  CHECK(eval_json({policy}, "a := data.p.f(-3); b := data.p.f(3); c := data.p.f(0)") ==
        R"([{"a":"neg","b":"pos","c":"zero"}])");
  CHECK(eval_json({policy}, "a := data.p.g(1); b := data.p.g(-1)") == R"([{"a":1,"b":2}])");
  CHECK(eval_json({policy}, "x := data.p.h(1)") == R"([{"x":1}])");
  CHECK(eval_json({policy}, "x := data.p.h(5)") ==
        "error: eval_conflict_error: functions must not produce multiple outputs for same inputs");
}

TEST_CASE("negation, some, every and comprehensions", "[eval]") {
  const std::string policy = R"(package p
xs := [1, 2, 3, 4]
evens := [x | some x in xs; x % 2 == 0]
squares := {x: y | some x in xs; y := x * x}
all_small if every x in xs { x < 10 }
all_even if every x in xs { x % 2 == 0 }
none_big if not big
big if {
  some x in xs
  x > 100
}
)";
  CHECK(eval_json({policy}, "x := data.p.evens") == R"([{"x":[2,4]}])");
  CHECK(eval_json({policy}, "x := data.p.squares") == R"([{"x":{"1":1,"2":4,"3":9,"4":16}}])");
  CHECK(eval_json({policy}, "data.p.all_small") == "[{}]");
  CHECK(eval_json({policy}, "data.p.all_even") == "[]");
  CHECK(eval_json({policy}, "data.p.none_big") == "[{}]");
  CHECK(eval_json({policy}, "x := {y | some y in [3, 1, 3]}") == R"([{"x":[1,3]}])");
}

TEST_CASE("unification binds both sides of arrays and objects", "[eval]") {
  CHECK(eval_json({}, "[x, 2] = [1, y]") == R"([{"x":1,"y":2}])");
  CHECK(eval_json({}, R"({"a": x} = {"a": [1, 2]})") == R"([{"x":[1,2]}])");
  CHECK(eval_json({}, "[x, x] = [1, 2]") == "[]");
  CHECK(eval_json({}, "[x, y] = input.xs", R"({"xs": [1, 2, 3]})") == "[]");
  CHECK(eval_json({}, "[x, y] = input.xs", R"({"xs": [1, 2]})") == R"([{"x":1,"y":2}])");
}

TEST_CASE("refs iterate base documents, and base and virtual documents merge", "[eval]") {
  const std::string policy = "package a.b\nv := 2\n";
  const std::string data = R"({"a": {"b": {"base": 1}, "c": [10, 20]}})";
  CHECK(eval_json({policy}, "x := data.a.b", "", data) == R"([{"x":{"base":1,"v":2}}])");
  CHECK(eval_json({policy}, "data.a.c[i] = v", "", data) == R"([{"i":0,"v":10},{"i":1,"v":20}])");
  CHECK(eval_json({policy}, "data.a[k]", "", data) == R"([{"k":"b"},{"k":"c"}])");
  CHECK(eval_json({policy}, "x := data.missing", "", data) == "[]");
}

TEST_CASE("with replaces input, data and functions for one expression", "[eval]") {
  const std::string policy = R"(package p
allow if input.role == "admin"
limit := data.config.max
double(x) := x * 2
twice := double(4)
n := count([1, 2, 3])
)";
  CHECK(eval_json({policy}, R"(data.p.allow with input as {"role": "admin"})") == "[{}]");
  CHECK(eval_json({policy}, R"(data.p.allow with input.role as "admin")", R"({"role": "x"})") ==
        "[{}]");
  CHECK(eval_json({policy}, R"(data.p.allow)", R"({"role": "x"})") == "[]");
  CHECK(eval_json({policy}, "x := data.p.limit with data.config.max as 7") == R"([{"x":7}])");
  CHECK(eval_json({policy}, "x := data.p.twice with data.p.double as 100") == R"([{"x":100}])");
  CHECK(eval_json({policy}, "x := data.p.n with count as 42") == R"([{"x":42}])");
  // The replacement holds for the expression only: the next one sees the policy again.
  CHECK(eval_json({policy}, "x := data.p.limit with data.config.max as 7; y := data.p.limit", "",
                  R"({"config": {"max": 3}})") == R"([{"x":7,"y":3}])");
}

TEST_CASE("print writes its operands, undefined ones as <undefined>", "[eval]") {
  Run r = run({"package p\nq if { print(\"n is\", 1, input.missing) }\n"}, "data.p.q", "{}");
  CHECK(r.json() == "[{}]");
  REQUIRE(r.printed.size() == 1);
  CHECK(r.printed[0] == "n is 1 <undefined>");
}

TEST_CASE("a runaway policy ends with eval_cancel_error", "[eval]") {
  EvalOptions options;
  options.max_steps = 10'000;
  std::string xs = "[0";
  for (int i = 1; i < 300; ++i) xs += "," + std::to_string(i);
  xs += "]";
  const std::string policy = "package p\npairs contains [a, b] if { some a in data.xs; some b in data.xs }\n";
  Run r = run({policy}, "data.p.pairs", "", R"({"xs": )" + xs + "}", options);
  INFO(r.json().substr(0, 200));
  REQUIRE(r.result.error);
  CHECK(r.result.error->code == "eval_cancel_error");
}

TEST_CASE("query compile errors come back as errors", "[eval]") {
  CHECK(eval_json({}, "x") == "error: rego_unsafe_var_error: var x is unsafe");
  CHECK(eval_json({}, "x := ") .rfind("error: rego_parse_error", 0) == 0);
}

TEST_CASE("an input given as a Rego term", "[eval]") {
  std::string error;
  std::optional<Value> v = value_from_term_text(R"({"a": {1, 2}, "b": [null]})", &error);
  REQUIRE(v);
  CHECK(value_to_rego(*v) == R"({"a": {1, 2}, "b": [null]})");
  CHECK_FALSE(value_from_term_text("{", &error));
}
