// regex.*: RE2 syntax matching, splitting, finding and replacing; the glob-intersection test
// regex.globs_match; and the deprecated re_match (now regex.match).
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows regex_builtins() {
  return {
      fn("regex.is_valid", "regex", {{"pattern", S()}}, {"result", B()}),
      fn("regex.match", "regex", {{"pattern", S()}, {"value", S()}}, {"result", B()}),
      fn("re_match", "regex", {{"", S()}, {"", S()}}, {"", B()}).deprecated(),
      fn("regex.split", "regex", {{"pattern", S()}, {"value", S()}}, {"output", ArrayOf(S())}),
      fn("regex.globs_match", "regex", {{"glob1", S()}, {"glob2", S()}}, {"result", B()}),
      fn("regex.template_match", "regex",
         {{"template", S()}, {"value", S()}, {"delimiter_start", S()}, {"delimiter_end", S()}},
         {"result", B()}),
      fn("regex.find_n", "regex", {{"pattern", S()}, {"value", S()}, {"number", N()}},
         {"output", ArrayOf(S())}),
      fn("regex.find_all_string_submatch_n", "regex",
         {{"pattern", S()}, {"value", S()}, {"number", N()}}, {"output", ArrayOf(ArrayOf(S()))}),
      fn("regex.replace", "regex", {{"s", S()}, {"pattern", S()}, {"value", S()}}, {"output", S()}),
  };
}

}  // namespace assay::rego::builtins
