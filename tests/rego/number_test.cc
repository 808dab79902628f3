// Number against OPA's rules: v1/topdown/arithmetic.go, v1/ast/compare.go (NumberCompare),
// topdown/builtins FloatToNumber, and the arithmetic conformance cases.
#include "src/rego/number.h"

#include <gmp.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>

using assay::rego::Number;

namespace {

Number N(const char* text) {
  std::optional<Number> n = Number::parse(text);
  INFO("literal " << text);
  REQUIRE(n.has_value());
  return *n;
}

std::string add(const char* a, const char* b) { return Number::add(N(a), N(b)).to_string(); }
std::string sub(const char* a, const char* b) { return Number::subtract(N(a), N(b)).to_string(); }
std::string mul(const char* a, const char* b) { return Number::multiply(N(a), N(b)).to_string(); }

std::string div(const char* a, const char* b) {
  std::string error;
  std::optional<Number> q = Number::divide(N(a), N(b), &error);
  return q ? q->to_string() : "error: " + error;
}

std::string rem(const char* a, const char* b) {
  std::string error;
  std::optional<Number> r = Number::remainder(N(a), N(b), &error);
  return r ? r->to_string() : "error: " + error;
}

int cmp(const char* a, const char* b) { return compare(N(a), N(b)); }

}  // namespace

TEST_CASE("Number::parse accepts JSON numeric literals and keeps decimals as written", "[number]") {
  CHECK(N("0").to_string() == "0");
  CHECK(N("-17").to_string() == "-17");
  CHECK(N("9223372036854775807").to_int64() == std::numeric_limits<int64_t>::max());
  CHECK(N("-9223372036854775808").to_int64() == std::numeric_limits<int64_t>::min());
  CHECK(N("123456789012345678901234").to_string() == "123456789012345678901234");
  CHECK(N("-2.50").to_string() == "-2.50");
  CHECK(N("1.5e3").to_string() == "1.5e3");
  CHECK(N("1E400").to_string() == "1E400");
  CHECK(N("-0").to_string() == "-0");
  for (const char* bad : {"", "-", "+1", "01", "1.", ".5", "1e", "1e+", "0x10", "1 ", " 1", "NaN",
                          "Infinity", "1.5.2", "--1", "1e5.5", "١"}) {
    INFO(bad);
    CHECK_FALSE(Number::parse(bad).has_value());
  }
}

TEST_CASE("Number integer views: is_integer, to_int64, to_double", "[number]") {
  CHECK(N("3").is_integer());
  CHECK(N("3.0").is_integer());
  CHECK(N("3e0").is_integer());
  CHECK(N("1.5e3").is_integer());
  CHECK(N("1E400").is_integer());
  CHECK_FALSE(N("3.5").is_integer());
  CHECK_FALSE(N("1e-1").is_integer());
  CHECK(N("3.0").to_int64() == 3);
  CHECK(N("1.5e3").to_int64() == 1500);
  CHECK_FALSE(N("3.5").to_int64().has_value());
  CHECK_FALSE(N("9223372036854775808").to_int64().has_value());
  CHECK_FALSE(N("1E400").to_int64().has_value());
  CHECK(N("0.1").to_double() == 0.1);
  CHECK(N("123456789012345678901234").to_double() == 123456789012345678901234.0);
  CHECK(std::isinf(N("1E400").to_double()));
}

TEST_CASE("Number compare is exact across integers and decimals", "[number]") {
  CHECK(cmp("1", "1.0") == 0);
  CHECK(cmp("1", "1e0") == 0);
  CHECK(cmp("100", "1e2") == 0);
  CHECK(cmp("0", "-0") == 0);
  CHECK(cmp("0.0", "-0.0") == 0);
  CHECK(cmp("1", "2") < 0);
  CHECK(cmp("-1", "-2") > 0);
  CHECK(cmp("1.5", "1.25") > 0);
  CHECK(cmp("-1.5", "-1.25") < 0);
  CHECK(cmp("0.1", "0.10000000000000001") < 0);  // exact, not as float64
  // 2^70 and 2^70 + 0.5.
  CHECK(cmp("1180591620717411303424", "1180591620717411303424.5") < 0);
  CHECK(cmp("1180591620717411303424.0", "1180591620717411303424") == 0);
  CHECK(cmp("28857836529306024611913", "28857836529306024611912") > 0);  // OPA big_int case
  CHECK(cmp("-28857836529306024611913", "5") < 0);
  CHECK(cmp("1E400", "1e399") > 0);
  CHECK(cmp("1E400", "123456789012345678901234") > 0);
  CHECK(cmp("1e-400", "0") > 0);
  CHECK(cmp("-1e-400", "0") < 0);
}

TEST_CASE("Number hash agrees with equality", "[number]") {
  CHECK(N("1").hash() == N("1.0").hash());
  CHECK(N("1").hash() == N("1e0").hash());
  CHECK(N("1000").hash() == N("1e3").hash());
  CHECK(N("0").hash() == N("-0").hash());
  CHECK(N("1.5").hash() == N("1.50").hash());
  CHECK(N("1.5").hash() == N("15e-1").hash());
  CHECK(N("123456789012345678901234").hash() == N("1.23456789012345678901234e23").hash());
  CHECK(N("1").hash() != N("2").hash());
}

TEST_CASE("integer arithmetic is exact at any size", "[number]") {
  CHECK(add("1", "2") == "3");
  CHECK(add("49649733057", "1") == "49649733058");  // OPA bug 2469
  CHECK(add("9223372036854775807", "1") == "9223372036854775808");
  CHECK(sub("-9223372036854775808", "1") == "-9223372036854775809");
  CHECK(mul("4294967296", "4294967296") == "18446744073709551616");
  CHECK(mul("-25239650180280523076309959574097669358510256084680219982171321",
            "-17904193967932101174980338517342468653959350709680962616803333") ==
        "451895592510494911219605247273314765764568602512519377040613019090914197415019435021131"
        "175261306516834605860267273369812893");  // rego-cpp bigint/204-bit
  CHECK(add("3970974674333321", "1183868731489189") == "5154843405822510");
  // Integral decimals are integers: OPA's NumberToInt path (1e6 * 2 is 2000000).
  CHECK(mul("1e6", "2") == "2000000");
  CHECK(add("2.0", "1") == "3");
  CHECK(Number::add(N("9223372036854775808"), N("-1")).to_int64() ==
        std::numeric_limits<int64_t>::max());
}

TEST_CASE("float arithmetic prints as OPA's FloatToNumber", "[number]") {
  CHECK(add("0.1", "0.2") == "0.30000000000000004");
  CHECK(sub("0.3", "0.2") == "0.09999999999999998");
  CHECK(mul("0.1", "0.2") == "0.020000000000000004");
  CHECK(add("1.5", "1.5") == "3");  // integral results print without a fraction ('f')
  CHECK(mul("2.5", "4") == "10");
  CHECK(add("0.5", "1") == "1.5");
  CHECK(mul("1234567.5", "1") == "1.2345675e+06");  // Go's shortest 'g': %e from exponent 6
  CHECK(mul("123456.5", "1") == "123456.5");
  CHECK(mul("0.0001", "1") == "0.0001");
  CHECK(mul("0.00001", "1") == "1e-05");
  CHECK(mul("1e-7", "1.5") == "1.5e-07");
  CHECK(add("1e300", "0.5") == std::string("1") + std::string(300, '0'));
  // Beyond doubles: no inf, no silent zero.
  CHECK(mul("1.5", "1E400") == "15" + std::string(399, '0'));  // integral: written out ('f')
  CHECK(mul("1.5e-400", "2.5") == "3.75e-400");
}

TEST_CASE("division: exact when it divides, a float otherwise, errors on zero", "[number]") {
  CHECK(div("10", "2") == "5");
  CHECK(div("-10", "2") == "-5");
  CHECK(div("1", "3") == "0.3333333333333333");
  CHECK(div("2", "3") == "0.6666666666666666");
  CHECK(div("13", "4") == "3.25");
  CHECK(div("15.3", "3") == "5.1000000000000005");
  CHECK(div("0.3", "0.1") == "2.9999999999999996");
  CHECK(div("1e109", "1e100") == "1000000000");  // json.marshal_with_options conformance case
  CHECK(div("36893488147419103232", "2") == "18446744073709551616");
  CHECK(div("-9223372036854775808", "-1") == "9223372036854775808");
  CHECK(div("0", "5") == "0");
  CHECK(div("0", "-1") == "-0");  // OPA: a zero dividend takes the float path (-0)
  CHECK(div("1", "0") == "error: divide by zero");
  CHECK(div("1", "0.0") == "error: divide by zero");
  CHECK(div("1.5", "0e5") == "error: divide by zero");
  CHECK(div("1", "1E400") == "1e-400");
}

TEST_CASE("remainder: integers only, truncated", "[number]") {
  CHECK(rem("7", "4") == "3");
  CHECK(rem("-7", "4") == "-3");
  CHECK(rem("7", "-4") == "3");
  CHECK(rem("-9223372036854775808", "-1") == "0");
  CHECK(rem("10", "18446744073709551616") == "10");
  CHECK(rem("18446744073709551617", "18446744073709551616") == "1");
  CHECK(rem("7.0", "4") == "3");
  CHECK(rem("7", "0") == "error: modulo by zero");
  CHECK(rem("7", "0.0") == "error: modulo by zero");
  CHECK(rem("1.1", "1") == "error: modulo on floating-point number");
  CHECK(rem("1", "1.1") == "error: modulo on floating-point number");
  CHECK(rem("1.1", "0") == "error: modulo on floating-point number");
  CHECK(rem("1e2147483648", "2") == "error: modulo on floating-point number");
}

TEST_CASE("round, floor, ceil, abs, negate", "[number]") {
  CHECK(N("2.5").round().to_string() == "3");
  CHECK(N("-2.5").round().to_string() == "-3");
  CHECK(N("2.4999").round().to_string() == "2");
  CHECK(N("0.5").round().to_string() == "1");
  CHECK(N("0.05").round().to_string() == "0");
  CHECK(N("7").round().to_string() == "7");
  CHECK(N("2.0").round().to_string() == "2");
  CHECK(N("1.01").ceil().to_string() == "2");
  CHECK(N("1.5").ceil().to_string() == "2");
  CHECK(N("2222.2222222222").ceil().to_string() == "2223");
  CHECK(N("-1.99999").ceil().to_string() == "-1");
  CHECK(N("-0.5").ceil().to_string() == "0");
  CHECK(N("1.01").floor().to_string() == "1");
  CHECK(N("99.99999").floor().to_string() == "99");
  CHECK(N("-1.001").floor().to_string() == "-2");
  CHECK(N("-0.5").floor().to_string() == "-1");
  CHECK(N("123456789012345678901234.5").floor().to_string() == "123456789012345678901234");
  CHECK(N("1e3").floor().to_string() == "1000");
  CHECK(N("-10").abs().to_string() == "10");
  CHECK(N("-1.50").abs().to_string() == "1.50");
  CHECK(N("-9223372036854775808").abs().to_string() == "9223372036854775808");
  CHECK(N("-0").abs().to_string() == "0");
  CHECK(N("5").negate().to_string() == "-5");
  CHECK(N("-2.5").negate().to_string() == "2.5");
  CHECK(N("2.5").negate().to_string() == "-2.5");
  CHECK(N("-9223372036854775808").negate().to_string() == "9223372036854775808");
  CHECK(N("9223372036854775808").negate().to_int64() == std::numeric_limits<int64_t>::min());
}

TEST_CASE("from_double is OPA's FloatToNumber", "[number]") {
  CHECK(Number::from_double(3.0).to_string() == "3");
  CHECK(Number::from_double(0.1).to_string() == "0.1");
  CHECK(Number::from_double(-2.5).to_string() == "-2.5");
  CHECK(Number::from_double(1e21).to_string() == "1000000000000000000000");
  CHECK(Number::from_double(1e21).is_integer());
  CHECK(Number::from_double(1.5e-9).to_string() == "1.5e-09");
  CHECK(Number::from_double(1e-300).to_string() == "1e-300");
  CHECK(Number::from_double(9007199254740993.0).to_string() == "9007199254740992");
}

TEST_CASE("to_double beyond the range of doubles", "[number]") {
  CHECK(N("-1E400").to_double() == -std::numeric_limits<double>::infinity());
  CHECK(N("1e-400").to_double() == 0.0);
  CHECK(std::signbit(N("-1e-400").to_double()));
  CHECK(N("-0").to_double() == 0.0);
  CHECK(std::signbit(N("-0").to_double()));
  const std::string max_double = "17976931348623157" + std::string(292, '0');  // 309 digits
  CHECK(N(max_double.c_str()).to_double() == std::numeric_limits<double>::max());
}

TEST_CASE("hostile numbers stay bounded", "[number]") {
  CHECK_FALSE(Number::parse("1e1000000000000000001").has_value());
  CHECK(N("1e999999999999").is_integer());
  CHECK(cmp("1e999999999999", "1e999999999998") > 0);
  // Too large to expand into an exact integer: the float path, not a giant allocation.
  CHECK(mul("1e999999999999", "3") == "3e+999999999999");
  CHECK(add("1e999999999999", "1") == "1e+999999999999");
  CHECK(rem("1e999999999999", "7") == "error: modulo on floating-point number");
  CHECK(div("1", "1e999999999999") == "1e-999999999999");
  CHECK(N("1e999999999999").floor().to_string() == "1e999999999999");
  CHECK(N("1.5e-999999999999").ceil().to_string() == "1");
  CHECK(N("-1.5e-999999999999").round().to_string() == "0");
}

namespace {

// A random numeric literal and its exact value as a GMP rational.
struct Literal {
  std::string text;
  mpq_t exact;
  Literal() { mpq_init(exact); }
  ~Literal() { mpq_clear(exact); }
  Literal(const Literal&) = delete;
  Literal& operator=(const Literal&) = delete;
};

void random_literal(std::mt19937& random, Literal& out) {
  const auto pick = [&](int n) { return static_cast<int>(random() % n); };
  std::string integer_digits = std::to_string(pick(4) == 0 ? 0 : pick(1000));
  if (pick(6) == 0) integer_digits = "12345678901234567890123";
  std::string fraction;
  if (pick(2)) {
    for (int i = 0, n = 1 + pick(4); i < n; ++i)
      fraction.push_back(static_cast<char>('0' + pick(10)));
  }
  int exponent = pick(3) == 0 ? pick(41) - 20 : 0;
  const bool negative = pick(2);
  out.text = (negative ? "-" : "") + integer_digits + (fraction.empty() ? "" : "." + fraction) +
             (exponent != 0 || pick(8) == 0 ? "e" + std::to_string(exponent) : "");
  // exact = ±(integer_digits fraction) / 10^len(fraction) * 10^exponent
  mpz_t numerator, denominator;
  mpz_init_set_str(numerator, (integer_digits + fraction).c_str(), 10);
  mpz_init(denominator);
  mpz_ui_pow_ui(denominator, 10, fraction.size());
  if (exponent > 0) {
    mpz_t scale;
    mpz_init(scale);
    mpz_ui_pow_ui(scale, 10, static_cast<unsigned long>(exponent));
    mpz_mul(numerator, numerator, scale);
    mpz_clear(scale);
  } else if (exponent < 0) {
    mpz_t scale;
    mpz_init(scale);
    mpz_ui_pow_ui(scale, 10, static_cast<unsigned long>(-exponent));
    mpz_mul(denominator, denominator, scale);
    mpz_clear(scale);
  }
  if (negative) mpz_neg(numerator, numerator);
  mpq_set_num(out.exact, numerator);
  mpq_set_den(out.exact, denominator);
  mpq_canonicalize(out.exact);
  mpz_clear(numerator);
  mpz_clear(denominator);
}

}  // namespace

TEST_CASE("compare and hash agree with exact rationals on random literals", "[number]") {
  std::mt19937 random(42);
  Literal a, b;
  for (int round = 0; round < 5000; ++round) {
    random_literal(random, a);
    random_literal(random, b);
    INFO(a.text << " vs " << b.text);
    const Number x = N(a.text.c_str()), y = N(b.text.c_str());
    const int want = mpq_cmp(a.exact, b.exact);
    const int got = compare(x, y);
    REQUIRE(((got > 0) - (got < 0)) == ((want > 0) - (want < 0)));
    REQUIRE(compare(y, x) == -got);
    if (got == 0) REQUIRE(x.hash() == y.hash());
    REQUIRE(x.is_integer() == (mpz_cmp_ui(mpq_denref(a.exact), 1) == 0));
    // Integer operands: arithmetic is exact.
    if (x.is_integer() && y.is_integer()) {
      mpq_t sum;
      mpq_init(sum);
      mpq_add(sum, a.exact, b.exact);
      char* text = mpz_get_str(nullptr, 10, mpq_numref(sum));
      REQUIRE(Number::add(x, y).to_string() == text);
      REQUIRE(compare(Number::subtract(Number::add(x, y), y), x) == 0);
      void (*free_function)(void*, size_t) = nullptr;
      mp_get_memory_functions(nullptr, nullptr, &free_function);
      free_function(text, std::strlen(text) + 1);
      mpq_clear(sum);
    }
  }
}

TEST_CASE("float results are the correctly rounded doubles", "[number]") {
  std::mt19937 random(9);
  Literal a, b;
  for (int round = 0; round < 3000; ++round) {
    random_literal(random, a);
    random_literal(random, b);
    const Number x = N(a.text.c_str()), y = N(b.text.c_str());
    if (x.is_integer() && y.is_integer()) continue;  // exact paths, tested above
    INFO(a.text << " op " << b.text);
    const double dx = x.to_double(), dy = y.to_double();
    CHECK(Number::add(x, y).to_double() == dx + dy);
    CHECK(Number::multiply(x, y).to_double() == dx * dy);
    std::string error;
    if (dy != 0) CHECK(Number::divide(x, y, &error)->to_double() == dx / dy);
    // The text reads back as the same double (shortest round trip).
    const Number sum = Number::add(x, y);
    CHECK(N(sum.to_string().c_str()).to_double() == sum.to_double());
  }
}
