// object.*: union, filtering, removal, lookup with a default, keys and subset tests, as OPA's
// topdown/object.go and subset.go compute them.
#include <optional>
#include <string>
#include <vector>

#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

namespace {

// Nested objects merge recursively; deeper than this the call fails instead of exhausting the
// stack.
constexpr int kMaxDepth = 2000;

BuiltinResult too_deep() {
  return BuiltinResult::error("eval_builtin_error", "objects nested too deeply");
}

// `a` updated with `b`: b's value wins at a shared key unless both values are objects, which
// merge the same way.
std::optional<Value> merge(const Value& a, const Value& b, int depth) {
  if (depth > kMaxDepth) return std::nullopt;
  std::vector<ObjectEntry> entries;
  entries.reserve(a.size() + b.size());
  for (const ObjectEntry& entry : a.object_entries()) {
    const Value* update = b.find(entry.first);
    if (update == nullptr) {
      entries.push_back(entry);
    } else if (entry.second.is_object() && update->is_object()) {
      std::optional<Value> merged = merge(entry.second, *update, depth + 1);
      if (!merged) return std::nullopt;
      entries.emplace_back(entry.first, std::move(*merged));
    } else {
      entries.emplace_back(entry.first, *update);
    }
  }
  for (const ObjectEntry& entry : b.object_entries()) {
    if (a.find(entry.first) == nullptr) entries.push_back(entry);
  }
  return Value::object(std::move(entries));
}

BuiltinResult object_union(BuiltinContext&, std::span<const Value> args) {
  for (int i = 0; i < 2; ++i) {
    if (!args[i].is_object()) return operand_type_error(i + 1, args[i], "object");
  }
  if (compare(args[0], args[1]) == 0) return BuiltinResult::value(args[0]);
  std::optional<Value> merged = merge(args[0], args[1], 0);
  if (!merged) return too_deep();
  return BuiltinResult::value(*merged);
}

// object.union of every object in order. OPA walks the array from the end, so a bad element is
// reported from there.
BuiltinResult object_union_n(BuiltinContext&, std::span<const Value> args) {
  const Value& objects = args[0];
  if (!objects.is_array()) return operand_type_error(1, objects, "array");
  std::span<const Value> items = objects.array_items();
  for (size_t i = items.size(); i-- > 0;) {
    if (!items[i].is_object()) {
      return BuiltinResult::error("eval_type_error",
                                  "operand 1 must be array of objects but got array containing " +
                                      std::string(items[i].type_name()));
    }
  }
  Value result = Value::object({});
  for (const Value& item : items) {
    std::optional<Value> merged = merge(result, item, 0);
    if (!merged) return too_deep();
    result = std::move(*merged);
  }
  return BuiltinResult::value(result);
}

// The keys argument of object.remove and object.filter: an array's elements, a set's members
// or an object's keys, as a set.
std::optional<Value> key_set(const Value& keys) {
  switch (keys.kind()) {
    case ValueKind::kArray:
      return Value::set(std::vector<Value>(keys.array_items().begin(), keys.array_items().end()));
    case ValueKind::kSet:
      return keys;
    case ValueKind::kObject: {
      std::vector<Value> names;
      for (const ObjectEntry& entry : keys.object_entries()) names.push_back(entry.first);
      return Value::set(std::move(names));
    }
    default:
      return std::nullopt;
  }
}

// object.remove keeps the entries whose key is not listed; object.filter those whose key is.
BuiltinResult select_keys(std::span<const Value> args, bool keep_listed) {
  if (!args[0].is_object()) return operand_type_error(1, args[0], "object");
  std::optional<Value> keys = key_set(args[1]);
  if (!keys) return operand_type_error(2, args[1], "one of {object, set, array}");
  std::vector<ObjectEntry> kept;
  for (const ObjectEntry& entry : args[0].object_entries()) {
    if (keys->contains(entry.first) == keep_listed) kept.push_back(entry);
  }
  return BuiltinResult::value(Value::object(std::move(kept)));
}

BuiltinResult object_remove(BuiltinContext&, std::span<const Value> args) {
  return select_keys(args, false);
}

BuiltinResult object_filter(BuiltinContext&, std::span<const Value> args) {
  return select_keys(args, true);
}

// One step of OPA's Value.Find: objects by key, arrays by integer index, sets by member.
const Value* step_into(const Value& at, const Value& key) {
  switch (at.kind()) {
    case ValueKind::kObject:
      return at.find(key);
    case ValueKind::kArray: {
      if (!key.is_number() || !key.as_number().is_integer()) return nullptr;
      std::optional<int64_t> index = key.as_number().to_int64();
      std::span<const Value> items = at.array_items();
      if (!index || *index < 0 || static_cast<uint64_t>(*index) >= items.size()) return nullptr;
      return &items[static_cast<size_t>(*index)];
    }
    case ValueKind::kSet:
      return at.contains(key) ? &key : nullptr;
    default:
      return nullptr;
  }
}

// object.get(obj, key, default): a key that is an array is a path into nested documents.
BuiltinResult object_get(BuiltinContext&, std::span<const Value> args) {
  const Value& object = args[0];
  const Value& key = args[1];
  if (!object.is_object()) return operand_type_error(1, object, "object");
  if (!key.is_array()) {
    const Value* found = object.find(key);
    return BuiltinResult::value(found != nullptr ? *found : args[2]);
  }
  const Value* at = &object;
  for (const Value& step : key.array_items()) {
    at = step_into(*at, step);
    if (at == nullptr) return BuiltinResult::value(args[2]);
  }
  return BuiltinResult::value(*at);
}

BuiltinResult object_keys(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_object()) return operand_type_error(1, args[0], "object");
  std::vector<Value> names;
  for (const ObjectEntry& entry : args[0].object_entries()) names.push_back(entry.first);
  return BuiltinResult::value(Value::set(std::move(names)));
}

// --- object.subset ----------------------------------------------------------------------------

bool set_subset(const Value& super, const Value& sub) {
  for (const Value& item : sub.set_items()) {
    if (!super.contains(item)) return false;
  }
  return true;
}

// Whether `sub` appears contiguously in `super` (Knuth–Morris–Pratt over values, so hostile
// arrays cost linear time; OPA's naive search gives the same answers).
bool array_subset(const Value& super, const Value& sub) {
  std::span<const Value> text = super.array_items();
  std::span<const Value> pattern = sub.array_items();
  if (pattern.size() > text.size()) return false;
  if (pattern.empty()) return true;
  std::vector<size_t> fallback(pattern.size(), 0);
  for (size_t i = 1, k = 0; i < pattern.size(); ++i) {
    while (k > 0 && pattern[i] != pattern[k]) k = fallback[k - 1];
    if (pattern[i] == pattern[k]) ++k;
    fallback[i] = k;
  }
  for (size_t i = 0, k = 0; i < text.size(); ++i) {
    while (k > 0 && text[i] != pattern[k]) k = fallback[k - 1];
    if (text[i] == pattern[k]) ++k;
    if (k == pattern.size()) return true;
  }
  return false;
}

// OPA counts array elements found in the set down from the set's size, repeats included, and
// only looks after each element: an empty array is never a superset.
bool array_set_subset(const Value& super, const Value& sub) {
  size_t unmatched = sub.size();
  for (const Value& item : super.array_items()) {
    if (sub.contains(item)) --unmatched;
    if (unmatched == 0) return true;
  }
  return false;
}

std::optional<bool> object_subset(const Value& super, const Value& sub, int depth) {
  if (depth > kMaxDepth) return std::nullopt;
  for (const ObjectEntry& entry : sub.object_entries()) {
    const Value* mine = super.find(entry.first);
    if (mine == nullptr) return false;
    if (*mine == entry.second) continue;
    bool ok = false;
    if (mine->is_object() && entry.second.is_object()) {
      std::optional<bool> nested = object_subset(*mine, entry.second, depth + 1);
      if (!nested) return std::nullopt;
      ok = *nested;
    } else if (mine->is_set() && entry.second.is_set()) {
      ok = set_subset(*mine, entry.second);
    } else if (mine->is_array() && entry.second.is_array()) {
      ok = array_subset(*mine, entry.second);
    }
    if (!ok) return false;
  }
  return true;
}

BuiltinResult object_subset_builtin(BuiltinContext&, std::span<const Value> args) {
  const Value& super = args[0];
  const Value& sub = args[1];
  std::optional<bool> result;
  if (super.is_object() && sub.is_object()) {
    result = object_subset(super, sub, 0);
    if (!result) return too_deep();
  } else if (super.is_set() && sub.is_set()) {
    result = set_subset(super, sub);
  } else if (super.is_array() && sub.is_array()) {
    result = array_subset(super, sub);
  } else if (super.is_array() && sub.is_set()) {
    result = array_set_subset(super, sub);
  } else {
    return BuiltinResult::error("eval_type_error",
                                "both arguments object.subset must be of the same type or array "
                                "and set");
  }
  return BuiltinResult::value(Value::boolean(*result));
}

const BuiltinImplementation kUnion{&object_union};
const BuiltinImplementation kUnionN{&object_union_n};
const BuiltinImplementation kRemove{&object_remove};
const BuiltinImplementation kFilter{&object_filter};
const BuiltinImplementation kGet{&object_get};
const BuiltinImplementation kKeys{&object_keys};
const BuiltinImplementation kSubset{&object_subset_builtin};

}  // namespace

Rows objects_builtins() {
  types::TypePtr object = ObjectOf(A(), A());
  types::TypePtr keys = Any(ArrayOf(A()), SetOf(A()), ObjectOf(A(), A()));
  types::TypePtr collection = Any(ObjectOf(A(), A()), SetOf(A()), ArrayOf(A()));
  return {
      fn("object.union", "object", {{"a", object}, {"b", object}}, {"output", A()}).impl(kUnion),
      fn("object.union_n", "object", {{"objects", ArrayOf(object)}}, {"output", A()}).impl(kUnionN),
      fn("object.remove", "object", {{"object", object}, {"keys", keys}}, {"output", A()})
          .impl(kRemove),
      fn("object.filter", "object", {{"object", object}, {"keys", keys}}, {"filtered", A()})
          .impl(kFilter),
      fn("object.get", "object", {{"object", object}, {"key", A()}, {"default", A()}},
         {"value", A()})
          .impl(kGet),
      fn("object.keys", "object", {{"object", object}}, {"value", SetOf(A())}).impl(kKeys),
      fn("object.subset", "object", {{"super", collection}, {"sub", collection}}, {"result", A()})
          .impl(kSubset),
  };
}

}  // namespace assay::rego::builtins
