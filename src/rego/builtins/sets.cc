// Sets: n-ary intersection and union, and the deprecated set_diff (now `x - y`). The binary
// `&` and `|` are operators (operators.cc).
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows sets_builtins() {
  return {
      fn("intersection", kSets, {{"xs", SetOf(SetOf(A()))}}, {"y", SetOf(A())}),
      fn("union", kSets, {{"xs", SetOf(SetOf(A()))}}, {"y", SetOf(A())}),
      fn("set_diff", kSets, {{"", SetOf(A())}, {"", SetOf(A())}}, {"", SetOf(A())}).deprecated(),
  };
}

}  // namespace assay::rego::builtins
