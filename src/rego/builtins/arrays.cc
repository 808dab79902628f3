// array.*: concatenation, slicing and reversal.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows arrays_builtins() {
  return {
      fn("array.concat", "array", {{"x", ArrayOf(A())}, {"y", ArrayOf(A())}}, {"z", ArrayOf(A())}),
      fn("array.slice", "array", {{"arr", ArrayOf(A())}, {"start", N()}, {"stop", N()}},
         {"slice", ArrayOf(A())}),
      fn("array.reverse", "array", {{"arr", ArrayOf(A())}}, {"rev", ArrayOf(A())}),
  };
}

}  // namespace assay::rego::builtins
