// Aggregates: count, sum, product, max, min, sort, and the deprecated any and all.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows aggregates_builtins() {
  return {
      fn("count", kAggregates,
         {{"collection", Any(SetOf(A()), ArrayOf(A()), ObjectOf(A(), A()), S())}}, {"n", N()}),
      fn("sum", kAggregates, {{"collection", Any(SetOf(N()), ArrayOf(N()))}}, {"n", N()}),
      fn("product", kAggregates, {{"collection", Any(SetOf(N()), ArrayOf(N()))}}, {"n", N()}),
      fn("max", kAggregates, {{"collection", Any(SetOf(A()), ArrayOf(A()))}}, {"n", A()}),
      fn("min", kAggregates, {{"collection", Any(SetOf(A()), ArrayOf(A()))}}, {"n", A()}),
      fn("sort", kAggregates, {{"collection", Any(ArrayOf(A()), SetOf(A()))}}, {"n", ArrayOf(A())}),
      // Deprecated since OPA 0.x; v0 policies still call them.
      fn("any", kAggregates, {{"", Any(SetOf(A()), ArrayOf(A()))}}, {"", B()}).deprecated(),
      fn("all", kAggregates, {{"", Any(SetOf(A()), ArrayOf(A()))}}, {"", B()}).deprecated(),
  };
}

}  // namespace assay::rego::builtins
