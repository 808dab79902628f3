// object.*: union, filtering, removal, lookup with a default, keys and subset tests.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows objects_builtins() {
  types::TypePtr object = ObjectOf(A(), A());
  types::TypePtr keys = Any(ArrayOf(A()), SetOf(A()), ObjectOf(A(), A()));
  types::TypePtr collection = Any(ObjectOf(A(), A()), SetOf(A()), ArrayOf(A()));
  return {
      fn("object.union", "object", {{"a", object}, {"b", object}}, {"output", A()}),
      fn("object.union_n", "object", {{"objects", ArrayOf(object)}}, {"output", A()}),
      fn("object.remove", "object", {{"object", object}, {"keys", keys}}, {"output", A()}),
      fn("object.filter", "object", {{"object", object}, {"keys", keys}}, {"filtered", A()}),
      fn("object.get", "object", {{"object", object}, {"key", A()}, {"default", A()}},
         {"value", A()}),
      fn("object.keys", "object", {{"object", object}}, {"value", SetOf(A())}),
      fn("object.subset", "object", {{"super", collection}, {"sub", collection}}, {"result", A()}),
  };
}

}  // namespace assay::rego::builtins
