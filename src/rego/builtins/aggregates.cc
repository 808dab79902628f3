// Aggregates: count, sum, product, max, min, sort, and the deprecated any and all, as OPA's
// topdown/aggregates.go computes them.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

namespace {

// Code points as Go's []rune(s) counts them: every byte of an invalid sequence counts as one.
int64_t count_runes(std::string_view s) {
  int64_t count = 0;
  size_t i = 0;
  while (i < s.size()) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char b = byte(i);
    size_t length = 1;
    if (b >= 0xC2 && b <= 0xDF) {
      if (i + 1 < s.size() && (byte(i + 1) & 0xC0) == 0x80) length = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      // Second byte ranges exclude overlong forms (E0) and surrogates (ED).
      unsigned char lo = b == 0xE0 ? 0xA0 : 0x80;
      unsigned char hi = b == 0xED ? 0x9F : 0xBF;
      if (i + 2 < s.size() && byte(i + 1) >= lo && byte(i + 1) <= hi &&
          (byte(i + 2) & 0xC0) == 0x80) {
        length = 3;
      }
    } else if (b >= 0xF0 && b <= 0xF4) {
      unsigned char lo = b == 0xF0 ? 0x90 : 0x80;
      unsigned char hi = b == 0xF4 ? 0x8F : 0xBF;
      if (i + 3 < s.size() && byte(i + 1) >= lo && byte(i + 1) <= hi &&
          (byte(i + 2) & 0xC0) == 0x80 && (byte(i + 3) & 0xC0) == 0x80) {
        length = 4;
      }
    }
    i += length;
    ++count;
  }
  return count;
}

BuiltinResult count(BuiltinContext&, std::span<const Value> args) {
  const Value& x = args[0];
  switch (x.kind()) {
    case ValueKind::kArray:
    case ValueKind::kObject:
    case ValueKind::kSet:
      return BuiltinResult::value(Value::integer(static_cast<int64_t>(x.size())));
    case ValueKind::kString:
      return BuiltinResult::value(Value::integer(count_runes(x.as_string())));
    default:
      return operand_type_error(1, x, "one of {array, object, set, string}");
  }
}

// The members of an array or a set, in order.
std::span<const Value> members(const Value& collection) {
  return collection.is_array() ? collection.array_items() : collection.set_items();
}

// "operand 1 must be array of numbers but got array containing string", as OPA's
// NewOperandElementErr words it.
BuiltinResult element_error(const Value& collection, const Value& element) {
  std::string kind(collection.type_name());
  return BuiltinResult::error("eval_type_error",
                              "operand 1 must be " + kind + " of numbers but got " + kind +
                                  " containing " + std::string(element.type_name()));
}

BuiltinResult fold_numbers(std::span<const Value> args, int64_t initial,
                           Number (*op)(const Number&, const Number&)) {
  const Value& x = args[0];
  if (!x.is_array() && !x.is_set()) return operand_type_error(1, x, "one of {set, array}");
  Number total(initial);
  for (const Value& item : members(x)) {
    if (!item.is_number()) return element_error(x, item);
    total = op(total, item.as_number());
  }
  return BuiltinResult::value(Value::number(total));
}

BuiltinResult sum(BuiltinContext&, std::span<const Value> args) {
  return fold_numbers(args, 0, &Number::add);
}

BuiltinResult product(BuiltinContext&, std::span<const Value> args) {
  return fold_numbers(args, 1, &Number::multiply);
}

// max and min are undefined on empty collections. On arrays OPA keeps the last of equal
// extremes (1 and 1.0), which matters for how the result prints.
BuiltinResult max(BuiltinContext&, std::span<const Value> args) {
  const Value& x = args[0];
  if (!x.is_array() && !x.is_set()) return operand_type_error(1, x, "one of {set, array}");
  std::span<const Value> items = members(x);
  if (items.empty()) return BuiltinResult::undefined();
  const Value* best = &items[0];
  for (const Value& item : items) {
    if (compare(*best, item) <= 0) best = &item;
  }
  return BuiltinResult::value(*best);
}

BuiltinResult min(BuiltinContext&, std::span<const Value> args) {
  const Value& x = args[0];
  if (!x.is_array() && !x.is_set()) return operand_type_error(1, x, "one of {set, array}");
  std::span<const Value> items = members(x);
  if (items.empty()) return BuiltinResult::undefined();
  const Value* best = &items[0];
  for (const Value& item : items) {
    if (compare(*best, item) >= 0) best = &item;
  }
  return BuiltinResult::value(*best);
}

BuiltinResult sort(BuiltinContext&, std::span<const Value> args) {
  const Value& x = args[0];
  if (!x.is_array() && !x.is_set()) return operand_type_error(1, x, "one of {set, array}");
  std::vector<Value> items(members(x).begin(), members(x).end());
  std::stable_sort(items.begin(), items.end(),
                   [](const Value& a, const Value& b) { return compare(a, b) < 0; });
  return BuiltinResult::value(Value::array(std::move(items)));
}

// Deprecated any/all: whether some / every member is `true`.
BuiltinResult any(BuiltinContext&, std::span<const Value> args) {
  const Value& x = args[0];
  if (!x.is_array() && !x.is_set()) return operand_type_error(1, x, "one of {array, set}");
  bool found = false;
  for (const Value& item : members(x)) {
    if (item.is_boolean() && item.as_boolean()) found = true;
  }
  return BuiltinResult::value(Value::boolean(found));
}

BuiltinResult all(BuiltinContext&, std::span<const Value> args) {
  const Value& x = args[0];
  if (!x.is_array() && !x.is_set()) return operand_type_error(1, x, "one of {array, set}");
  bool every = true;
  for (const Value& item : members(x)) {
    if (!item.is_boolean() || !item.as_boolean()) every = false;
  }
  return BuiltinResult::value(Value::boolean(every));
}

const BuiltinImplementation kCount{&count};
const BuiltinImplementation kSum{&sum};
const BuiltinImplementation kProduct{&product};
const BuiltinImplementation kMax{&max};
const BuiltinImplementation kMin{&min};
const BuiltinImplementation kSort{&sort};
const BuiltinImplementation kAny{&any};
const BuiltinImplementation kAll{&all};

}  // namespace

Rows aggregates_builtins() {
  return {
      fn("count", kAggregates,
         {{"collection", Any(SetOf(A()), ArrayOf(A()), ObjectOf(A(), A()), S())}}, {"n", N()})
          .impl(kCount),
      fn("sum", kAggregates, {{"collection", Any(SetOf(N()), ArrayOf(N()))}}, {"n", N()})
          .impl(kSum),
      fn("product", kAggregates, {{"collection", Any(SetOf(N()), ArrayOf(N()))}}, {"n", N()})
          .impl(kProduct),
      fn("max", kAggregates, {{"collection", Any(SetOf(A()), ArrayOf(A()))}}, {"n", A()})
          .impl(kMax),
      fn("min", kAggregates, {{"collection", Any(SetOf(A()), ArrayOf(A()))}}, {"n", A()})
          .impl(kMin),
      fn("sort", kAggregates, {{"collection", Any(ArrayOf(A()), SetOf(A()))}}, {"n", ArrayOf(A())})
          .impl(kSort),
      // Deprecated since OPA 0.x; v0 policies still call them.
      fn("any", kAggregates, {{"", Any(SetOf(A()), ArrayOf(A()))}}, {"", B()})
          .deprecated()
          .impl(kAny),
      fn("all", kAggregates, {{"", Any(SetOf(A()), ArrayOf(A()))}}, {"", B()})
          .deprecated()
          .impl(kAll),
  };
}

}  // namespace assay::rego::builtins
