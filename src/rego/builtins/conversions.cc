// Conversions: to_number, and the deprecated cast_* functions v0 policies still call.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows conversions_builtins() {
  return {
      fn("to_number", kConversions, {{"x", Any(N(), S(), B(), Nl())}}, {"num", N()}),
      fn("cast_array", kConversions, {{"", A()}}, {"", ArrayOf(A())}).deprecated(),
      fn("cast_set", kConversions, {{"", A()}}, {"", SetOf(A())}).deprecated(),
      fn("cast_string", kConversions, {{"", A()}}, {"", S()}).deprecated(),
      fn("cast_boolean", kConversions, {{"", A()}}, {"", B()}).deprecated(),
      fn("cast_null", kConversions, {{"", A()}}, {"", Nl()}).deprecated(),
      fn("cast_object", kConversions, {{"", A()}}, {"", ObjectOf(A(), A())}).deprecated(),
  };
}

}  // namespace assay::rego::builtins
