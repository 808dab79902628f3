// units.*: parsing quantities with SI and binary suffixes ("10G", "5Ki", "1500m", "4MB"), as
// OPA's topdown/parse_units.go and parse_bytes.go compute them: units.parse exactly (Go's
// big.Rat, with OPA's float64 milli), units.parse_bytes through Go's 64-bit big.Float, whose
// rounding is reproduced here bit for bit.
#include <gmp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

namespace {

// --- GMP values with owners -------------------------------------------------------------------

class Int {
 public:
  Int() { mpz_init(v_); }
  ~Int() { mpz_clear(v_); }
  Int(const Int&) = delete;
  Int& operator=(const Int&) = delete;
  mpz_ptr get() { return v_; }
  mpz_srcptr get() const { return v_; }

 private:
  mpz_t v_;
};

class Rational {
 public:
  Rational() { mpq_init(v_); }
  ~Rational() { mpq_clear(v_); }
  Rational(const Rational&) = delete;
  Rational& operator=(const Rational&) = delete;
  mpq_ptr get() { return v_; }
  mpq_srcptr get() const { return v_; }

 private:
  mpq_t v_;
};

std::string to_decimal(mpz_srcptr n) {
  std::string text(mpz_sizeinbase(n, 10) + 2, '\0');
  mpz_get_str(text.data(), 10, n);
  text.resize(std::char_traits<char>::length(text.c_str()));
  return text;
}

// --- splitting "10.5Gi" -----------------------------------------------------------------------

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string without_quotes(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '"') out += c;
  }
  return out;
}

struct Amount {
  std::string number;
  std::string unit;
};

// OPA's extractNumAndUnit: the number is the longest prefix of digits, dots, signs and
// exponents ("e" followed by a digit or sign); nullopt when an exponent has over 6 digits.
std::optional<Amount> split_amount(const std::string& s) {
  constexpr size_t kMaxExponentDigits = 6;
  size_t first_unit = std::string::npos;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (!is_digit(c) && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
      first_unit = i;
      break;
    }
    if (c == 'e' || c == 'E') {
      if (i + 1 == s.size() || (!is_digit(s[i + 1]) && s[i + 1] != '+' && s[i + 1] != '-')) {
        first_unit = i;
        break;
      }
      if (s[i + 1] == '+' || s[i + 1] == '-') ++i;
      size_t end = i + 1;
      while (end < s.size() && is_digit(s[end])) ++end;
      if (end - (i + 1) > kMaxExponentDigits) return std::nullopt;
    }
  }
  if (first_unit == std::string::npos) return Amount{s, ""};
  return Amount{s.substr(0, first_unit), s.substr(first_unit)};
}

// --- Go's decimal literals for big.Rat and big.Float: [+-]digits[.digits][e[+-]digits] ------

struct Decimal {
  bool negative = false;
  Int digits;              // all mantissa digits, the dot ignored
  int64_t exponent10 = 0;  // value = digits * 10^exponent10
};

bool parse_decimal(std::string_view s, Decimal& out) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) out.negative = s[i++] == '-';
  std::string digits;
  int64_t fraction_digits = 0;
  bool saw_dot = false;
  for (; i < s.size(); ++i) {
    if (is_digit(s[i])) {
      digits += s[i];
      if (saw_dot) ++fraction_digits;
    } else if (s[i] == '.' && !saw_dot) {
      saw_dot = true;
    } else {
      break;
    }
  }
  if (digits.empty()) return false;
  int64_t exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool negative_exponent = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative_exponent = s[i++] == '-';
    size_t start = i;
    // split_amount has bounded exponents to 6 digits; more could only come from a bug.
    for (; i < s.size() && is_digit(s[i]) && i - start < 18; ++i) {
      exponent = exponent * 10 + (s[i] - '0');
    }
    if (i == start) return false;
    if (negative_exponent) exponent = -exponent;
  }
  if (i != s.size()) return false;
  mpz_set_str(out.digits.get(), digits.c_str(), 10);
  out.exponent10 = exponent - fraction_digits;
  return true;
}

// --- units.parse ------------------------------------------------------------------------------

// Go's Rat.FloatString(10): rounded half away from zero to 10 decimals, "-" kept for negative
// values even when they round to zero.
std::string float_string_10(mpq_srcptr value) {
  Int quotient, remainder, scale, twice;
  mpz_tdiv_qr(quotient.get(), remainder.get(), mpq_numref(value), mpq_denref(value));
  mpz_abs(quotient.get(), quotient.get());
  mpz_abs(remainder.get(), remainder.get());
  mpz_ui_pow_ui(scale.get(), 10, 10);
  mpz_mul(remainder.get(), remainder.get(), scale.get());
  Int fraction, rest;
  mpz_tdiv_qr(fraction.get(), rest.get(), remainder.get(), mpq_denref(value));
  mpz_mul_2exp(twice.get(), rest.get(), 1);
  if (mpz_cmp(mpq_denref(value), twice.get()) <= 0) {
    mpz_add_ui(fraction.get(), fraction.get(), 1);
    if (mpz_cmp(fraction.get(), scale.get()) >= 0) {
      mpz_add_ui(quotient.get(), quotient.get(), 1);
      mpz_sub(fraction.get(), fraction.get(), scale.get());
    }
  }
  std::string digits = to_decimal(fraction.get());
  return std::string(mpq_sgn(value) < 0 ? "-" : "") + to_decimal(quotient.get()) + "." +
         std::string(10 - digits.size(), '0') + digits;
}

BuiltinResult number_from_text(const std::string& text) {
  std::optional<Number> number = Number::parse(text);
  if (!number) return BuiltinResult::error("eval_builtin_error", "number out of range");
  return BuiltinResult::value(Value::number(*number));
}

BuiltinResult units_parse(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  auto fail = [](std::string message) {
    return BuiltinResult::error("eval_builtin_error", std::move(message));
  };
  std::string s = without_quotes(args[0].as_string());
  if (s.find(' ') != std::string::npos) return fail("spaces not allowed in resource strings");
  std::optional<Amount> amount = split_amount(s);
  if (!amount) return fail("exponent too large");
  if (amount->number.empty()) return fail("no amount provided");
  // Only the letters after the first fold, so that "m" (milli) and "M" (mega) stay apart.
  std::string unit = amount->unit;
  if (unit.size() > 1) unit = unit.substr(0, 1) + ascii_lower(unit.substr(1));
  Rational multiplier;
  struct Suffix {
    std::string_view a, b;
    uint64_t factor;
  };
  static constexpr Suffix kSuffixes[] = {
      {"", "", 1},
      {"k", "K", 1000},
      {"ki", "Ki", uint64_t{1} << 10},
      {"M", "M", 1000'000},
      {"mi", "Mi", uint64_t{1} << 20},
      {"g", "G", 1000'000'000},
      {"gi", "Gi", uint64_t{1} << 30},
      {"t", "T", 1000'000'000'000},
      {"ti", "Ti", uint64_t{1} << 40},
      {"p", "P", 1000'000'000'000'000},
      {"pi", "Pi", uint64_t{1} << 50},
      {"e", "E", 1000'000'000'000'000'000},
      {"ei", "Ei", uint64_t{1} << 60},
  };
  bool known = false;
  if (unit == "m") {
    mpq_set_d(multiplier.get(), 0.001);  // OPA's milli is the double nearest 0.001, exactly
    known = true;
  }
  for (const Suffix& suffix : kSuffixes) {
    if (known) break;
    if (unit == suffix.a || unit == suffix.b) {
      Int factor;
      mpz_import(factor.get(), 1, 1, sizeof(uint64_t), 0, 0, &suffix.factor);
      mpq_set_z(multiplier.get(), factor.get());
      known = true;
    }
  }
  if (!known) return fail("unit " + unit + " not recognized");
  Decimal decimal;
  // big.Rat refuses powers of ten past a million.
  if (!parse_decimal(amount->number, decimal) ||
      (mpz_sgn(decimal.digits.get()) != 0 &&
       (decimal.exponent10 > 1'000'000 || decimal.exponent10 < -1'000'000))) {
    return fail("could not parse amount to a number");
  }
  Rational value;
  Int power;
  int64_t magnitude = decimal.exponent10 < 0 ? -decimal.exponent10 : decimal.exponent10;
  mpz_ui_pow_ui(power.get(), 10, static_cast<unsigned long>(magnitude));
  if (decimal.exponent10 >= 0) {
    mpz_mul(mpq_numref(value.get()), decimal.digits.get(), power.get());
  } else {
    mpz_set(mpq_numref(value.get()), decimal.digits.get());
    mpz_set(mpq_denref(value.get()), power.get());
    mpq_canonicalize(value.get());
  }
  if (decimal.negative) mpq_neg(value.get(), value.get());
  mpq_mul(value.get(), value.get(), multiplier.get());
  if (mpz_cmp_ui(mpq_denref(value.get()), 1) == 0) {
    return number_from_text(to_decimal(mpq_numref(value.get())));
  }
  return number_from_text(float_string_10(value.get()));
}

// --- units.parse_bytes: Go's big.Float at 64 bits --------------------------------------------

// A non-negative binary float mantissa * 2^exponent, as big.Float keeps its magnitude.
struct Binary {
  Int mantissa;
  int64_t exponent = 0;
};

// Rounds to `precision` significant bits, to nearest with ties to even; `sticky` says that
// nonzero bits were already dropped below the mantissa.
void round_to(Binary& x, size_t precision, bool sticky = false) {
  if (mpz_sgn(x.mantissa.get()) == 0) return;
  size_t bits = mpz_sizeinbase(x.mantissa.get(), 2);
  if (bits <= precision) return;  // sticky only ever comes with longer mantissas
  mp_bitcnt_t drop = bits - precision;
  bool half = mpz_tstbit(x.mantissa.get(), drop - 1) != 0;
  bool below = sticky || mpz_scan1(x.mantissa.get(), 0) < drop - 1;
  mpz_fdiv_q_2exp(x.mantissa.get(), x.mantissa.get(), drop);
  x.exponent += static_cast<int64_t>(drop);
  if (half && (below || mpz_odd_p(x.mantissa.get())))
    mpz_add_ui(x.mantissa.get(), x.mantissa.get(), 1);
}

void multiply(Binary& z, const Binary& y, size_t precision) {
  mpz_mul(z.mantissa.get(), z.mantissa.get(), y.mantissa.get());
  z.exponent += y.exponent;
  round_to(z, precision);
}

// z / y correctly rounded, as big.Float.Quo: enough quotient bits plus a sticky remainder.
void divide(Binary& z, const Binary& y, size_t precision) {
  size_t zbits = mpz_sizeinbase(z.mantissa.get(), 2);
  size_t ybits = mpz_sizeinbase(y.mantissa.get(), 2);
  size_t shift = precision + 2 + ybits > zbits ? precision + 2 + ybits - zbits : 0;
  Int remainder;
  mpz_mul_2exp(z.mantissa.get(), z.mantissa.get(), shift);
  mpz_tdiv_qr(z.mantissa.get(), remainder.get(), z.mantissa.get(), y.mantissa.get());
  z.exponent -= y.exponent + static_cast<int64_t>(shift);
  round_to(z, precision, mpz_sgn(remainder.get()) != 0);
}

// big.Float's pow5 at precision 128: exact up to 5^27, then square-and-multiply with a
// 192-bit factor.
void power_of_five(Binary& z, uint64_t n) {
  constexpr size_t kPrecision = 128;
  if (n <= 27) {
    mpz_ui_pow_ui(z.mantissa.get(), 5, static_cast<unsigned long>(n));
    z.exponent = 0;
    return;
  }
  mpz_ui_pow_ui(z.mantissa.get(), 5, 27);
  z.exponent = 0;
  n -= 27;
  Binary factor;
  mpz_set_ui(factor.mantissa.get(), 5);
  while (n > 0) {
    if (n & 1) multiply(z, factor, kPrecision);
    Binary square;
    mpz_set(square.mantissa.get(), factor.mantissa.get());
    square.exponent = factor.exponent;
    multiply(square, factor, kPrecision + 64);
    mpz_swap(factor.mantissa.get(), square.mantissa.get());
    factor.exponent = square.exponent;
    n >>= 1;
  }
}

// big.Float.SetString at 64 bits: digits * 2^e exactly, then one multiplication or division
// by 5^|e| (itself rounded to 128 bits), rounded to 64 bits.
void decimal_to_binary(const Decimal& decimal, Binary& out) {
  constexpr size_t kPrecision = 64;
  mpz_set(out.mantissa.get(), decimal.digits.get());
  out.exponent = decimal.exponent10;
  if (decimal.exponent10 == 0 || mpz_sgn(out.mantissa.get()) == 0) {
    round_to(out, kPrecision);
    return;
  }
  uint64_t n =
      static_cast<uint64_t>(decimal.exponent10 < 0 ? -decimal.exponent10 : decimal.exponent10);
  Binary five;
  power_of_five(five, n);
  if (decimal.exponent10 > 0) {
    multiply(out, five, kPrecision);
  } else {
    divide(out, five, kPrecision);
  }
}

BuiltinResult units_parse_bytes(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  auto fail = [](std::string message) {
    return BuiltinResult::error("eval_builtin_error", std::move(message));
  };
  std::string s = without_quotes(ascii_lower(args[0].as_string()));
  if (s.find(' ') != std::string::npos) return fail("spaces not allowed in resource strings");
  std::optional<Amount> amount = split_amount(s);
  if (!amount) return fail("exponent too large");
  if (amount->number.empty()) return fail("no byte amount provided");
  struct Suffix {
    std::string_view a, b;
    uint64_t factor;
  };
  static constexpr Suffix kSuffixes[] = {
      {"", "", 1},
      {"kb", "k", 1000},
      {"kib", "ki", uint64_t{1} << 10},
      {"mb", "m", 1000'000},
      {"mib", "mi", uint64_t{1} << 20},
      {"gb", "g", 1000'000'000},
      {"gib", "gi", uint64_t{1} << 30},
      {"tb", "t", 1000'000'000'000},
      {"tib", "ti", uint64_t{1} << 40},
      {"pb", "p", 1000'000'000'000'000},
      {"pib", "pi", uint64_t{1} << 50},
      {"eb", "e", 1000'000'000'000'000'000},
      {"eib", "ei", uint64_t{1} << 60},
  };
  const Suffix* suffix = nullptr;
  for (const Suffix& candidate : kSuffixes) {
    if (amount->unit == candidate.a || amount->unit == candidate.b) suffix = &candidate;
  }
  if (suffix == nullptr) return fail("byte unit " + amount->unit + " not recognized");
  Decimal decimal;
  if (!parse_decimal(amount->number, decimal)) {
    return fail("could not parse byte amount to a number");
  }
  Binary value;
  decimal_to_binary(decimal, value);
  Binary factor;
  mpz_import(factor.mantissa.get(), 1, 1, sizeof(uint64_t), 0, 0, &suffix->factor);
  multiply(value, factor, 64);
  // Int(): toward zero.
  Int total;
  if (value.exponent >= 0) {
    mpz_mul_2exp(total.get(), value.mantissa.get(), static_cast<mp_bitcnt_t>(value.exponent));
  } else if (-value.exponent < static_cast<int64_t>(mpz_sizeinbase(value.mantissa.get(), 2))) {
    mpz_tdiv_q_2exp(total.get(), value.mantissa.get(), static_cast<mp_bitcnt_t>(-value.exponent));
  }
  if (decimal.negative) mpz_neg(total.get(), total.get());
  return number_from_text(to_decimal(total.get()));
}

const BuiltinImplementation kParse{&units_parse};
const BuiltinImplementation kParseBytes{&units_parse_bytes};

}  // namespace

Rows units_builtins() {
  return {
      fn("units.parse", "units", {{"x", S()}}, {"y", N()}).impl(kParse),
      fn("units.parse_bytes", "units", {{"x", S()}}, {"y", N()}).impl(kParseBytes),
  };
}

}  // namespace assay::rego::builtins
