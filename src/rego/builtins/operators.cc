// The built-ins written as operators: unification and assignment, membership (`in`),
// comparisons, arithmetic, and set intersection and union. OPA declares eq, assign and the
// member functions without argument names, so their "want" lines show bare types.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows operators_builtins() {
  return {
      fn("eq", "", {{"", A()}, {"", A()}}, {"", B()}).infix("="),
      fn("assign", "", {{"", A()}, {"", A()}}, {"", B()}).infix(":="),
      // `x in xs` and `k, v in xs`: one operator, two functions told apart by operand count.
      fn("internal.member_2", "", {{"", A()}, {"", A()}}, {"", B()}).infix("in"),
      fn("internal.member_3", "", {{"", A()}, {"", A()}, {"", A()}}, {"", B()}).infix("in"),

      fn("gt", kComparison, {{"x", A()}, {"y", A()}}, {"result", B()}).infix(">"),
      fn("gte", kComparison, {{"x", A()}, {"y", A()}}, {"result", B()}).infix(">="),
      fn("lt", kComparison, {{"x", A()}, {"y", A()}}, {"result", B()}).infix("<"),
      fn("lte", kComparison, {{"x", A()}, {"y", A()}}, {"result", B()}).infix("<="),
      fn("neq", kComparison, {{"x", A()}, {"y", A()}}, {"result", B()}).infix("!="),
      fn("equal", kComparison, {{"x", A()}, {"y", A()}}, {"result", B()}).infix("=="),

      fn("plus", kNumbers, {{"x", N()}, {"y", N()}}, {"z", N()}).infix("+"),
      // Minus is also set difference.
      fn("minus", "sets,numbers", {{"x", Any(N(), SetOf(A()))}, {"y", Any(N(), SetOf(A()))}},
         {"z", Any(N(), SetOf(A()))})
          .infix("-"),
      fn("mul", kNumbers, {{"x", N()}, {"y", N()}}, {"z", N()}).infix("*"),
      fn("div", kNumbers, {{"x", N()}, {"y", N()}}, {"z", N()}).infix("/"),
      fn("rem", kNumbers, {{"x", N()}, {"y", N()}}, {"z", N()}).infix("%"),

      fn("and", kSets, {{"x", SetOf(A())}, {"y", SetOf(A())}}, {"z", SetOf(A())}).infix("&"),
      fn("or", kSets, {{"x", SetOf(A())}, {"y", SetOf(A())}}, {"z", SetOf(A())}).infix("|"),
  };
}

}  // namespace assay::rego::builtins
