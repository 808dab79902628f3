// Strings: search, case, splitting and joining, replacement, trimming, formatting, templates.
// (regex.* is in regex.cc; the template strings' internal.template_string in misc.cc.)
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows strings_builtins() {
  types::TypePtr strings = Any(S(), SetOf(S()), ArrayOf(S()));
  return {
      fn("strings.any_prefix_match", kStrings, {{"search", strings}, {"base", strings}},
         {"result", B()}),
      fn("strings.any_suffix_match", kStrings, {{"search", strings}, {"base", strings}},
         {"result", B()}),
      fn("concat", kStrings, {{"delimiter", S()}, {"collection", Any(SetOf(S()), ArrayOf(S()))}},
         {"output", S()}),
      fn("format_int", kStrings, {{"number", N()}, {"base", N()}}, {"output", S()}),
      fn("indexof", kStrings, {{"haystack", S()}, {"needle", S()}}, {"output", N()}),
      fn("indexof_n", kStrings, {{"haystack", S()}, {"needle", S()}}, {"output", ArrayOf(N())}),
      fn("substring", kStrings, {{"value", S()}, {"offset", N()}, {"length", N()}},
         {"output", S()}),
      fn("contains", kStrings, {{"haystack", S()}, {"needle", S()}}, {"result", B()}),
      fn("strings.count", kStrings, {{"search", S()}, {"substring", S()}}, {"output", N()}),
      fn("startswith", kStrings, {{"search", S()}, {"base", S()}}, {"result", B()}),
      fn("endswith", kStrings, {{"search", S()}, {"base", S()}}, {"result", B()}),
      fn("lower", kStrings, {{"x", S()}}, {"y", S()}),
      fn("upper", kStrings, {{"x", S()}}, {"y", S()}),
      fn("split", kStrings, {{"x", S()}, {"delimiter", S()}}, {"ys", ArrayOf(S())}),
      fn("replace", kStrings, {{"x", S()}, {"old", S()}, {"new", S()}}, {"y", S()}),
      // OPA declares no category for replace_n.
      fn("strings.replace_n", kStrings, {{"patterns", ObjectOf(S(), S())}, {"value", S()}},
         {"output", S()}),
      fn("trim", kStrings, {{"value", S()}, {"cutset", S()}}, {"output", S()}),
      fn("trim_left", kStrings, {{"value", S()}, {"cutset", S()}}, {"output", S()}),
      fn("trim_prefix", kStrings, {{"value", S()}, {"prefix", S()}}, {"output", S()}),
      fn("trim_right", kStrings, {{"value", S()}, {"cutset", S()}}, {"output", S()}),
      fn("trim_suffix", kStrings, {{"value", S()}, {"suffix", S()}}, {"output", S()}),
      fn("trim_space", kStrings, {{"value", S()}}, {"output", S()}),
      fn("sprintf", kStrings, {{"format", S()}, {"values", ArrayOf(A())}}, {"output", S()}),
      fn("strings.reverse", kStrings, {{"x", S()}}, {"y", S()}),
      fn("strings.render_template", kStrings, {{"value", S()}, {"vars", ObjectOf(S(), A())}},
         {"result", S()}),
  };
}

}  // namespace assay::rego::builtins
