// bits.*: bitwise operations on integers.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows bits_builtins() {
  return {
      fn("bits.or", "bits", {{"x", N()}, {"y", N()}}, {"z", N()}),
      fn("bits.and", "bits", {{"x", N()}, {"y", N()}}, {"z", N()}),
      fn("bits.negate", "bits", {{"x", N()}}, {"z", N()}),
      fn("bits.xor", "bits", {{"x", N()}, {"y", N()}}, {"z", N()}),
      fn("bits.lsh", "bits", {{"x", N()}, {"s", N()}}, {"z", N()}),
      fn("bits.rsh", "bits", {{"x", N()}, {"s", N()}}, {"z", N()}),
  };
}

}  // namespace assay::rego::builtins
