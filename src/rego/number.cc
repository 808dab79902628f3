// Number: integers exact (int64 inline, GMP beyond), decimals kept as OPA keeps them (their
// json.Number text) together with their exact decimal value, and OPA's arithmetic rules
// (v1/topdown/arithmetic.go): integer operands stay exact, anything else is computed as a
// float and formatted back as OPA's FloatToNumber does ('f' for integral results, shortest 'g'
// otherwise).
//
// The float path uses IEEE double, correctly rounded, so 0.1 + 0.2 prints 0.30000000000000004
// and 1 / 3 prints 0.3333333333333333 (number.h's contract; OPA's own big.Float carries 64
// mantissa bits, which only shows in the 17th-20th digit). When a double cannot hold an
// operand or the result (1.5e400 * 2, 1e-400 / 3), GMP floats of 256 bits take over, printed
// with 17 significant digits, so results never become inf or silently zero.
#include "src/rego/number.h"

#include <gmp.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <utility>

namespace assay::rego {
namespace {

// Integer-valued decimals with more digits than this (1e99999999) are not expanded into exact
// integers: that would take unbounded memory. Arithmetic on them takes the float path, and %
// reports them as floating-point numbers, as OPA does for exponents its big.Float rejects.
constexpr int64_t kMaxExactIntegerDigits = 32768;
// Literal exponents beyond this magnitude are not accepted as numbers at all.
constexpr int64_t kMaxLiteralExponent = 1'000'000'000'000'000;

class Mpz {
 public:
  Mpz() { mpz_init(value_); }
  ~Mpz() { mpz_clear(value_); }
  Mpz(const Mpz&) = delete;
  Mpz& operator=(const Mpz&) = delete;
  mpz_ptr get() { return value_; }
  mpz_srcptr get() const { return value_; }

 private:
  mpz_t value_;
};

class Mpf {
 public:
  Mpf() { mpf_init2(value_, 256); }
  ~Mpf() { mpf_clear(value_); }
  Mpf(const Mpf&) = delete;
  Mpf& operator=(const Mpf&) = delete;
  mpf_ptr get() { return value_; }

 private:
  mpf_t value_;
};

std::string mpz_text(mpz_srcptr z) {
  std::string text(mpz_sizeinbase(z, 10) + 2, '\0');
  mpz_get_str(text.data(), 10, z);
  text.resize(std::strlen(text.c_str()));
  return text;
}

// The exact value of a number: (-1)^negative * 0.d1d2...dn * 10^point, digits without leading
// or trailing zeros; zero has no digits and is never negative.
struct Decimal {
  bool negative = false;
  std::string digits;
  int64_t point = 0;

  bool is_zero() const { return digits.empty(); }
  bool is_integer() const { return static_cast<int64_t>(digits.size()) <= point || is_zero(); }
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

void strip_zeros(Decimal& d) {
  size_t lead = d.digits.find_first_not_of('0');
  if (lead == std::string::npos) {
    d = Decimal{};
    return;
  }
  d.point -= static_cast<int64_t>(lead);
  d.digits.erase(0, lead);
  d.digits.erase(d.digits.find_last_not_of('0') + 1);
}

// A JSON number literal (RFC 8259 grammar) as an exact decimal; nullopt when `text` is not one
// or its exponent is out of range.
std::optional<Decimal> parse_decimal(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  Decimal d;
  if (i < n && text[i] == '-') {
    d.negative = true;
    ++i;
  }
  const size_t int_begin = i;
  if (i >= n || !is_digit(text[i])) return std::nullopt;
  if (text[i] == '0') {
    ++i;
  } else {
    while (i < n && is_digit(text[i])) ++i;
  }
  const size_t int_end = i;
  size_t frac_begin = i, frac_end = i;
  if (i < n && text[i] == '.') {
    frac_begin = ++i;
    if (i >= n || !is_digit(text[i])) return std::nullopt;
    while (i < n && is_digit(text[i])) ++i;
    frac_end = i;
  }
  int64_t exponent = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool negative_exponent = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) negative_exponent = text[i++] == '-';
    if (i >= n || !is_digit(text[i])) return std::nullopt;
    for (; i < n && is_digit(text[i]); ++i) {
      exponent = exponent * 10 + (text[i] - '0');
      if (exponent > kMaxLiteralExponent) return std::nullopt;
    }
    if (negative_exponent) exponent = -exponent;
  }
  if (i != n) return std::nullopt;
  d.digits.assign(text.substr(int_begin, int_end - int_begin));
  d.digits.append(text.substr(frac_begin, frac_end - frac_begin));
  d.point = static_cast<int64_t>(int_end - int_begin) + exponent;
  const bool negative = d.negative;
  strip_zeros(d);
  if (!d.is_zero()) d.negative = negative;
  return d;
}

Decimal decimal_of_digits(bool negative, std::string digits) {
  Decimal d;
  d.point = static_cast<int64_t>(digits.size());
  d.digits = std::move(digits);
  strip_zeros(d);
  if (!d.is_zero()) d.negative = negative;
  return d;
}

Decimal decimal_of_int(int64_t i) {
  char buf[24];
  const uint64_t magnitude = i < 0 ? 0 - static_cast<uint64_t>(i) : static_cast<uint64_t>(i);
  auto end = std::to_chars(buf, buf + sizeof buf, magnitude).ptr;
  return decimal_of_digits(i < 0, std::string(buf, end));
}

Decimal decimal_of_mpz(mpz_srcptr z) {
  std::string text = mpz_text(z);
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) text.erase(0, 1);
  return decimal_of_digits(negative, std::move(text));
}

int compare_decimals(const Decimal& a, const Decimal& b) {
  const int sign_a = a.is_zero() ? 0 : (a.negative ? -1 : 1);
  const int sign_b = b.is_zero() ? 0 : (b.negative ? -1 : 1);
  if (sign_a != sign_b) return sign_a < sign_b ? -1 : 1;
  if (sign_a == 0) return 0;
  int magnitude = 0;
  if (a.point != b.point) {
    magnitude = a.point < b.point ? -1 : 1;
  } else {
    const int c = a.digits.compare(b.digits);
    magnitude = (c > 0) - (c < 0);
  }
  return sign_a * magnitude;
}

// The integer an integer-valued decimal denotes, when it fits in int64.
std::optional<int64_t> decimal_to_int64(const Decimal& d) {
  if (d.is_zero()) return 0;
  if (!d.is_integer() || d.point > 19) return std::nullopt;
  uint64_t magnitude = 0;
  for (int64_t k = 0; k < d.point; ++k) {
    const uint64_t digit = k < static_cast<int64_t>(d.digits.size()) ? d.digits[k] - '0' : 0;
    if (magnitude > (std::numeric_limits<uint64_t>::max() - digit) / 10) return std::nullopt;
    magnitude = magnitude * 10 + digit;
  }
  const uint64_t limit = d.negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (magnitude > limit) return std::nullopt;
  return d.negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
}

size_t mix(uint64_t x) {
  // splitmix64's finaliser: cheap and spreads small integers over the whole range.
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return static_cast<size_t>(x ^ (x >> 31));
}

size_t hash_decimal(const Decimal& d) {
  if (auto i = decimal_to_int64(d)) return mix(static_cast<uint64_t>(*i));
  return mix(std::hash<std::string>{}(d.digits) ^ mix(static_cast<uint64_t>(d.point)) ^
             (d.negative ? 0x5bd1e995ULL : 0));
}

// Shortest digits that read back as `d` (|d| > 0, finite).
Decimal shortest_decimal(double d) {
  char buf[64];
  auto end = std::to_chars(buf, buf + sizeof buf, std::fabs(d), std::chars_format::scientific).ptr;
  std::string_view text(buf, end - buf);
  const size_t e = text.find('e');
  std::string digits;
  for (char c : text.substr(0, e)) {
    if (c != '.') digits.push_back(c);
  }
  int exponent = 0;
  std::string_view exp_text = text.substr(e + 1);
  if (!exp_text.empty() && exp_text[0] == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  Decimal result;
  result.digits = std::move(digits);
  result.point = exponent + 1;
  strip_zeros(result);
  if (!result.is_zero()) result.negative = std::signbit(d);
  return result;
}

// Go's %e with the shortest digits: d[.ddd]e±XX, at least two exponent digits.
std::string format_exponent(const Decimal& d) {
  std::string out = d.negative ? "-" : "";
  out.push_back(d.digits[0]);
  if (d.digits.size() > 1) {
    out.push_back('.');
    out.append(d.digits, 1);
  }
  const int64_t exponent = d.point - 1;
  out.push_back('e');
  out.push_back(exponent < 0 ? '-' : '+');
  const uint64_t magnitude = exponent < 0 ? 0 - static_cast<uint64_t>(exponent) : exponent;
  if (magnitude < 10) out.push_back('0');
  out.append(std::to_string(magnitude));
  return out;
}

// big.Float.Text('g', -1) for a non-integral value: %e when the exponent is < -4 or >= 6
// (Go uses precision 6 for that decision when printing the shortest digits), %f otherwise.
std::string format_go_g(const Decimal& d) {
  if (d.is_zero()) return "0";
  const int64_t exponent = d.point - 1;
  if (exponent < -4 || exponent >= 6) return format_exponent(d);
  std::string out = d.negative ? "-" : "";
  const auto size = static_cast<int64_t>(d.digits.size());
  if (d.point <= 0) {
    out.append("0.");
    out.append(static_cast<size_t>(-d.point), '0');
    out.append(d.digits);
  } else if (d.point >= size) {
    out.append(d.digits);
    out.append(static_cast<size_t>(d.point - size), '0');
  } else {
    out.append(d.digits, 0, static_cast<size_t>(d.point));
    out.push_back('.');
    out.append(d.digits, static_cast<size_t>(d.point));
  }
  return out;
}

enum class FloatOp { kAdd, kSubtract, kMultiply, kDivide };

// The double nearest to a numeric literal (from_chars rounds correctly and ignores the
// locale); beyond the range of doubles, inf or a signed zero as strtod gives.
double nearest_double(const std::string& text, const Decimal& exact) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range) {
    const double magnitude = exact.point > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    return exact.negative ? -magnitude : magnitude;
  }
  return value;
}

double nearest_double(mpz_srcptr z) {
  Decimal large;  // an integer beyond int64 overflows a double, if anything
  large.negative = mpz_sgn(z) < 0;
  large.point = 1;
  return nearest_double(mpz_text(z), large);
}

}  // namespace

// The representation beyond small integers: an integer outside int64 (never one that fits), or
// a decimal with its text. Its static members hold the helpers that need Number's internals.
struct Number::Big {
  bool integer_form = false;
  mpz_t integer;     // integer_form only
  std::string text;  // decimals: OPA's text for the number
  Decimal exact;     // decimals: the exact value
  // The nearest double. Rounding is monotonic, so different doubles order two numbers
  // without the exact comparison.
  double nearest = 0;

  Big() = default;
  Big(const Big&) = delete;
  Big& operator=(const Big&) = delete;
  ~Big() {
    if (integer_form) mpz_clear(integer);
  }

  static Number from_mpz(mpz_srcptr z) {
    if (mpz_fits_slong_p(z)) return Number(static_cast<int64_t>(mpz_get_si(z)));
    auto big = std::make_shared<Big>();
    big->integer_form = true;
    mpz_init_set(big->integer, z);
    big->nearest = nearest_double(z);  // mpz_get_d would truncate
    Number n;
    n.big_ = std::move(big);
    return n;
  }

  static Number from_decimal(std::string text, Decimal exact) {
    auto big = std::make_shared<Big>();
    big->text = std::move(text);
    big->exact = std::move(exact);
    big->nearest = nearest_double(big->text, big->exact);
    Number n;
    n.big_ = std::move(big);
    return n;
  }

  // An integer-valued decimal as an exact integer; nullopt when too large to expand.
  static std::optional<Number> from_integral_decimal(const Decimal& d) {
    if (auto i = decimal_to_int64(d)) return Number(*i);
    if (d.point > kMaxExactIntegerDigits) return std::nullopt;
    std::string text = d.negative ? "-" : "";
    text.append(d.digits);
    text.append(static_cast<size_t>(d.point) - d.digits.size(), '0');
    Mpz z;
    mpz_set_str(z.get(), text.c_str(), 10);
    return from_mpz(z.get());
  }

  // OPA's FloatToNumber for a value known as shortest decimal digits: integral values are
  // written out in full ('f'), others in Go's shortest 'g' form.
  static Number from_float_decimal(const Decimal& d) {
    if (d.is_integer()) {
      if (auto n = from_integral_decimal(d)) return *n;
      return from_decimal(format_exponent(d), d);
    }
    return from_decimal(format_go_g(d), d);
  }

  static bool is_small(const Number& n) { return !n.big_; }

  static Decimal decimal_of(const Number& n) {
    if (!n.big_) return decimal_of_int(n.small_);
    if (n.big_->integer_form) return decimal_of_mpz(n.big_->integer);
    return n.big_->exact;
  }

  static bool is_zero(const Number& n) {
    if (!n.big_) return n.small_ == 0;
    return !n.big_->integer_form && n.big_->exact.is_zero();
  }

  // Sets `out` to n's value when n is an integer we can hold exactly.
  static bool exact_integer(const Number& n, mpz_ptr out) {
    if (!n.big_) {
      mpz_set_si(out, n.small_);
      return true;
    }
    if (n.big_->integer_form) {
      mpz_set(out, n.big_->integer);
      return true;
    }
    const Decimal& d = n.big_->exact;
    if (!d.is_integer() || d.point > kMaxExactIntegerDigits) return false;
    if (d.is_zero()) {
      mpz_set_ui(out, 0);
      return true;
    }
    std::string text = d.negative ? "-" : "";
    text.append(d.digits);
    text.append(static_cast<size_t>(d.point) - d.digits.size(), '0');
    mpz_set_str(out, text.c_str(), 10);
    return true;
  }

  template <typename MpzOp>
  static std::optional<Number> exact_operation(const Number& a, const Number& b, MpzOp op) {
    Mpz x, y;
    if (!exact_integer(a, x.get()) || !exact_integer(b, y.get())) return std::nullopt;
    Mpz r;
    op(r.get(), x.get(), y.get());
    return from_mpz(r.get());
  }

  // The float path: doubles when they hold operands and result faithfully, GMP floats
  // otherwise. Division by zero is the caller's check.
  static Number float_operation(const Number& a, const Number& b, FloatOp op) {
    const double x = a.to_double(), y = b.to_double();
    bool faithful =
        std::isfinite(x) && std::isfinite(y) && (x != 0 || is_zero(a)) && (y != 0 || is_zero(b));
    double r = 0;
    switch (op) {
      case FloatOp::kAdd:
        r = x + y;
        break;
      case FloatOp::kSubtract:
        r = x - y;
        break;
      case FloatOp::kMultiply:
        r = x * y;
        break;
      case FloatOp::kDivide:
        r = x / y;
        break;
    }
    // A zero product or quotient of nonzero operands is an underflow, not the answer.
    const bool underflow = r == 0 && x != 0 && (op == FloatOp::kDivide || y != 0) &&
                           (op == FloatOp::kMultiply || op == FloatOp::kDivide);
    if (faithful && std::isfinite(r) && !underflow) return from_double(r);
    return wide_float_operation(a, b, op);
  }

  static void load_mpf(mpf_ptr f, const Number& n) {
    const Decimal d = decimal_of(n);
    if (d.is_zero()) {
      mpf_set_ui(f, 0);
      return;
    }
    // An integer mantissa and a decimal exponent: no decimal point, so no locale dependence.
    std::string text = d.negative ? "-" : "";
    text.append(d.digits);
    text.push_back('e');
    text.append(std::to_string(d.point - static_cast<int64_t>(d.digits.size())));
    mpf_set_str(f, text.c_str(), 10);
  }

  static Number wide_float_operation(const Number& a, const Number& b, FloatOp op) {
    Mpf x, y, r;
    load_mpf(x.get(), a);
    load_mpf(y.get(), b);
    switch (op) {
      case FloatOp::kAdd:
        mpf_add(r.get(), x.get(), y.get());
        break;
      case FloatOp::kSubtract:
        mpf_sub(r.get(), x.get(), y.get());
        break;
      case FloatOp::kMultiply:
        mpf_mul(r.get(), x.get(), y.get());
        break;
      case FloatOp::kDivide:
        mpf_div(r.get(), x.get(), y.get());
        break;
    }
    if (mpf_sgn(r.get()) == 0) return Number(0);
    mp_exp_t exponent = 0;
    char* digits = mpf_get_str(nullptr, &exponent, 10, 17, r.get());
    std::string text(digits);
    void (*free_function)(void*, size_t) = nullptr;
    mp_get_memory_functions(nullptr, nullptr, &free_function);
    free_function(digits, text.size() + 1);
    const bool negative = !text.empty() && text[0] == '-';
    if (negative) text.erase(0, 1);
    Decimal d;
    d.digits = std::move(text);
    d.point = exponent;
    strip_zeros(d);
    if (!d.is_zero()) d.negative = negative;
    return from_float_decimal(d);
  }

  enum class Rounding { kFloor, kCeil, kRound };

  static Number round_decimal(const Number& n, Rounding mode) {
    if (!n.big_ || n.big_->integer_form) return n;
    const Decimal& d = n.big_->exact;
    if (d.is_integer()) return from_integral_decimal(d).value_or(n);
    // Non-integral: fewer integer digits than digits, so all of this is bounded by the text.
    const std::string whole = d.point > 0 ? d.digits.substr(0, static_cast<size_t>(d.point)) : "";
    const char first_fraction_digit = d.point >= 0 ? d.digits[static_cast<size_t>(d.point)] : '0';
    Mpz magnitude;
    if (!whole.empty()) mpz_set_str(magnitude.get(), whole.c_str(), 10);
    bool away_from_zero = false;
    switch (mode) {
      case Rounding::kFloor:
        away_from_zero = d.negative;
        break;
      case Rounding::kCeil:
        away_from_zero = !d.negative;
        break;
      case Rounding::kRound:
        away_from_zero = first_fraction_digit >= '5';
        break;
    }
    if (away_from_zero) mpz_add_ui(magnitude.get(), magnitude.get(), 1);
    if (d.negative) mpz_neg(magnitude.get(), magnitude.get());
    return from_mpz(magnitude.get());
  }
};

Number::Number(int64_t integer) : small_(integer) {}

std::optional<Number> Number::parse(std::string_view text) {
  std::optional<Decimal> exact = parse_decimal(text);
  if (!exact) return std::nullopt;
  // Plain integer literals become exact integers; others keep their text, as OPA's
  // json.Number does ("1.0", "1e3" and "-0" print as written).
  const bool plain_integer = text.find_first_of(".eE") == std::string_view::npos && text != "-0";
  if (plain_integer) {
    int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc() && end == text.data() + text.size()) return Number(value);
    Mpz z;
    mpz_set_str(z.get(), std::string(text).c_str(), 10);
    return Big::from_mpz(z.get());
  }
  return Big::from_decimal(std::string(text), std::move(*exact));
}

Number Number::from_double(double value) {
  if (!std::isfinite(value)) return Number(0);
  if (value == 0) return std::signbit(value) ? Big::from_decimal("-0", Decimal{}) : Number(0);
  constexpr double kExactIntegers = 9007199254740992.0;  // 2^53: every integer below is a double
  if (std::trunc(value) == value && std::fabs(value) < kExactIntegers) {
    return Number(static_cast<int64_t>(value));
  }
  return Big::from_float_decimal(shortest_decimal(value));
}

bool Number::is_integer() const {
  if (!big_ || big_->integer_form) return true;
  return big_->exact.is_integer();
}

std::optional<int64_t> Number::to_int64() const {
  if (!big_) return small_;
  if (big_->integer_form) return std::nullopt;
  return decimal_to_int64(big_->exact);
}

double Number::to_double() const {
  if (!big_) return static_cast<double>(small_);
  return big_->nearest;
}

std::string Number::to_string() const {
  if (!big_) return std::to_string(small_);
  if (big_->integer_form) return mpz_text(big_->integer);
  return big_->text;
}

int compare(const Number& a, const Number& b) {
  if (!a.big_ && !b.big_) return (a.small_ > b.small_) - (a.small_ < b.small_);
  const bool a_integer = !a.big_ || a.big_->integer_form;
  const bool b_integer = !b.big_ || b.big_->integer_form;
  if (a_integer && b_integer) {
    int c = 0;
    if (!a.big_) {
      c = -mpz_cmp_si(b.big_->integer, a.small_);
    } else if (!b.big_) {
      c = mpz_cmp_si(a.big_->integer, b.small_);
    } else {
      c = mpz_cmp(a.big_->integer, b.big_->integer);
    }
    return (c > 0) - (c < 0);
  }
  const double x = a.to_double(), y = b.to_double();
  if (x != y) return x < y ? -1 : 1;
  return compare_decimals(Number::Big::decimal_of(a), Number::Big::decimal_of(b));
}

size_t Number::hash() const {
  if (!big_) return mix(static_cast<uint64_t>(small_));
  return hash_decimal(Big::decimal_of(*this));
}

Number Number::add(const Number& a, const Number& b) {
  int64_t r = 0;
  if (!a.big_ && !b.big_ && !__builtin_add_overflow(a.small_, b.small_, &r)) return Number(r);
  if (auto exact = Big::exact_operation(a, b, mpz_add)) return *exact;
  return Big::float_operation(a, b, FloatOp::kAdd);
}

Number Number::subtract(const Number& a, const Number& b) {
  int64_t r = 0;
  if (!a.big_ && !b.big_ && !__builtin_sub_overflow(a.small_, b.small_, &r)) return Number(r);
  if (auto exact = Big::exact_operation(a, b, mpz_sub)) return *exact;
  return Big::float_operation(a, b, FloatOp::kSubtract);
}

Number Number::multiply(const Number& a, const Number& b) {
  int64_t r = 0;
  if (!a.big_ && !b.big_ && !__builtin_mul_overflow(a.small_, b.small_, &r)) return Number(r);
  if (auto exact = Big::exact_operation(a, b, mpz_mul)) return *exact;
  return Big::float_operation(a, b, FloatOp::kMultiply);
}

std::optional<Number> Number::divide(const Number& a, const Number& b, std::string* error) {
  if (Big::is_zero(b)) {
    if (error) *error = "divide by zero";
    return std::nullopt;
  }
  // A zero dividend goes through the float quotient as in OPA, so 0 / -1 is -0.
  if (!Big::is_zero(a)) {
    if (!a.big_ && !b.big_ &&
        !(a.small_ == std::numeric_limits<int64_t>::min() && b.small_ == -1)) {
      if (a.small_ % b.small_ == 0) return Number(a.small_ / b.small_);
    } else {
      Mpz x, y;
      if (Big::exact_integer(a, x.get()) && Big::exact_integer(b, y.get()) &&
          mpz_divisible_p(x.get(), y.get())) {
        Mpz q;
        mpz_divexact(q.get(), x.get(), y.get());
        return Big::from_mpz(q.get());
      }
    }
  }
  return Big::float_operation(a, b, FloatOp::kDivide);
}

std::optional<Number> Number::remainder(const Number& a, const Number& b, std::string* error) {
  if (!a.big_ && !b.big_) {
    if (b.small_ == 0) {
      if (error) *error = "modulo by zero";
      return std::nullopt;
    }
    if (b.small_ == -1) return Number(0);  // INT64_MIN % -1 overflows in C++
    return Number(a.small_ % b.small_);
  }
  Mpz x, y;
  if (!Big::exact_integer(a, x.get()) || !Big::exact_integer(b, y.get())) {
    if (error) *error = "modulo on floating-point number";
    return std::nullopt;
  }
  if (mpz_sgn(y.get()) == 0) {
    if (error) *error = "modulo by zero";
    return std::nullopt;
  }
  Mpz r;
  mpz_tdiv_r(r.get(), x.get(), y.get());  // truncated: the sign follows the dividend, as Go's Rem
  return Big::from_mpz(r.get());
}

Number Number::negate() const {
  if (!big_ && small_ != std::numeric_limits<int64_t>::min()) return Number(-small_);
  if (!big_ || big_->integer_form) {
    Mpz z;
    Big::exact_integer(*this, z.get());
    mpz_neg(z.get(), z.get());
    return Big::from_mpz(z.get());
  }
  Decimal exact = big_->exact;
  if (!exact.is_zero()) exact.negative = !exact.negative;
  std::string text = big_->text;
  if (!text.empty() && text[0] == '-') {
    text.erase(0, 1);
  } else {
    text.insert(0, 1, '-');
  }
  return Big::from_decimal(std::move(text), std::move(exact));
}

Number Number::abs() const {
  if (Big::is_zero(*this)) return Number(0);
  return compare(*this, Number(0)) < 0 ? negate() : *this;
}

Number Number::floor() const { return Big::round_decimal(*this, Big::Rounding::kFloor); }
Number Number::ceil() const { return Big::round_decimal(*this, Big::Rounding::kCeil); }
Number Number::round() const { return Big::round_decimal(*this, Big::Rounding::kRound); }

}  // namespace assay::rego
