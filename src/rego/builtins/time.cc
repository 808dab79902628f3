// time.*: the clock (time.now_ns, nondeterministic), parsing, formatting, calendar parts and
// arithmetic. A time is nanoseconds since the epoch, optionally paired with a time zone. The
// Go time semantics OPA inherits (layouts, durations, zones) live in go_time.h.
#include <string>

#include "src/rego/builtins/go_time.h"
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

namespace {

namespace gt = gotime;

BuiltinResult builtin_error(std::string message) {
  return BuiltinResult::error("eval_builtin_error", std::move(message));
}

// OPA's errors for results beyond Go's UnixNano range.
constexpr const char* kOutOfRange = "time outside of valid range";

BuiltinResult nanos_result(const gt::Instant& t) {
  auto ns = gt::to_unix_nanos(t);
  if (!ns) return builtin_error(kOutOfRange);
  return BuiltinResult::value(Value::integer(*ns));
}

// Go's time constants that OPA accepts by name as layouts.
std::string_view named_layout(std::string_view layout) {
  static constexpr std::pair<std::string_view, std::string_view> kLayouts[] = {
      {"ANSIC", "Mon Jan _2 15:04:05 2006"},
      {"UnixDate", "Mon Jan _2 15:04:05 MST 2006"},
      {"RubyDate", "Mon Jan 02 15:04:05 -0700 2006"},
      {"RFC822", "02 Jan 06 15:04 MST"},
      {"RFC822Z", "02 Jan 06 15:04 -0700"},
      {"RFC850", "Monday, 02-Jan-06 15:04:05 MST"},
      {"RFC1123", "Mon, 02 Jan 2006 15:04:05 MST"},
      {"RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700"},
      {"RFC3339", "2006-01-02T15:04:05Z07:00"},
      {"RFC3339Nano", "2006-01-02T15:04:05.999999999Z07:00"},
  };
  for (const auto& [name, text] : kLayouts) {
    if (name == layout) return text;
  }
  return layout;
}

// OPA's tzTime: a time operand (ns, [ns], [ns, tz] or [ns, tz, layout]) as an instant in its
// zone. OPA reports every problem as operand 1, whichever operand it was.
struct ZonedTime {
  gt::Instant instant;
  std::shared_ptr<const gt::Zone> zone;
  std::string layout;
};

std::optional<BuiltinResult> zoned_time(const Value& operand, ZonedTime& out) {
  constexpr std::string_view kWant = "either number (ns) or [number (ns), string (tz)]";
  const Value* ns = &operand;
  out.zone = gt::utc_zone();
  if (operand.is_array()) {
    const auto items = operand.array_items();
    if (items.empty()) return operand_type_error(1, operand, kWant);
    ns = &items[0];
    if (!ns->is_number()) return operand_type_error(1, *ns, "number");
    if (items.size() > 1) {
      if (!items[1].is_string()) return operand_type_error(1, items[1], "string");
      std::string error;
      out.zone = gt::load_zone(items[1].as_string(), &error);
      if (!out.zone) return builtin_error(error);
    }
    if (items.size() > 2) {
      if (!items[2].is_string()) return operand_type_error(1, items[2], "string");
      out.layout = std::string(items[2].as_string());
    }
  } else if (!operand.is_number()) {
    return operand_type_error(1, operand, kWant);
  }
  const Number& number = ns->as_number();
  const auto integer = number.is_integer() ? number.to_int64() : std::nullopt;
  if (!integer) return builtin_error("timestamp too big");
  out.instant = gt::from_unix_nanos(*integer);
  return std::nullopt;
}

BuiltinResult now_ns(BuiltinContext& ctx, std::span<const Value>) {
  return BuiltinResult::value(Value::integer(ctx.now_ns));
}

BuiltinResult parse_ns(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  if (!args[1].is_string()) return operand_type_error(2, args[1], "string");
  std::string error;
  auto t = gt::parse(named_layout(args[0].as_string()), args[1].as_string(), &error);
  if (!t) return builtin_error(error);
  return nanos_result(*t);
}

BuiltinResult parse_rfc3339_ns(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  std::string error;
  auto t = gt::parse(named_layout("RFC3339"), args[0].as_string(), &error);
  if (!t) return builtin_error(error);
  return nanos_result(*t);
}

BuiltinResult parse_duration_ns(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  std::string error;
  auto ns = gt::parse_duration(args[0].as_string(), &error);
  if (!ns) return builtin_error(error);
  return BuiltinResult::value(Value::integer(*ns));
}

BuiltinResult format(BuiltinContext&, std::span<const Value> args) {
  ZonedTime t;
  if (auto error = zoned_time(args[0], t)) return *error;
  std::string_view layout = t.layout.empty() ? "RFC3339Nano" : std::string_view(t.layout);
  return BuiltinResult::value(Value::string(gt::format(t.instant, *t.zone, named_layout(layout))));
}

BuiltinResult date(BuiltinContext&, std::span<const Value> args) {
  ZonedTime t;
  if (auto error = zoned_time(args[0], t)) return *error;
  const gt::Civil c = gt::to_civil(t.instant, *t.zone);
  return BuiltinResult::value(
      Value::array({Value::integer(c.year), Value::integer(c.month), Value::integer(c.day)}));
}

BuiltinResult clock(BuiltinContext&, std::span<const Value> args) {
  ZonedTime t;
  if (auto error = zoned_time(args[0], t)) return *error;
  const gt::Civil c = gt::to_civil(t.instant, *t.zone);
  return BuiltinResult::value(
      Value::array({Value::integer(c.hour), Value::integer(c.minute), Value::integer(c.second)}));
}

BuiltinResult weekday(BuiltinContext&, std::span<const Value> args) {
  static constexpr std::string_view kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                               "Thursday", "Friday", "Saturday"};
  ZonedTime t;
  if (auto error = zoned_time(args[0], t)) return *error;
  const gt::Civil c = gt::to_civil(t.instant, *t.zone);
  return BuiltinResult::value(Value::string(std::string(kDays[c.weekday])));
}

// OPA's IntOperand: an integer that fits Go's int.
std::optional<BuiltinResult> int_operand(const Value& v, int position, int64_t& out) {
  if (!v.is_number()) return operand_type_error(position, v, "number");
  const auto integer = v.as_number().is_integer() ? v.as_number().to_int64() : std::nullopt;
  if (!integer) {
    return BuiltinResult::error("eval_type_error",
                                "operand " + std::to_string(position) +
                                    " must be integer number but got floating-point number");
  }
  out = *integer;
  return std::nullopt;
}

BuiltinResult add_date(BuiltinContext&, std::span<const Value> args) {
  ZonedTime t;
  if (auto error = zoned_time(args[0], t)) return *error;
  int64_t years = 0, months = 0, days = 0;
  if (auto error = int_operand(args[1], 2, years)) return *error;
  if (auto error = int_operand(args[2], 3, months)) return *error;
  if (auto error = int_operand(args[3], 4, days)) return *error;
  const gt::Civil c = gt::to_civil(t.instant, *t.zone);
  // Far beyond the representable years either way: no need to compute (and overflow) it.
  constexpr int64_t kFar = int64_t{1} << 40;
  if (years > kFar || years < -kFar || months > kFar || months < -kFar || days > kFar ||
      days < -kFar) {
    return builtin_error(kOutOfRange);
  }
  auto result = gt::make_date(c.year + years, c.month + months, c.day + days, c.hour, c.minute,
                              c.second, c.nanos, *t.zone);
  if (!result) return builtin_error(kOutOfRange);
  return nanos_result(*result);
}

BuiltinResult diff(BuiltinContext&, std::span<const Value> args) {
  ZonedTime a, b;
  if (auto error = zoned_time(args[0], a)) return *error;
  if (auto error = zoned_time(args[1], b)) return *error;
  gt::Instant first = a.instant, second = b.instant;
  if (first.unix_seconds > second.unix_seconds ||
      (first.unix_seconds == second.unix_seconds && first.nanos > second.nanos)) {
    std::swap(first, second);
  }
  // Both in the first operand's zone, as OPA converts the second to it.
  const gt::Civil c1 = gt::to_civil(first, *a.zone);
  const gt::Civil c2 = gt::to_civil(second, *a.zone);
  int64_t year = c2.year - c1.year;
  int64_t month = c2.month - c1.month;
  int64_t day = c2.day - c1.day;
  int64_t hour = c2.hour - c1.hour;
  int64_t minute = c2.minute - c1.minute;
  int64_t sec = c2.second - c1.second;
  if (sec < 0) sec += 60, --minute;
  if (minute < 0) minute += 60, --hour;
  if (hour < 0) hour += 24, --day;
  if (day < 0) day += gt::days_in_month(c1.month, c1.year), --month;
  if (month < 0) month += 12, --year;
  return BuiltinResult::value(Value::array({Value::integer(year), Value::integer(month),
                                            Value::integer(day), Value::integer(hour),
                                            Value::integer(minute), Value::integer(sec)}));
}

const BuiltinImplementation kNowNs{&now_ns};
const BuiltinImplementation kParseNs{&parse_ns};
const BuiltinImplementation kParseRfc3339Ns{&parse_rfc3339_ns};
const BuiltinImplementation kParseDurationNs{&parse_duration_ns};
const BuiltinImplementation kFormat{&format};
const BuiltinImplementation kDate{&date};
const BuiltinImplementation kClock{&clock};
const BuiltinImplementation kWeekday{&weekday};
const BuiltinImplementation kAddDate{&add_date};
const BuiltinImplementation kDiff{&diff};

}  // namespace

Rows time_builtins() {
  // ns, or [ns, timezone].
  types::TypePtr instant = Any(N(), Tuple({N(), S()}));
  return {
      fn("time.now_ns", "time", {}, {"now", N()}).nondeterministic().impl(kNowNs),
      fn("time.parse_ns", "time", {{"layout", S()}, {"value", S()}}, {"ns", N()}).impl(kParseNs),
      fn("time.parse_rfc3339_ns", "time", {{"value", S()}}, {"ns", N()}).impl(kParseRfc3339Ns),
      fn("time.parse_duration_ns", "time", {{"duration", S()}}, {"ns", N()})
          .impl(kParseDurationNs),
      // ns, [ns, timezone] or [ns, timezone, layout]. OPA names the result with a space.
      fn("time.format", "time", {{"x", Any(N(), Tuple({N(), S()}), Tuple({N(), S(), S()}))}},
         {"formatted timestamp", S()})
          .impl(kFormat),
      fn("time.date", "time", {{"x", instant}}, {"date", Tuple({N(), N(), N()})}).impl(kDate),
      fn("time.clock", "time", {{"x", instant}}, {"output", Tuple({N(), N(), N()})}).impl(kClock),
      fn("time.weekday", "time", {{"x", instant}}, {"day", S()}).impl(kWeekday),
      fn("time.add_date", "time", {{"ns", N()}, {"years", N()}, {"months", N()}, {"days", N()}},
         {"output", N()})
          .impl(kAddDate),
      // [years, months, days, hours, minutes, seconds].
      fn("time.diff", "time", {{"ns1", instant}, {"ns2", instant}},
         {"output", Tuple({N(), N(), N(), N(), N(), N()})})
          .impl(kDiff),
  };
}

}  // namespace assay::rego::builtins
