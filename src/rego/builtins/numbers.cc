// Numbers: rounding, absolute value, ranges, and rand.intn (nondeterministic; stable per seed
// within one query). The arithmetic operators are in operators.cc.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows numbers_builtins() {
  return {
      fn("abs", kNumbers, {{"x", N()}}, {"y", N()}),
      fn("ceil", kNumbers, {{"x", N()}}, {"y", N()}),
      fn("floor", kNumbers, {{"x", N()}}, {"y", N()}),
      fn("round", kNumbers, {{"x", N()}}, {"y", N()}),
      // OPA declares no category for the ranges.
      fn("numbers.range", kNumbers, {{"a", N()}, {"b", N()}}, {"range", ArrayOf(N())}),
      fn("numbers.range_step", kNumbers, {{"a", N()}, {"b", N()}, {"step", N()}},
         {"range", ArrayOf(N())}),
      fn("rand.intn", kNumbers, {{"str", S()}, {"n", N()}}, {"y", N()}).nondeterministic(),
  };
}

}  // namespace assay::rego::builtins
