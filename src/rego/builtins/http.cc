// http.send: the one built-in that makes requests. Nondeterministic (OPA marks it so) and
// needs_network: a sandboxed evaluation without network refuses it rather than hangs.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows http_builtins() {
  return {
      fn("http.send", "http", {{"request", ObjectOf(S(), A())}}, {"response", ObjectOf(A(), A())})
          .nondeterministic()
          .needs_network(),
  };
}

}  // namespace assay::rego::builtins
