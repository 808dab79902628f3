// time.*: the clock (time.now_ns, nondeterministic), parsing, formatting, calendar parts and
// arithmetic. A time is nanoseconds since the epoch, optionally paired with a time zone.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows time_builtins() {
  // ns, or [ns, timezone].
  types::TypePtr instant = Any(N(), Tuple({N(), S()}));
  return {
      fn("time.now_ns", "time", {}, {"now", N()}).nondeterministic(),
      fn("time.parse_ns", "time", {{"layout", S()}, {"value", S()}}, {"ns", N()}),
      fn("time.parse_rfc3339_ns", "time", {{"value", S()}}, {"ns", N()}),
      fn("time.parse_duration_ns", "time", {{"duration", S()}}, {"ns", N()}),
      // ns, [ns, timezone] or [ns, timezone, layout]. OPA names the result with a space.
      fn("time.format", "time", {{"x", Any(N(), Tuple({N(), S()}), Tuple({N(), S(), S()}))}},
         {"formatted timestamp", S()}),
      fn("time.date", "time", {{"x", instant}}, {"date", Tuple({N(), N(), N()})}),
      fn("time.clock", "time", {{"x", instant}}, {"output", Tuple({N(), N(), N()})}),
      fn("time.weekday", "time", {{"x", instant}}, {"day", S()}),
      fn("time.add_date", "time", {{"ns", N()}, {"years", N()}, {"months", N()}, {"days", N()}},
         {"output", N()}),
      // [years, months, days, hours, minutes, seconds].
      fn("time.diff", "time", {{"ns1", instant}, {"ns2", instant}},
         {"output", Tuple({N(), N(), N(), N(), N(), N()})}),
  };
}

}  // namespace assay::rego::builtins
