// Sets: n-ary intersection and union, and the deprecated set_diff (now `x - y`). The binary
// `&` and `|` are operators (operators.cc). As OPA's topdown/sets.go.
#include <vector>

#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

namespace {

// Every member of `xs` must itself be a set; OPA reports a bad member as operand 1.
BuiltinResult intersection(BuiltinContext&, std::span<const Value> args) {
  const Value& xs = args[0];
  if (!xs.is_set()) return operand_type_error(1, xs, "set");
  std::optional<Value> result;
  for (const Value& member : xs.set_items()) {
    if (!member.is_set()) return operand_type_error(1, member, "set");
    if (!result) {
      result = member;
      continue;
    }
    std::vector<Value> common;
    for (const Value& item : result->set_items()) {
      if (member.contains(item)) common.push_back(item);
    }
    result = Value::set(std::move(common));
  }
  return BuiltinResult::value(result ? *result : Value::set({}));
}

BuiltinResult set_union(BuiltinContext&, std::span<const Value> args) {
  const Value& xs = args[0];
  if (!xs.is_set()) return operand_type_error(1, xs, "set");
  std::vector<Value> all;
  for (const Value& member : xs.set_items()) {
    if (!member.is_set()) return operand_type_error(1, member, "set");
    all.insert(all.end(), member.set_items().begin(), member.set_items().end());
  }
  return BuiltinResult::value(Value::set(std::move(all)));
}

BuiltinResult set_diff(BuiltinContext&, std::span<const Value> args) {
  for (int i = 0; i < 2; ++i) {
    if (!args[i].is_set()) return operand_type_error(i + 1, args[i], "set");
  }
  std::vector<Value> kept;
  for (const Value& item : args[0].set_items()) {
    if (!args[1].contains(item)) kept.push_back(item);
  }
  return BuiltinResult::value(Value::set(std::move(kept)));
}

const BuiltinImplementation kIntersection{&intersection};
const BuiltinImplementation kUnion{&set_union};
const BuiltinImplementation kSetDiff{&set_diff};

}  // namespace

Rows sets_builtins() {
  return {
      fn("intersection", kSets, {{"xs", SetOf(SetOf(A()))}}, {"y", SetOf(A())}).impl(kIntersection),
      fn("union", kSets, {{"xs", SetOf(SetOf(A()))}}, {"y", SetOf(A())}).impl(kUnion),
      fn("set_diff", kSets, {{"", SetOf(A())}, {"", SetOf(A())}}, {"", SetOf(A())})
          .deprecated()
          .impl(kSetDiff),
  };
}

}  // namespace assay::rego::builtins
