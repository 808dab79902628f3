// Type tests: is_number, is_string, ..., and type_name.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows types_builtins() {
  return {
      fn("is_number", kTypes, {{"x", A()}}, {"result", B()}),
      fn("is_string", kTypes, {{"x", A()}}, {"result", B()}),
      fn("is_boolean", kTypes, {{"x", A()}}, {"result", B()}),
      fn("is_array", kTypes, {{"x", A()}}, {"result", B()}),
      fn("is_set", kTypes, {{"x", A()}}, {"result", B()}),
      fn("is_object", kTypes, {{"x", A()}}, {"result", B()}),
      fn("is_null", kTypes, {{"x", A()}}, {"result", B()}),
      fn("type_name", kTypes, {{"x", A()}}, {"type", S()}),
  };
}

}  // namespace assay::rego::builtins
