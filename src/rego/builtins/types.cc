// Type tests: is_number, is_string, ..., and type_name. The is_* tests are true or false for
// any value (OPA's topdown/type.go); type_name names the kind as OPA does.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

namespace {

template <ValueKind kKind>
BuiltinResult is_kind(BuiltinContext&, std::span<const Value> args) {
  return BuiltinResult::value(Value::boolean(args[0].kind() == kKind));
}

BuiltinResult type_name(BuiltinContext&, std::span<const Value> args) {
  return BuiltinResult::value(Value::string(std::string(args[0].type_name())));
}

const BuiltinImplementation kIsNumber{&is_kind<ValueKind::kNumber>};
const BuiltinImplementation kIsString{&is_kind<ValueKind::kString>};
const BuiltinImplementation kIsBoolean{&is_kind<ValueKind::kBoolean>};
const BuiltinImplementation kIsArray{&is_kind<ValueKind::kArray>};
const BuiltinImplementation kIsSet{&is_kind<ValueKind::kSet>};
const BuiltinImplementation kIsObject{&is_kind<ValueKind::kObject>};
const BuiltinImplementation kIsNull{&is_kind<ValueKind::kNull>};
const BuiltinImplementation kTypeName{&type_name};

}  // namespace

Rows types_builtins() {
  return {
      fn("is_number", kTypes, {{"x", A()}}, {"result", B()}).impl(kIsNumber),
      fn("is_string", kTypes, {{"x", A()}}, {"result", B()}).impl(kIsString),
      fn("is_boolean", kTypes, {{"x", A()}}, {"result", B()}).impl(kIsBoolean),
      fn("is_array", kTypes, {{"x", A()}}, {"result", B()}).impl(kIsArray),
      fn("is_set", kTypes, {{"x", A()}}, {"result", B()}).impl(kIsSet),
      fn("is_object", kTypes, {{"x", A()}}, {"result", B()}).impl(kIsObject),
      fn("is_null", kTypes, {{"x", A()}}, {"result", B()}).impl(kIsNull),
      fn("type_name", kTypes, {{"x", A()}}, {"type", S()}).impl(kTypeName),
  };
}

}  // namespace assay::rego::builtins
