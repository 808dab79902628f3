// semver.*: Semantic Versioning 2.0 validation (of any value) and comparison.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows semver_builtins() {
  return {
      fn("semver.is_valid", "semver", {{"vsn", A()}}, {"result", B()}),
      fn("semver.compare", "semver", {{"a", S()}, {"b", S()}}, {"result", N()}),
  };
}

}  // namespace assay::rego::builtins
