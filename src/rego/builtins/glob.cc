// glob.*: matching against glob patterns with delimiters, and quoting glob metacharacters.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows glob_builtins() {
  return {
      // `delimiters` may be null: match without delimiters.
      fn("glob.match", "glob",
         {{"pattern", S()}, {"delimiters", Any(ArrayOf(S()), Nl())}, {"match", S()}},
         {"result", B()}),
      fn("glob.quote_meta", "glob", {{"pattern", S()}}, {"output", S()}),
  };
}

}  // namespace assay::rego::builtins
