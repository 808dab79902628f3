// The built-ins written as operators: unification and assignment, membership (`in`),
// comparisons, arithmetic, and set intersection and union. OPA declares eq, assign and the
// member functions without argument names, so their "want" lines show bare types.
//
// eq and assign are the evaluator's own (unification); the rest are implemented here, as OPA's
// topdown/comparison.go, arithmetic.go, binary.go and aggregates.go (member) define them.
#include <optional>
#include <string>
#include <vector>

#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

namespace {

// --- membership -------------------------------------------------------------------------------

// `x in xs`: sets by member, arrays by element, objects by value; anything else is false.
BuiltinResult member_2(BuiltinContext&, std::span<const Value> args) {
  const Value& x = args[0];
  const Value& xs = args[1];
  bool found = false;
  switch (xs.kind()) {
    case ValueKind::kSet:
      found = xs.contains(x);
      break;
    case ValueKind::kArray:
      for (const Value& item : xs.array_items()) {
        if (item == x) {
          found = true;
          break;
        }
      }
      break;
    case ValueKind::kObject:
      for (const ObjectEntry& entry : xs.object_entries()) {
        if (entry.second == x) {
          found = true;
          break;
        }
      }
      break;
    default:
      break;
  }
  return BuiltinResult::value(Value::boolean(found));
}

// `k, v in xs`: a set holds k with v == k; an array holds v at integer index k; an object v at
// key k. OPA's array lookup takes only integer indexes.
BuiltinResult member_3(BuiltinContext&, std::span<const Value> args) {
  const Value& key = args[0];
  const Value& value = args[1];
  const Value& xs = args[2];
  bool found = false;
  switch (xs.kind()) {
    case ValueKind::kSet:
      found = xs.contains(key) && key == value;
      break;
    case ValueKind::kArray:
      if (key.is_number() && key.as_number().is_integer()) {
        std::optional<int64_t> index = key.as_number().to_int64();
        std::span<const Value> items = xs.array_items();
        if (index && *index >= 0 && static_cast<uint64_t>(*index) < items.size()) {
          found = items[static_cast<size_t>(*index)] == value;
        }
      }
      break;
    case ValueKind::kObject: {
      const Value* at = xs.find(key);
      found = at != nullptr && *at == value;
      break;
    }
    default:
      break;
  }
  return BuiltinResult::value(Value::boolean(found));
}

// --- comparison: OPA's total order over any two values ----------------------------------------

BuiltinResult equal(BuiltinContext&, std::span<const Value> args) {
  return BuiltinResult::value(Value::boolean(compare(args[0], args[1]) == 0));
}
BuiltinResult neq(BuiltinContext&, std::span<const Value> args) {
  return BuiltinResult::value(Value::boolean(compare(args[0], args[1]) != 0));
}
BuiltinResult lt(BuiltinContext&, std::span<const Value> args) {
  return BuiltinResult::value(Value::boolean(compare(args[0], args[1]) < 0));
}
BuiltinResult lte(BuiltinContext&, std::span<const Value> args) {
  return BuiltinResult::value(Value::boolean(compare(args[0], args[1]) <= 0));
}
BuiltinResult gt(BuiltinContext&, std::span<const Value> args) {
  return BuiltinResult::value(Value::boolean(compare(args[0], args[1]) > 0));
}
BuiltinResult gte(BuiltinContext&, std::span<const Value> args) {
  return BuiltinResult::value(Value::boolean(compare(args[0], args[1]) >= 0));
}

// --- arithmetic -------------------------------------------------------------------------------

// Both operands must be numbers; OPA checks operand 1 first.
std::optional<BuiltinResult> check_numbers(std::span<const Value> args) {
  for (int i = 0; i < 2; ++i) {
    if (!args[i].is_number()) return operand_type_error(i + 1, args[i], "number");
  }
  return std::nullopt;
}

BuiltinResult plus(BuiltinContext&, std::span<const Value> args) {
  if (std::optional<BuiltinResult> error = check_numbers(args)) return *error;
  return BuiltinResult::value(Value::number(Number::add(args[0].as_number(), args[1].as_number())));
}

BuiltinResult mul(BuiltinContext&, std::span<const Value> args) {
  if (std::optional<BuiltinResult> error = check_numbers(args)) return *error;
  return BuiltinResult::value(
      Value::number(Number::multiply(args[0].as_number(), args[1].as_number())));
}

BuiltinResult div(BuiltinContext&, std::span<const Value> args) {
  if (std::optional<BuiltinResult> error = check_numbers(args)) return *error;
  std::string message;
  std::optional<Number> quotient =
      Number::divide(args[0].as_number(), args[1].as_number(), &message);
  if (!quotient) return BuiltinResult::error("eval_builtin_error", message);
  return BuiltinResult::value(Value::number(*quotient));
}

BuiltinResult rem(BuiltinContext&, std::span<const Value> args) {
  if (std::optional<BuiltinResult> error = check_numbers(args)) return *error;
  std::string message;
  std::optional<Number> remainder =
      Number::remainder(args[0].as_number(), args[1].as_number(), &message);
  if (!remainder) return BuiltinResult::error("eval_builtin_error", message);
  return BuiltinResult::value(Value::number(*remainder));
}

// Elements of `a` not in `b`, both sorted in OPA's order.
Value set_difference(const Value& a, const Value& b) {
  std::vector<Value> kept;
  for (const Value& item : a.set_items()) {
    if (!b.contains(item)) kept.push_back(item);
  }
  return Value::set(std::move(kept));
}

// Numbers subtract; sets take the difference. OPA's messages name what operand 2 should have
// been given operand 1.
BuiltinResult minus(BuiltinContext&, std::span<const Value> args) {
  const Value& x = args[0];
  const Value& y = args[1];
  if (x.is_number() && y.is_number()) {
    return BuiltinResult::value(Value::number(Number::subtract(x.as_number(), y.as_number())));
  }
  if (x.is_set() && y.is_set()) return BuiltinResult::value(set_difference(x, y));
  if (!x.is_number() && !x.is_set()) return operand_type_error(1, x, "one of {number, set}");
  if (y.is_number()) return operand_type_error(2, y, "set");
  return operand_type_error(2, y, "number");
}

// --- sets -------------------------------------------------------------------------------------

BuiltinResult set_and(BuiltinContext&, std::span<const Value> args) {
  for (int i = 0; i < 2; ++i) {
    if (!args[i].is_set()) return operand_type_error(i + 1, args[i], "set");
  }
  std::vector<Value> common;
  for (const Value& item : args[0].set_items()) {
    if (args[1].contains(item)) common.push_back(item);
  }
  return BuiltinResult::value(Value::set(std::move(common)));
}

BuiltinResult set_or(BuiltinContext&, std::span<const Value> args) {
  for (int i = 0; i < 2; ++i) {
    if (!args[i].is_set()) return operand_type_error(i + 1, args[i], "set");
  }
  std::vector<Value> all(args[0].set_items().begin(), args[0].set_items().end());
  all.insert(all.end(), args[1].set_items().begin(), args[1].set_items().end());
  return BuiltinResult::value(Value::set(std::move(all)));
}

const BuiltinImplementation kMember2{&member_2};
const BuiltinImplementation kMember3{&member_3};
const BuiltinImplementation kEqual{&equal};
const BuiltinImplementation kNeq{&neq};
const BuiltinImplementation kLt{&lt};
const BuiltinImplementation kLte{&lte};
const BuiltinImplementation kGt{&gt};
const BuiltinImplementation kGte{&gte};
const BuiltinImplementation kPlus{&plus};
const BuiltinImplementation kMinus{&minus};
const BuiltinImplementation kMul{&mul};
const BuiltinImplementation kDiv{&div};
const BuiltinImplementation kRem{&rem};
const BuiltinImplementation kAnd{&set_and};
const BuiltinImplementation kOr{&set_or};

}  // namespace

Rows operators_builtins() {
  return {
      fn("eq", "", {{"", A()}, {"", A()}}, {"", B()}).infix("="),
      fn("assign", "", {{"", A()}, {"", A()}}, {"", B()}).infix(":="),
      // `x in xs` and `k, v in xs`: one operator, two functions told apart by operand count.
      fn("internal.member_2", "", {{"", A()}, {"", A()}}, {"", B()}).infix("in").impl(kMember2),
      fn("internal.member_3", "", {{"", A()}, {"", A()}, {"", A()}}, {"", B()})
          .infix("in")
          .impl(kMember3),

      fn("gt", kComparison, {{"x", A()}, {"y", A()}}, {"result", B()}).infix(">").impl(kGt),
      fn("gte", kComparison, {{"x", A()}, {"y", A()}}, {"result", B()}).infix(">=").impl(kGte),
      fn("lt", kComparison, {{"x", A()}, {"y", A()}}, {"result", B()}).infix("<").impl(kLt),
      fn("lte", kComparison, {{"x", A()}, {"y", A()}}, {"result", B()}).infix("<=").impl(kLte),
      fn("neq", kComparison, {{"x", A()}, {"y", A()}}, {"result", B()}).infix("!=").impl(kNeq),
      fn("equal", kComparison, {{"x", A()}, {"y", A()}}, {"result", B()}).infix("==").impl(kEqual),

      fn("plus", kNumbers, {{"x", N()}, {"y", N()}}, {"z", N()}).infix("+").impl(kPlus),
      // Minus is also set difference.
      fn("minus", "sets,numbers", {{"x", Any(N(), SetOf(A()))}, {"y", Any(N(), SetOf(A()))}},
         {"z", Any(N(), SetOf(A()))})
          .infix("-")
          .impl(kMinus),
      fn("mul", kNumbers, {{"x", N()}, {"y", N()}}, {"z", N()}).infix("*").impl(kMul),
      fn("div", kNumbers, {{"x", N()}, {"y", N()}}, {"z", N()}).infix("/").impl(kDiv),
      fn("rem", kNumbers, {{"x", N()}, {"y", N()}}, {"z", N()}).infix("%").impl(kRem),

      fn("and", kSets, {{"x", SetOf(A())}, {"y", SetOf(A())}}, {"z", SetOf(A())})
          .infix("&")
          .impl(kAnd),
      fn("or", kSets, {{"x", SetOf(A())}, {"y", SetOf(A())}}, {"z", SetOf(A())})
          .infix("|")
          .impl(kOr),
  };
}

}  // namespace assay::rego::builtins
