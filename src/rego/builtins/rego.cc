// rego.* and opa.*: parsing Rego to an AST object, the active rule's metadata (annotations), and
// the runtime description (nondeterministic: it depends on the deployment).
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows rego_builtins() {
  return {
      fn("rego.parse_module", "rego", {{"filename", S()}, {"rego", S()}},
         {"output", ObjectOf(S(), A())}),
      fn("rego.metadata.chain", "rego", {}, {"chain", ArrayOf(A())}),
      fn("rego.metadata.rule", "rego", {}, {"output", A()}),
      fn("opa.runtime", "opa", {}, {"output", ObjectOf(S(), A())}).nondeterministic(),
  };
}

}  // namespace assay::rego::builtins
