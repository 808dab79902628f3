// Numbers: rounding, absolute value, ranges, and rand.intn (nondeterministic; stable per seed
// within one query). The arithmetic operators are in operators.cc.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

namespace {

// The most numbers one range may hold: OPA stops a range only when the query is cancelled; we
// refuse ranges that would not fit in memory instead.
constexpr int64_t kMaxRangeLength = 10'000'000;

BuiltinResult unary(std::span<const Value> args, Number (Number::*op)() const) {
  if (!args[0].is_number()) return operand_type_error(1, args[0], "number");
  return BuiltinResult::value(Value::number((args[0].as_number().*op)()));
}

BuiltinResult abs_number(BuiltinContext&, std::span<const Value> args) {
  return unary(args, &Number::abs);
}
BuiltinResult ceil_number(BuiltinContext&, std::span<const Value> args) {
  return unary(args, &Number::ceil);
}
BuiltinResult floor_number(BuiltinContext&, std::span<const Value> args) {
  return unary(args, &Number::floor);
}
BuiltinResult round_number(BuiltinContext&, std::span<const Value> args) {
  return unary(args, &Number::round);
}

// OPA's BigIntOperand: an integer of any size, with its two messages.
std::optional<BuiltinResult> check_integer(const Value& v, int position) {
  if (!v.is_number()) return operand_type_error(position, v, "integer");
  if (!v.as_number().is_integer()) {
    return BuiltinResult::error("eval_type_error",
                                "operand " + std::to_string(position) +
                                    " must be integer number but got floating-point number");
  }
  return std::nullopt;
}

// [from, from ± step, ...] up to `to` inclusive, counting down when from > to.
BuiltinResult make_range(const Number& from, const Number& to, const Number& step) {
  bool descending = compare(from, to) > 0;
  Number span = Number::subtract(to, from).abs();
  if (compare(span, Number::multiply(Number(kMaxRangeLength - 1), step)) > 0) {
    return BuiltinResult::error(
        "eval_builtin_error",
        "range too large: more than " + std::to_string(kMaxRangeLength) + " numbers");
  }
  std::vector<Value> items;
  Number at = from;
  while (descending ? compare(at, to) >= 0 : compare(at, to) <= 0) {
    items.push_back(Value::number(at));
    at = descending ? Number::subtract(at, step) : Number::add(at, step);
  }
  return BuiltinResult::value(Value::array(std::move(items)));
}

BuiltinResult numbers_range(BuiltinContext&, std::span<const Value> args) {
  for (int i = 0; i < 2; ++i) {
    if (std::optional<BuiltinResult> error = check_integer(args[i], i + 1)) return *error;
  }
  return make_range(args[0].as_number(), args[1].as_number(), Number(int64_t{1}));
}

BuiltinResult numbers_range_step(BuiltinContext&, std::span<const Value> args) {
  for (int i = 0; i < 3; ++i) {
    if (std::optional<BuiltinResult> error = check_integer(args[i], i + 1)) return *error;
  }
  const Number& step = args[2].as_number();
  if (compare(step, Number(int64_t{0})) <= 0) {
    // OPA's own text (its conformance suite's); the evaluator adds the name in front.
    return BuiltinResult::error("eval_builtin_error", "step must be a positive number above zero");
  }
  return make_range(args[0].as_number(), args[1].as_number(), step);
}

uint64_t mix64(uint64_t x) {  // splitmix64's finaliser
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// rand.intn(str, n): a number in [0, |n|), the same for the same (str, |n|) within a query —
// as OPA caches it — and here a pure function of the query's seed and the arguments.
BuiltinResult rand_intn(BuiltinContext& context, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  if (!args[1].is_number()) return operand_type_error(2, args[1], "number");
  std::optional<int64_t> n;
  if (args[1].as_number().is_integer()) n = args[1].as_number().to_int64();
  if (!n) {
    return BuiltinResult::error("eval_type_error",
                                "operand 2 must be integer number but got floating-point number");
  }
  if (*n == 0) return BuiltinResult::value(Value::integer(0));
  uint64_t bound = *n < 0 ? uint64_t{0} - static_cast<uint64_t>(*n) : static_cast<uint64_t>(*n);
  uint64_t state = mix64(context.random_seed);
  for (unsigned char c : args[0].as_string()) state = mix64(state ^ c);
  state = mix64(state ^ bound);
  // Rejection sampling keeps the draw uniform; the loop ends with probability 1 quickly.
  uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  while (state >= limit) state = mix64(state);
  return BuiltinResult::value(Value::integer(static_cast<int64_t>(state % bound)));
}

const BuiltinImplementation kAbs{&abs_number};
const BuiltinImplementation kCeil{&ceil_number};
const BuiltinImplementation kFloor{&floor_number};
const BuiltinImplementation kRound{&round_number};
const BuiltinImplementation kRange{&numbers_range};
const BuiltinImplementation kRangeStep{&numbers_range_step};
const BuiltinImplementation kRandIntn{&rand_intn};

}  // namespace

Rows numbers_builtins() {
  return {
      fn("abs", kNumbers, {{"x", N()}}, {"y", N()}).impl(kAbs),
      fn("ceil", kNumbers, {{"x", N()}}, {"y", N()}).impl(kCeil),
      fn("floor", kNumbers, {{"x", N()}}, {"y", N()}).impl(kFloor),
      fn("round", kNumbers, {{"x", N()}}, {"y", N()}).impl(kRound),
      // OPA declares no category for the ranges.
      fn("numbers.range", kNumbers, {{"a", N()}, {"b", N()}}, {"range", ArrayOf(N())}).impl(kRange),
      fn("numbers.range_step", kNumbers, {{"a", N()}, {"b", N()}, {"step", N()}},
         {"range", ArrayOf(N())})
          .impl(kRangeStep),
      fn("rand.intn", kNumbers, {{"str", S()}, {"n", N()}}, {"y", N()})
          .nondeterministic()
          .impl(kRandIntn),
  };
}

}  // namespace assay::rego::builtins
