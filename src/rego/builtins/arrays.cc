// array.*: concatenation, slicing and reversal, as OPA's topdown/array.go.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

namespace {

BuiltinResult array_concat(BuiltinContext&, std::span<const Value> args) {
  for (int i = 0; i < 2; ++i) {
    if (!args[i].is_array()) return operand_type_error(i + 1, args[i], "array");
  }
  std::vector<Value> items(args[0].array_items().begin(), args[0].array_items().end());
  items.insert(items.end(), args[1].array_items().begin(), args[1].array_items().end());
  return BuiltinResult::value(Value::array(std::move(items)));
}

// OPA's IntOperand: a number that is an integer fitting a Go int.
std::optional<BuiltinResult> int_operand(const Value& v, int position, int64_t& out) {
  if (!v.is_number()) return operand_type_error(position, v, "number");
  std::optional<int64_t> i;
  if (v.as_number().is_integer()) i = v.as_number().to_int64();
  if (!i) {
    return BuiltinResult::error("eval_type_error",
                                "operand " + std::to_string(position) +
                                    " must be integer number but got floating-point number");
  }
  out = *i;
  return std::nullopt;
}

// arr[start:stop], with OPA's clamping: stop into [0, len], start into [0, stop].
BuiltinResult array_slice(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_array()) return operand_type_error(1, args[0], "array");
  int64_t start = 0;
  int64_t stop = 0;
  if (std::optional<BuiltinResult> error = int_operand(args[1], 2, start)) return *error;
  if (std::optional<BuiltinResult> error = int_operand(args[2], 3, stop)) return *error;
  std::span<const Value> items = args[0].array_items();
  int64_t length = static_cast<int64_t>(items.size());
  stop = std::clamp<int64_t>(stop, 0, length);
  start = std::clamp<int64_t>(start, 0, stop);
  return BuiltinResult::value(
      Value::array(std::vector<Value>(items.begin() + start, items.begin() + stop)));
}

BuiltinResult array_reverse(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_array()) return operand_type_error(1, args[0], "array");
  std::vector<Value> items(args[0].array_items().rbegin(), args[0].array_items().rend());
  return BuiltinResult::value(Value::array(std::move(items)));
}

const BuiltinImplementation kConcat{&array_concat};
const BuiltinImplementation kSlice{&array_slice};
const BuiltinImplementation kReverse{&array_reverse};

}  // namespace

Rows arrays_builtins() {
  return {
      fn("array.concat", "array", {{"x", ArrayOf(A())}, {"y", ArrayOf(A())}}, {"z", ArrayOf(A())})
          .impl(kConcat),
      fn("array.slice", "array", {{"arr", ArrayOf(A())}, {"start", N()}, {"stop", N()}},
         {"slice", ArrayOf(A())})
          .impl(kSlice),
      fn("array.reverse", "array", {{"arr", ArrayOf(A())}}, {"rev", ArrayOf(A())}).impl(kReverse),
  };
}

}  // namespace assay::rego::builtins
