// uuid.*: UUIDv4 generation (nondeterministic; stable per seed within one query) and parsing.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows uuid_builtins() {
  return {
      fn("uuid.rfc4122", "uuid", {{"k", S()}}, {"output", S()}).nondeterministic(),
      fn("uuid.parse", "uuid", {{"uuid", S()}}, {"result", ObjectOf(S(), A())}),
  };
}

}  // namespace assay::rego::builtins
