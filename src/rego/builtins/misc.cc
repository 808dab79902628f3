// Output and the compiler's rewrite targets: trace and print, and the internal functions the
// compiler rewrites calls into — print() to internal.print (its operands collected as sets so
// undefined ones print as <undefined>), `opa test` cases to internal.test_case, and template
// strings ($"...{x}...") to internal.template_string. print is OPA's only variadic built-in and,
// like internal.print and internal.test_case, has no result.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows misc_builtins() {
  return {
      fn("trace", kTracing, {{"note", S()}}, {"result", B()}),
      fn("print", "", {}, {}).variadic(A()),
      fn("internal.print", "", {{"", ArrayOf(SetOf(A()))}}, {}),
      fn("internal.test_case", "", {{"", ArrayOf(A())}}, {}),
      fn("internal.template_string", "", {{"", ArrayOf(A())}}, {"", S()}),
  };
}

}  // namespace assay::rego::builtins
