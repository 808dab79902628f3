// The core built-ins against OPA's documented behaviour and its conformance cases
// (test/cases/testdata/v1: aggregates, arithmetic, array, bits*, casts, comparisonexpr,
// numbersrange*, object*, reachable, sets, subset, typebuiltin, units).
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "src/rego/builtins/builtin_impl.h"
#include "src/rego/builtins/registry.h"
#include "src/rego/value.h"

using namespace assay::rego;

namespace {

Value J(std::string_view json) {
  std::string error;
  std::optional<Value> v = value_from_json(json, &error);
  INFO(json << ": " << error);
  REQUIRE(v.has_value());
  return *v;
}

Value Set(std::vector<Value> items) { return Value::set(std::move(items)); }
Value S(std::string s) { return Value::string(std::move(s)); }
Value I(int64_t i) { return Value::integer(i); }

BuiltinResult call(std::string_view name, std::vector<Value> args, uint64_t seed = 0) {
  const BuiltinDecl* decl = find_builtin(name);
  INFO(name);
  REQUIRE(decl != nullptr);
  REQUIRE(decl->impl != nullptr);
  REQUIRE(decl->arity() == args.size());
  BuiltinContext context;
  context.random_seed = seed;
  return decl->impl->call(context, args);
}

Value value_of(std::string_view name, std::vector<Value> args, uint64_t seed = 0) {
  BuiltinResult result = call(name, std::move(args), seed);
  if (const BuiltinError* error = std::get_if<BuiltinError>(&result.outcome)) {
    FAIL(name << " failed: " << error->code << ": " << error->message);
  }
  INFO(name << " was undefined");
  REQUIRE(std::holds_alternative<Value>(result.outcome));
  return std::get<Value>(result.outcome);
}

// `name(args...)` is `want`, by OPA's equality (1 == 1.0).
void expect(std::string_view name, std::vector<Value> args, const Value& want) {
  Value got = value_of(name, std::move(args));
  INFO(name << ": got " << value_to_rego(got) << ", want " << value_to_rego(want));
  CHECK(got == want);
}

void expect_error(std::string_view name, std::vector<Value> args, std::string_view code,
                  std::string_view message) {
  BuiltinResult result = call(name, std::move(args));
  INFO(name);
  REQUIRE(std::holds_alternative<BuiltinError>(result.outcome));
  const BuiltinError& error = std::get<BuiltinError>(result.outcome);
  CHECK(error.code == code);
  CHECK(error.message == message);
}

void expect_undefined(std::string_view name, std::vector<Value> args) {
  BuiltinResult result = call(name, std::move(args));
  INFO(name);
  CHECK(std::holds_alternative<std::monostate>(result.outcome));
}

const Value kTrue = Value::boolean(true);
const Value kFalse = Value::boolean(false);

}  // namespace

TEST_CASE("every core built-in has an implementation, the evaluator's own have none",
          "[builtins][core]") {
  for (std::string_view name : {"equal",
                                "neq",
                                "lt",
                                "lte",
                                "gt",
                                "gte",
                                "plus",
                                "minus",
                                "mul",
                                "div",
                                "rem",
                                "abs",
                                "round",
                                "ceil",
                                "floor",
                                "numbers.range",
                                "numbers.range_step",
                                "rand.intn",
                                "bits.and",
                                "bits.or",
                                "bits.xor",
                                "bits.negate",
                                "bits.lsh",
                                "bits.rsh",
                                "count",
                                "sum",
                                "product",
                                "max",
                                "min",
                                "sort",
                                "any",
                                "all",
                                "array.concat",
                                "array.slice",
                                "array.reverse",
                                "and",
                                "or",
                                "intersection",
                                "union",
                                "set_diff",
                                "object.get",
                                "object.remove",
                                "object.union",
                                "object.union_n",
                                "object.filter",
                                "object.keys",
                                "object.subset",
                                "is_number",
                                "is_string",
                                "is_boolean",
                                "is_array",
                                "is_set",
                                "is_object",
                                "is_null",
                                "type_name",
                                "to_number",
                                "cast_array",
                                "cast_set",
                                "cast_string",
                                "cast_boolean",
                                "cast_null",
                                "cast_object",
                                "units.parse",
                                "units.parse_bytes",
                                "graph.reachable",
                                "graph.reachable_paths",
                                "internal.member_2",
                                "internal.member_3"}) {
    INFO(name);
    const BuiltinDecl* decl = find_builtin(name);
    REQUIRE(decl != nullptr);
    CHECK(decl->impl != nullptr);
  }
  for (std::string_view name : {"eq", "assign", "walk"}) {
    INFO(name);
    CHECK(find_builtin(name)->impl == nullptr);
  }
}

TEST_CASE("comparisons order any two values as OPA does", "[builtins][core][comparison]") {
  expect("equal", {I(1), J("1.0")}, kTrue);
  expect("equal", {S("a"), I(1)}, kFalse);
  expect("neq", {J("[1,2]"), J("[1,2]")}, kFalse);
  expect("neq", {J("null"), J("false")}, kTrue);
  expect("lt", {I(1), I(2)}, kTrue);
  expect("lt", {I(2), I(1)}, kFalse);
  // null < boolean < number < string < array < object < set
  expect("lt", {J("null"), J("false")}, kTrue);
  expect("lt", {J("true"), I(0)}, kTrue);
  expect("lt", {I(100), S("")}, kTrue);
  expect("lt", {S("z"), J("[]")}, kTrue);
  expect("lt", {J("[1]"), J("{}")}, kTrue);
  expect("lt", {J("{}"), Set({})}, kTrue);
  expect("lte", {I(2), J("2.0")}, kTrue);
  expect("gt", {S("b"), S("a")}, kTrue);
  expect("gte", {J("[1, 2]"), J("[1, 3]")}, kFalse);
}

TEST_CASE("arithmetic", "[builtins][core][arithmetic]") {
  expect("plus", {I(1), I(2)}, I(3));
  expect("minus", {I(3), I(5)}, I(-2));
  expect("mul", {I(6), J("1.5")}, I(9));
  expect("div", {I(10), I(4)}, J("2.5"));
  expect("div", {I(10), I(2)}, I(5));
  expect("rem", {I(7), I(3)}, I(1));
  expect("rem", {I(-7), I(3)}, I(-1));
  expect("plus", {J("123456789012345678901234567890"), I(1)}, J("123456789012345678901234567891"));
  // test-arithmetic-0814 / 0817 / 0818
  expect_error("div", {I(1), I(0)}, "eval_builtin_error", "divide by zero");
  expect_error("rem", {I(1), I(0)}, "eval_builtin_error", "modulo by zero");
  expect_error("rem", {J("1.1"), I(1)}, "eval_builtin_error", "modulo on floating-point number");
  expect_error("plus", {S("1"), I(1)}, "eval_type_error",
               "operand 1 must be number but got string");
  expect_error("mul", {I(1), J("null")}, "eval_type_error",
               "operand 2 must be number but got null");
}

TEST_CASE("minus is also set difference", "[builtins][core][arithmetic][sets]") {
  expect("minus", {Set({I(1), I(2), I(3)}), Set({I(2)})}, Set({I(1), I(3)}));
  expect("minus", {Set({I(1)}), Set({I(1)})}, Set({}));
  // test-arithmetic-minus-type-error
  expect_error("minus", {Set({I(1)}), I(1)}, "eval_type_error",
               "operand 2 must be set but got number");
  expect_error("minus", {I(1), Set({I(1)})}, "eval_type_error",
               "operand 2 must be number but got set");
  expect_error("minus", {S("a"), I(1)}, "eval_type_error",
               "operand 1 must be one of {number, set} but got string");
}

TEST_CASE("abs, round, ceil, floor", "[builtins][core][numbers]") {
  expect("abs", {I(-5)}, I(5));
  expect("abs", {J("-1.5")}, J("1.5"));
  expect("round", {J("1.5")}, I(2));
  expect("round", {J("-1.5")}, I(-2));
  expect("round", {J("1.4")}, I(1));
  expect("ceil", {J("1.1")}, I(2));
  expect("ceil", {J("-1.9")}, I(-1));
  expect("floor", {J("-1.1")}, I(-2));
  expect("floor", {J("1.9")}, I(1));
  expect_error("abs", {S("x")}, "eval_type_error", "operand 1 must be number but got string");
}

TEST_CASE("numbers.range and numbers.range_step", "[builtins][core][numbers]") {
  expect("numbers.range", {I(2), I(-3)}, J("[2, 1, 0, -1, -2, -3]"));
  expect("numbers.range", {I(0), I(3)}, J("[0, 1, 2, 3]"));
  expect("numbers.range", {I(5), I(5)}, J("[5]"));
  expect("numbers.range_step", {I(0), I(10), I(2)}, J("[0, 2, 4, 6, 8, 10]"));
  expect("numbers.range_step", {I(0), I(-10), I(2)}, J("[0, -2, -4, -6, -8, -10]"));
  expect("numbers.range_step", {I(1024), I(4096), I(1024)}, J("[1024, 2048, 3072, 4096]"));
  expect("numbers.range_step", {I(2), I(2), I(2)}, J("[2]"));
  expect("numbers.range_step", {I(0), I(5), I(2)}, J("[0, 2, 4]"));
  expect_error("numbers.range_step", {I(0), I(10), I(-2)}, "eval_builtin_error",
               "step must be a positive number above zero");
  expect_error("numbers.range_step", {I(0), I(10), I(0)}, "eval_builtin_error",
               "step must be a positive number above zero");
  expect_error("numbers.range", {J("1.5"), I(2)}, "eval_type_error",
               "operand 1 must be integer number but got floating-point number");
  expect_error("numbers.range", {I(1), S("2")}, "eval_type_error",
               "operand 2 must be integer but got string");
  // Bounded instead of exhausting memory.
  BuiltinResult huge = call("numbers.range", {I(0), J("1000000000000")});
  CHECK(std::holds_alternative<BuiltinError>(huge.outcome));
}

TEST_CASE("rand.intn is deterministic per seed and arguments", "[builtins][core][numbers]") {
  Value a = value_of("rand.intn", {S("key"), I(100)}, 7);
  CHECK(a == value_of("rand.intn", {S("key"), I(100)}, 7));
  CHECK(a == value_of("rand.intn", {S("key"), I(-100)}, 7));  // OPA takes |n|
  CHECK(compare(a, I(0)) >= 0);
  CHECK(compare(a, I(100)) < 0);
  expect("rand.intn", {S("key"), I(0)}, I(0));
  expect("rand.intn", {S("key"), I(1)}, I(0));
  // Different seeds spread over the range.
  std::vector<Value> draws;
  for (uint64_t seed = 0; seed < 50; ++seed)
    draws.push_back(value_of("rand.intn", {S("k"), I(1000)}, seed));
  CHECK(Value::set(draws).size() > 30);
  expect_error("rand.intn", {I(1), I(1)}, "eval_type_error",
               "operand 1 must be string but got number");
  expect_error("rand.intn", {S("k"), J("1.5")}, "eval_type_error",
               "operand 2 must be integer number but got floating-point number");
}

TEST_CASE("bits", "[builtins][core][bits]") {
  expect("bits.and", {I(7), I(9)}, I(1));
  expect("bits.or", {I(7), I(9)}, I(15));
  expect("bits.xor", {I(42), I(3)}, I(41));
  expect("bits.negate", {I(42)}, I(-43));
  expect("bits.lsh", {I(1), I(3)}, I(8));
  expect("bits.rsh", {I(8), I(3)}, I(1));
  expect("bits.rsh", {I(-9), I(1)}, I(-5));  // arithmetic shift, as big.Int
  expect("bits.lsh", {I(2147483647), I(1)}, I(4294967294));
  expect("bits.lsh", {J("9223372036854775807"), I(1)}, J("18446744073709551614"));
  expect("bits.and", {J("-1"), J("340282366920938463463374607431768211455")},
         J("340282366920938463463374607431768211455"));
  expect_error("bits.lsh", {J("7.2"), I(42)}, "eval_type_error",
               "operand 1 must be integer number but got floating-point number");
  expect_error("bits.lsh", {I(7), I(-1)}, "eval_type_error",
               "operand 2 must be an unsigned integer number but got a negative integer");
  expect_error("bits.or", {I(7), S("x")}, "eval_type_error",
               "operand 2 must be integer but got string");
  BuiltinResult huge = call("bits.lsh", {I(1), J("100000000000")});
  CHECK(std::holds_alternative<BuiltinError>(huge.outcome));
}

TEST_CASE("count counts code points of strings", "[builtins][core][aggregates]") {
  expect("count", {J("[1, 2, 3]")}, I(3));
  expect("count", {J("{\"a\": 1}")}, I(1));
  expect("count", {Set({I(1), I(2)})}, I(2));
  expect("count", {S("héllo")}, I(5));
  expect("count", {S("\xF0\x9F\x98\x80")}, I(1));  // one emoji, four bytes
  expect("count", {S("a\xFF\xFE")}, I(3));         // invalid bytes count one each, as Go
  expect("count", {S("\xE2\x82")}, I(2));          // truncated sequence
  expect("count", {S("")}, I(0));
  // test-aggregates-0028
  expect_error("count", {J("null")}, "eval_type_error",
               "operand 1 must be one of {array, object, set, string} but got null");
  expect_error("count", {I(1)}, "eval_type_error",
               "operand 1 must be one of {array, object, set, string} but got number");
}

TEST_CASE("sum, product, max, min, sort", "[builtins][core][aggregates]") {
  expect("sum", {J("[1, 2, 3, 4]")}, I(10));
  expect("sum", {Set({I(1), I(2), I(3)})}, I(6));
  expect("sum", {J("[]")}, I(0));
  expect("sum", {J("[1, 2.5]")}, J("3.5"));
  expect("sum", {J("[9223372036854775807, 1]")}, J("9223372036854775808"));
  expect("product", {J("[1, 2, 3, 4]")}, I(24));
  expect("product", {J("[]")}, I(1));
  expect("product", {Set({I(2), J("0.5")})}, I(1));
  expect_error("sum", {J("[1, \"a\"]")}, "eval_type_error",
               "operand 1 must be array of numbers but got array containing string");
  expect_error("product", {Set({I(1), S("a")})}, "eval_type_error",
               "operand 1 must be set of numbers but got set containing string");
  expect_error("sum", {J("{}")}, "eval_type_error",
               "operand 1 must be one of {set, array} but got object");
  expect("max", {J("[1, 3, 2]")}, I(3));
  expect("max", {J("[1, \"a\", null]")}, S("a"));
  expect("min", {Set({I(4), I(2), I(3)})}, I(2));
  expect("min", {J("[1, \"a\", null]")}, J("null"));
  expect_undefined("max", {J("[]")});
  expect_undefined("min", {Set({})});
  expect_error("max", {I(1)}, "eval_type_error",
               "operand 1 must be one of {set, array} but got number");
  expect("sort", {J("[3, 1, \"a\", null, 2]")}, J("[null, 1, 2, 3, \"a\"]"));
  expect("sort", {Set({I(3), I(1)})}, J("[1, 3]"));
  expect_error("sort", {S("x")}, "eval_type_error",
               "operand 1 must be one of {set, array} but got string");
}

TEST_CASE("deprecated any and all", "[builtins][core][aggregates]") {
  expect("any", {J("[false, true]")}, kTrue);
  expect("any", {J("[false, 1]")}, kFalse);
  expect("any", {Set({})}, kFalse);
  expect("all", {J("[true, true]")}, kTrue);
  expect("all", {J("[true, 1]")}, kFalse);
  expect("all", {J("[]")}, kTrue);
  expect_error("all", {I(1)}, "eval_type_error",
               "operand 1 must be one of {array, set} but got number");
}

TEST_CASE("array.concat, array.slice, array.reverse", "[builtins][core][array]") {
  expect("array.concat", {J("[1, 2]"), J("[3]")}, J("[1, 2, 3]"));
  expect("array.concat", {J("[]"), J("[]")}, J("[]"));
  expect_error("array.concat", {J("{}"), J("[]")}, "eval_type_error",
               "operand 1 must be array but got object");
  expect_error("array.concat", {J("[]"), J("{}")}, "eval_type_error",
               "operand 2 must be array but got object");
  expect("array.slice", {J("[1, 2, 3, 4, 5]"), I(1), I(3)}, J("[2, 3]"));
  expect("array.slice", {J("[1, 2, 3, 4, 5]"), I(-10), I(100)}, J("[1, 2, 3, 4, 5]"));
  expect("array.slice", {J("[1, 2, 3, 4, 5]"), I(3), I(1)}, J("[]"));
  expect("array.slice", {J("[1, 2, 3]"), I(5), I(10)}, J("[]"));
  expect("array.slice", {J("[1, 2, 3]"), I(0), I(-1)}, J("[]"));
  expect_error("array.slice", {J("[1]"), J("1.5"), I(2)}, "eval_type_error",
               "operand 2 must be integer number but got floating-point number");
  expect_error("array.slice", {J("[1]"), I(0), S("2")}, "eval_type_error",
               "operand 3 must be number but got string");
  expect("array.reverse", {J("[1, 2, 3]")}, J("[3, 2, 1]"));
  expect("array.reverse", {J("[]")}, J("[]"));
  expect_error("array.reverse", {J("{}")}, "eval_type_error",
               "operand 1 must be array but got object");
}

TEST_CASE("set operators and n-ary set functions", "[builtins][core][sets]") {
  Value a = Set({I(1), I(2), I(3)});
  Value b = Set({I(2), I(3), I(4)});
  expect("and", {a, b}, Set({I(2), I(3)}));
  expect("or", {a, b}, Set({I(1), I(2), I(3), I(4)}));
  expect_error("and", {a, J("[]")}, "eval_type_error", "operand 2 must be set but got array");
  expect_error("or", {I(1), a}, "eval_type_error", "operand 1 must be set but got number");
  expect("intersection", {Set({a, b, Set({I(3)})})}, Set({I(3)}));
  expect("intersection", {Set({})}, Set({}));
  expect("union", {Set({a, b})}, Set({I(1), I(2), I(3), I(4)}));
  expect("union", {Set({})}, Set({}));
  expect_error("union", {Set({a, I(1)})}, "eval_type_error",
               "operand 1 must be set but got number");
  expect_error("intersection", {J("[]")}, "eval_type_error", "operand 1 must be set but got array");
  expect("set_diff", {a, b}, Set({I(1)}));
}

TEST_CASE("membership: x in xs and k, v in xs", "[builtins][core][member]") {
  expect("internal.member_2", {I(2), J("[1, 2]")}, kTrue);
  expect("internal.member_2", {I(3), J("[1, 2]")}, kFalse);
  expect("internal.member_2", {I(1), Set({I(1)})}, kTrue);
  expect("internal.member_2", {S("v"), J("{\"k\": \"v\"}")}, kTrue);
  expect("internal.member_2", {S("k"), J("{\"k\": \"v\"}")}, kFalse);  // values, not keys
  expect("internal.member_2", {S("a"), S("abc")}, kFalse);
  expect("internal.member_3", {I(1), S("b"), J("[\"a\", \"b\"]")}, kTrue);
  expect("internal.member_3", {I(0), S("b"), J("[\"a\", \"b\"]")}, kFalse);
  expect("internal.member_3", {I(5), S("b"), J("[\"a\", \"b\"]")}, kFalse);
  expect("internal.member_3", {S("k"), S("v"), J("{\"k\": \"v\"}")}, kTrue);
  expect("internal.member_3", {S("v"), S("v"), Set({S("v")})}, kTrue);
  expect("internal.member_3", {S("v"), S("w"), Set({S("v")})}, kFalse);
  expect("internal.member_3", {I(0), S("a"), S("abc")}, kFalse);
}

TEST_CASE("object.get with defaults and paths", "[builtins][core][object]") {
  Value doc = J(R"({"a": {"b": [10, {"c": true}]}, "x": null})");
  expect("object.get", {doc, S("x"), I(1)}, J("null"));
  expect("object.get", {doc, S("missing"), I(1)}, I(1));
  expect("object.get", {doc, J(R"(["a", "b", 1, "c"])"), kFalse}, kTrue);
  expect("object.get", {doc, J(R"(["a", "b", 0])"), kFalse}, I(10));
  expect("object.get", {doc, J(R"(["a", "b", 5])"), S("d")}, S("d"));
  expect("object.get", {doc, J(R"(["a", "b", "0"])"), S("d")}, S("d"));
  expect("object.get", {doc, J("[]"), S("d")}, doc);
  Value with_set = Value::object({{S("s"), Set({S("m")})}});
  expect("object.get", {with_set, J(R"(["s", "m"])"), kFalse}, S("m"));
  expect("object.get", {with_set, J(R"(["s", "n"])"), kFalse}, kFalse);
  // test-objectget-path
  expect_error("object.get", {S("a"), S("b"), I(1)}, "eval_type_error",
               "operand 1 must be object but got string");
}

TEST_CASE("object.remove, object.filter, object.keys", "[builtins][core][object]") {
  Value doc = J(R"({"a": 1, "b": 2, "c": 3})");
  expect("object.remove", {doc, J(R"(["a", "z"])")}, J(R"({"b": 2, "c": 3})"));
  expect("object.remove", {doc, Set({S("b")})}, J(R"({"a": 1, "c": 3})"));
  expect("object.remove", {doc, J(R"({"c": "ignored"})")}, J(R"({"a": 1, "b": 2})"));
  expect("object.filter", {doc, J(R"(["a", "z"])")}, J(R"({"a": 1})"));
  expect("object.filter", {doc, Set({S("b"), S("c")})}, J(R"({"b": 2, "c": 3})"));
  expect("object.filter", {doc, J(R"({"c": 0})")}, J(R"({"c": 3})"));
  // test-objectremove-0289..0297
  expect_error("object.remove", {J("[]"), J("[]")}, "eval_type_error",
               "operand 1 must be object but got array");
  expect_error("object.remove", {doc, J("null")}, "eval_type_error",
               "operand 2 must be one of {object, set, array} but got null");
  expect_error("object.filter", {doc, S("a")}, "eval_type_error",
               "operand 2 must be one of {object, set, array} but got string");
  expect("object.keys", {doc}, Set({S("a"), S("b"), S("c")}));
  expect("object.keys", {J("{}")}, Set({}));
  expect_error("object.keys", {S("a")}, "eval_type_error",
               "operand 1 must be object but got string");
}

TEST_CASE("object.union and object.union_n merge recursively", "[builtins][core][object]") {
  expect("object.union", {J(R"({"a": 1, "b": {"c": 1}})"), J(R"({"b": {"d": 2}, "e": 3})")},
         J(R"({"a": 1, "b": {"c": 1, "d": 2}, "e": 3})"));
  expect("object.union", {J(R"({"a": {"b": 1}})"), J(R"({"a": 2})")}, J(R"({"a": 2})"));
  expect("object.union", {J(R"({"a": 2})"), J(R"({"a": {"b": 1}})")}, J(R"({"a": {"b": 1}})"));
  expect_error("object.union", {J("[]"), J("{}")}, "eval_type_error",
               "operand 1 must be object but got array");
  expect_error("object.union", {J("{}"), J("[]")}, "eval_type_error",
               "operand 2 must be object but got array");
  expect("object.union_n", {J("[]")}, J("{}"));
  expect("object.union_n", {J(R"([{"foo": "bar"}, {"foo": "baz"}])")}, J(R"({"foo": "baz"})"));
  expect("object.union_n", {J(R"([{"a": {"b": 2}}, {"a": 4}, {"a": {"c": 3}}])")},
         J(R"({"a": {"c": 3}})"));
  expect("object.union_n", {J(R"([{"a": {"b": 2}}, {"a": {"c": 3}}, {"a": {"b": 5}}])")},
         J(R"({"a": {"b": 5, "c": 3}})"));
  expect_error("object.union_n", {J(R"([{"foo": 1}, {"bar": 2}, "baz"])")}, "eval_type_error",
               "operand 1 must be array of objects but got array containing string");
  expect_error("object.union_n", {J("{}")}, "eval_type_error",
               "operand 1 must be array but got object");
}

TEST_CASE("object.subset", "[builtins][core][object]") {
  expect("object.subset", {J(R"({"a": 1, "b": {"c": 2, "d": 3}})"), J(R"({"b": {"d": 3}})")},
         kTrue);
  expect("object.subset", {J(R"({"a": 1})"), J(R"({"a": 2})")}, kFalse);
  expect("object.subset", {J(R"({"a": [1, 2, 3, 4]})"), J(R"({"a": [2, 3]})")}, kTrue);
  expect("object.subset", {J(R"({"a": [1, 2, 3, 4]})"), J(R"({"a": [2, 4]})")}, kFalse);
  expect("object.subset", {Set({I(1), I(2)}), Set({I(1)})}, kTrue);
  expect("object.subset", {Set({I(1)}), Set({I(1), I(2)})}, kFalse);
  expect("object.subset", {J("[1, 1, 2, 1, 2, 3]"), J("[1, 2, 3]")}, kTrue);
  expect("object.subset", {J("[1, 2]"), J("[]")}, kTrue);
  expect("object.subset", {J("[3, 1, 2]"), Set({I(1), I(2)})}, kTrue);
  expect("object.subset", {J("[1, 1]"), Set({I(1), I(2)})}, kTrue);  // OPA counts repeats
  expect("object.subset", {J("[]"), Set({})}, kFalse);
  expect_error("object.subset", {J("[]"), J("{}")}, "eval_type_error",
               "both arguments object.subset must be of the same type or array and set");
}

TEST_CASE("type tests and type_name", "[builtins][core][types]") {
  expect("is_number", {J("-42.0")}, kTrue);
  expect("is_number", {J("null")}, kFalse);
  expect("is_string", {S("")}, kTrue);
  expect("is_string", {I(1)}, kFalse);
  expect("is_boolean", {kFalse}, kTrue);
  expect("is_array", {J("[]")}, kTrue);
  expect("is_array", {Set({})}, kFalse);
  expect("is_set", {Set({})}, kTrue);
  expect("is_object", {J("{}")}, kTrue);
  expect("is_null", {J("null")}, kTrue);
  expect("is_null", {kFalse}, kFalse);
  expect("type_name", {J("null")}, S("null"));
  expect("type_name", {kTrue}, S("boolean"));
  expect("type_name", {J("1.5")}, S("number"));
  expect("type_name", {S("s")}, S("string"));
  expect("type_name", {J("[]")}, S("array"));
  expect("type_name", {J("{}")}, S("object"));
  expect("type_name", {Set({})}, S("set"));
}

TEST_CASE("to_number", "[builtins][core][conversions]") {
  // test-casts-0824
  expect("to_number", {S("-42.0")}, I(-42));
  expect("to_number", {kFalse}, I(0));
  expect("to_number", {kTrue}, I(1));
  expect("to_number", {J("100.1")}, J("100.1"));
  expect("to_number", {J("null")}, I(0));
  expect("to_number", {S("3")}, I(3));
  expect("to_number", {S("0.1")}, J("0.1"));
  expect("to_number", {S("+5")}, I(5));
  expect("to_number", {S(".5")}, J("0.5"));
  expect("to_number", {S("5.")}, I(5));
  expect("to_number", {S("1e3")}, I(1000));
  expect("to_number", {S("007")}, I(7));
  expect("to_number", {S("1_000")}, I(1000));
  expect("to_number", {S("0x1p4")}, I(16));
  // test-casts-0827
  expect_error("to_number", {S("broken")}, "eval_builtin_error",
               "strconv.ParseFloat: parsing \"broken\": invalid syntax");
  expect_error("to_number", {S("")}, "eval_builtin_error",
               "strconv.ParseFloat: parsing \"\": invalid syntax");
  expect_error("to_number", {S(" 1")}, "eval_builtin_error",
               "strconv.ParseFloat: parsing \" 1\": invalid syntax");
  expect_error("to_number", {S("1_")}, "eval_builtin_error",
               "strconv.ParseFloat: parsing \"1_\": invalid syntax");
  expect_error("to_number", {S("0x10")}, "eval_builtin_error",
               "strconv.ParseFloat: parsing \"0x10\": invalid syntax");
  expect_error("to_number", {S("1e400")}, "eval_builtin_error",
               "strconv.ParseFloat: parsing \"1e400\": value out of range");
  expect_error("to_number", {S("Inf")}, "eval_type_error",
               "operand 1 must be valid number string but got string");
  expect_error("to_number", {S("-nan")}, "eval_type_error",
               "operand 1 must be valid number string but got string");
  expect_error("to_number", {J("[]")}, "eval_type_error",
               "operand 1 must be one of {null, boolean, number, string} but got array");
}

TEST_CASE("deprecated casts", "[builtins][core][conversions]") {
  expect("cast_array", {Set({I(2), I(1)})}, J("[1, 2]"));
  expect("cast_array", {J("[3]")}, J("[3]"));
  expect("cast_set", {J("[1, 1, 2]")}, Set({I(1), I(2)}));
  expect("cast_string", {S("s")}, S("s"));
  expect("cast_boolean", {kTrue}, kTrue);
  expect("cast_null", {J("null")}, J("null"));
  expect("cast_object", {J("{}")}, J("{}"));
  expect_error("cast_array", {S("a")}, "eval_type_error",
               "operand 1 must be one of {array, set} but got string");
  expect_error("cast_string", {I(1)}, "eval_type_error", "operand 1 must be string but got number");
  expect_error("cast_object", {J("[]")}, "eval_type_error",
               "operand 1 must be object but got array");
}

TEST_CASE("units.parse", "[builtins][core][units]") {
  expect("units.parse", {S("\"100TI\"")}, J("109951162777600"));
  expect("units.parse", {S("0")}, I(0));
  expect("units.parse", {S(".0")}, I(0));
  expect("units.parse", {S("10K")}, I(10000));
  expect("units.parse", {S("10KI")}, I(10240));
  expect("units.parse", {S("200M")}, I(200000000));
  expect("units.parse", {S("300Gi")}, J("322122547200"));
  expect("units.parse", {S("1.1K")}, I(1100));
  expect("units.parse", {S("1.1Ki")}, J("1126.4"));
  expect("units.parse", {S(".5K")}, I(500));
  expect("units.parse", {S("500m")}, J("0.5"));
  expect("units.parse", {S("0.0005K")}, J("0.5"));
  expect("units.parse", {S("0.0000005M")}, J("0.5"));
  expect("units.parse", {S("10E")}, J("10000000000000000000"));
  expect("units.parse", {S("10ei")}, J("11529215046068469760"));
  expect("units.parse", {S("1e3")}, I(1000));
  CHECK(value_of("units.parse", {S("1G")}).as_number().to_string() == "1000000000");
  // OPA's milli is a float64: 1000m is not exactly 1, but prints rounded to 10 decimals.
  CHECK(value_of("units.parse", {S("1000m")}).as_number().to_string().rfind("1.0", 0) == 0);
  expect_error("units.parse", {S("")}, "eval_builtin_error", "no amount provided");
  expect_error("units.parse", {S("G")}, "eval_builtin_error", "no amount provided");
  expect_error("units.parse", {S("foo")}, "eval_builtin_error", "no amount provided");
  expect_error("units.parse", {S("0.0.0")}, "eval_builtin_error",
               "could not parse amount to a number");
  expect_error("units.parse", {S(".5.2")}, "eval_builtin_error",
               "could not parse amount to a number");
  expect_error("units.parse", {S("100 k")}, "eval_builtin_error",
               "spaces not allowed in resource strings");
  expect_error("units.parse", {S("10foo")}, "eval_builtin_error", "unit foo not recognized");
  expect_error("units.parse", {S("1e1234567")}, "eval_builtin_error", "exponent too large");
  expect_error("units.parse", {I(1)}, "eval_type_error", "operand 1 must be string but got number");
}

TEST_CASE("units.parse_bytes", "[builtins][core][units]") {
  expect("units.parse_bytes", {S("\"100TIB\"")}, J("109951162777600"));
  expect("units.parse_bytes", {S("12345")}, I(12345));
  expect("units.parse_bytes", {S("10KB")}, I(10000));
  expect("units.parse_bytes", {S("10Kib")}, I(10240));
  expect("units.parse_bytes", {S("1.1KB")}, I(1100));
  expect("units.parse_bytes", {S("1.1KiB")}, I(1126));  // truncated
  expect("units.parse_bytes", {S(".5KB")}, I(500));
  expect("units.parse_bytes", {S("100m")}, I(100000000));  // bytes: m is mega
  expect("units.parse_bytes", {S("10eib")}, J("11529215046068469760"));
  expect("units.parse_bytes", {S("10e")}, J("10000000000000000000"));
  expect("units.parse_bytes", {S("-1.5k")}, I(-1500));
  // 64-bit big.Float: 2^64 + 1 rounds to 2^64.
  expect("units.parse_bytes", {S("18446744073709551617")}, J("18446744073709551616"));
  expect_error("units.parse_bytes", {S("")}, "eval_builtin_error", "no byte amount provided");
  expect_error("units.parse_bytes", {S("GB")}, "eval_builtin_error", "no byte amount provided");
  expect_error("units.parse_bytes", {S("0.0.0")}, "eval_builtin_error",
               "could not parse byte amount to a number");
  expect_error("units.parse_bytes", {S(" 327MiB ")}, "eval_builtin_error",
               "spaces not allowed in resource strings");
  expect_error("units.parse_bytes", {S("5XB")}, "eval_builtin_error",
               "byte unit xb not recognized");
}

TEST_CASE("graph.reachable and graph.reachable_paths", "[builtins][core][graph]") {
  // test-reachable-0322
  expect("graph.reachable", {J("{}"), Set({S("a")})}, Set({}));
  Value graph = J(R"({"a": ["b"], "b": ["c"], "c": ["a"], "d": [], "e": ["x"]})");
  expect("graph.reachable", {graph, J(R"(["a"])")}, Set({S("a"), S("b"), S("c")}));
  expect("graph.reachable", {graph, Set({S("d"), S("e")})}, Set({S("d"), S("e")}));
  expect("graph.reachable", {graph, J(R"(["zzz"])")}, Set({}));
  expect_error("graph.reachable", {J("[]"), J("[]")}, "eval_type_error",
               "operand 1 must be object but got array");
  expect_error("graph.reachable", {graph, S("a")}, "eval_type_error",
               "operand 2 must be {array, set} but got string");

  Value tree = J(R"({"a": ["b", "c"], "b": ["d"], "c": [], "d": []})");
  expect("graph.reachable_paths", {tree, J(R"(["a"])")},
         Set({J(R"(["a", "b", "d"])"), J(R"(["a", "c"])")}));
  expect("graph.reachable_paths", {tree, J(R"(["c"])")}, Set({J(R"(["c"])")}));
  // A cycle ends the path before the repeat; a neighbour outside the graph is left off.
  expect("graph.reachable_paths", {graph, J(R"(["a"])")}, Set({J(R"(["a", "b", "c"])")}));
  expect("graph.reachable_paths", {graph, J(R"(["e"])")}, Set({J(R"(["e"])")}));
  // Exponentially many paths fail instead of running for ever.
  std::vector<ObjectEntry> diamond;
  for (int i = 0; i < 60; ++i) {
    diamond.emplace_back(I(i), J("[" + std::to_string(i + 1) + ", " + std::to_string(i + 2) + "]"));
  }
  BuiltinResult huge = call("graph.reachable_paths", {Value::object(diamond), J("[0]")});
  CHECK(std::holds_alternative<BuiltinError>(huge.outcome));
}
