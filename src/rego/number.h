// Number: an exact Rego number, as OPA keeps them: integers of any size exactly, decimals as
// written (json.Number text), with OPA's arithmetic rules — integer results stay exact
// integers; non-integer results follow OPA's big.Float / float64 behaviour and print as OPA
// prints them (e.g. 0.1 + 0.2 is 0.30000000000000004, 1 / 3 is 0.3333333333333333, 10 / 2 is 5).
//
// Immutable and cheap to copy when small (an int64 inline; big values shared). Thread-safe to
// read and copy. Operations that can fail (division by zero, non-integer modulo, overflow of a
// bounded precision) return nullopt with a message for eval_builtin_error.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace assay::rego {

class Number {
 public:
  Number() : Number(int64_t{0}) {}
  explicit Number(int64_t integer);
  // From a JSON/Rego numeric literal (e.g. "1", "-2.50", "1e400", "123456789012345678901234");
  // nullopt when `text` is not one.
  static std::optional<Number> parse(std::string_view text);
  static Number from_double(double value);  // nullopt-free: NaN/Inf are not numbers in Rego:
                                            // callers check std::isfinite first

  bool is_integer() const;                 // 3, 3.0 and 3e0 are integers
  std::optional<int64_t> to_int64() const;  // when an integer that fits
  double to_double() const;

  // OPA's text for the number: integers without a fraction, others as OPA formats them.
  std::string to_string() const;

  friend int compare(const Number& a, const Number& b);  // numeric order: 1 == 1.0
  size_t hash() const;  // equal numbers hash equally

  // Arithmetic as OPA's plus, minus, mul, div, rem, and the unary helpers of its builtins.
  static Number add(const Number& a, const Number& b);
  static Number subtract(const Number& a, const Number& b);
  static Number multiply(const Number& a, const Number& b);
  static std::optional<Number> divide(const Number& a, const Number& b, std::string* error);
  static std::optional<Number> remainder(const Number& a, const Number& b, std::string* error);
  Number negate() const;
  Number abs() const;
  Number floor() const;
  Number ceil() const;
  Number round() const;  // half away from zero, as OPA

 private:
  struct Big;
  int64_t small_ = 0;
  std::shared_ptr<const Big> big_;  // set when the value is not a small integer
};

}  // namespace assay::rego
