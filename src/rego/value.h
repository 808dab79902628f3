// Value: a Rego value as the evaluator computes with it — null, boolean, number, string, array,
// set, object — with OPA's semantics: exact numbers (number.h), OPA's total order over all
// values (null < boolean < number < string < array < object < set; within a kind, as OPA's
// ast.Compare), equality consistent with that order (1 == 1.0), and hashing consistent with
// equality.
//
// Values are immutable and cheap to copy (one pointer to shared, reference-counted storage;
// null, booleans and small integers are inline). Sets and objects keep their members sorted in
// OPA's order, so iteration is deterministic and lookup is a binary search; build them through
// the constructors, which sort and deduplicate (objects: the last value of a repeated key wins
// only through ObjectBuilder; see there). Thread-safe to read and copy from several threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/rego/number.h"

namespace assay::rego {

enum class ValueKind : uint8_t { kNull, kBoolean, kNumber, kString, kArray, kObject, kSet };

class Value;
using ObjectEntry = std::pair<Value, Value>;

class Value {
 public:
  Value();  // null
  static Value null() { return Value(); }
  static Value boolean(bool b);
  static Value number(Number n);
  static Value integer(int64_t i);
  static Value string(std::string s);
  static Value array(std::vector<Value> items);
  static Value set(std::vector<Value> items);          // sorted and deduplicated here
  static Value object(std::vector<ObjectEntry> entries);  // sorted here; keys must be unique
                                                          // (checked by the caller: see
                                                          // ObjectBuilder)

  ValueKind kind() const { return kind_; }
  bool is_null() const { return kind_ == ValueKind::kNull; }
  bool is_boolean() const { return kind_ == ValueKind::kBoolean; }
  bool is_number() const { return kind_ == ValueKind::kNumber; }
  bool is_string() const { return kind_ == ValueKind::kString; }
  bool is_array() const { return kind_ == ValueKind::kArray; }
  bool is_object() const { return kind_ == ValueKind::kObject; }
  bool is_set() const { return kind_ == ValueKind::kSet; }
  bool is_collection() const {
    return kind_ == ValueKind::kArray || kind_ == ValueKind::kObject || kind_ == ValueKind::kSet;
  }

  // Preconditions: the matching kind.
  bool as_boolean() const;
  const Number& as_number() const;
  std::string_view as_string() const;
  std::span<const Value> array_items() const;
  std::span<const Value> set_items() const;        // in OPA's order
  std::span<const ObjectEntry> object_entries() const;  // by key, in OPA's order

  // Collections: number of members (0 for scalars).
  size_t size() const;
  // Object member by key, set membership, array element by index; nullptr when absent.
  const Value* find(const Value& key) const;
  bool contains(const Value& member) const;  // sets: member; objects: key; arrays: element

  // OPA's ast.Compare over values: negative, zero, positive.
  friend int compare(const Value& a, const Value& b);
  friend bool operator==(const Value& a, const Value& b) { return compare(a, b) == 0; }
  friend bool operator<(const Value& a, const Value& b) { return compare(a, b) < 0; }
  size_t hash() const;

  // OPA's type_name: "null", "boolean", "number", "string", "array", "object", "set".
  std::string_view type_name() const;

 private:
  struct Storage;
  ValueKind kind_ = ValueKind::kNull;
  bool boolean_ = false;
  std::shared_ptr<const Storage> storage_;
};

// Builds an object from entries that may repeat keys; reports the first conflict.
class ObjectBuilder {
 public:
  // False when `key` is already present with a different value (OPA: "object keys must be
  // unique" / eval_conflict_error), true otherwise (a repeat with the same value is fine).
  bool insert(Value key, Value value);
  Value build() &&;

 private:
  std::vector<ObjectEntry> entries_;
};

// JSON text (RFC 8259) to a Value: numbers kept exact, objects and arrays as Rego's.
// nullopt with `error` set when the text is not JSON (or nests deeper than `max_depth`).
std::optional<Value> value_from_json(std::string_view json, std::string* error,
                                     size_t max_depth = 512);

// A Value as JSON text as OPA serialises it: sets become arrays (sorted), object keys that are
// not strings are serialised as their JSON text, numbers as written by Number::to_string().
std::string value_to_json(const Value& value);

// A Value as Rego text as OPA prints it in messages and sprintf("%v"): strings quoted, sets as
// {1, 2}, empty set as set().
std::string value_to_rego(const Value& value);

}  // namespace assay::rego
