// bits.*: bitwise operations on integers of any size (two's complement semantics, as Go's
// big.Int gives OPA's topdown/bits.go).
#include <gmp.h>

#include <cstdint>
#include <optional>
#include <string>

#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

namespace {

// A left shift may not make a number longer than this many bits: Go allocates whatever the
// shift asks for; we refuse before memory runs out.
constexpr uint64_t kMaxResultBits = uint64_t{1} << 22;

class BigInt {
 public:
  BigInt() { mpz_init(value_); }
  ~BigInt() { mpz_clear(value_); }
  BigInt(const BigInt&) = delete;
  BigInt& operator=(const BigInt&) = delete;
  mpz_ptr get() { return value_; }
  mpz_srcptr get() const { return value_; }

 private:
  mpz_t value_;
};

// OPA's BigIntOperand, into `out`.
std::optional<BuiltinResult> integer_operand(const Value& v, int position, BigInt& out) {
  if (!v.is_number()) return operand_type_error(position, v, "integer");
  const Number& n = v.as_number();
  if (!n.is_integer()) {
    return BuiltinResult::error("eval_type_error",
                                "operand " + std::to_string(position) +
                                    " must be integer number but got floating-point number");
  }
  if (std::optional<int64_t> small = n.to_int64()) {
    mpz_set_si(out.get(), static_cast<long>(*small));
    return std::nullopt;
  }
  std::string text = n.to_string();
  if (mpz_set_str(out.get(), text.c_str(), 10) != 0) {
    return BuiltinResult::error("eval_builtin_error", "integer out of range: " + text);
  }
  return std::nullopt;
}

BuiltinResult to_value(const BigInt& n) {
  if (mpz_fits_slong_p(n.get())) {
    return BuiltinResult::value(Value::integer(static_cast<int64_t>(mpz_get_si(n.get()))));
  }
  char* text = mpz_get_str(nullptr, 10, n.get());
  std::optional<Number> number = Number::parse(text);
  void (*release)(void*, size_t) = nullptr;
  mp_get_memory_functions(nullptr, nullptr, &release);
  release(text, std::char_traits<char>::length(text) + 1);
  if (!number) return BuiltinResult::error("eval_builtin_error", "integer out of range");
  return BuiltinResult::value(Value::number(*number));
}

BuiltinResult binary(std::span<const Value> args, void (*op)(mpz_ptr, mpz_srcptr, mpz_srcptr)) {
  BigInt x, y, z;
  if (std::optional<BuiltinResult> error = integer_operand(args[0], 1, x)) return *error;
  if (std::optional<BuiltinResult> error = integer_operand(args[1], 2, y)) return *error;
  op(z.get(), x.get(), y.get());
  return to_value(z);
}

BuiltinResult bits_or(BuiltinContext&, std::span<const Value> args) {
  return binary(args, &mpz_ior);
}
BuiltinResult bits_and(BuiltinContext&, std::span<const Value> args) {
  return binary(args, &mpz_and);
}
BuiltinResult bits_xor(BuiltinContext&, std::span<const Value> args) {
  return binary(args, &mpz_xor);
}

BuiltinResult bits_negate(BuiltinContext&, std::span<const Value> args) {
  BigInt x, z;
  if (std::optional<BuiltinResult> error = integer_operand(args[0], 1, x)) return *error;
  mpz_com(z.get(), x.get());
  return to_value(z);
}

// The shift count: negative counts are refused; Go takes the low 64 bits of larger ones.
std::optional<BuiltinResult> shift_operand(const Value& v, uint64_t& shift) {
  BigInt s;
  if (std::optional<BuiltinResult> error = integer_operand(v, 2, s)) return error;
  if (mpz_sgn(s.get()) < 0) {
    return BuiltinResult::error(
        "eval_type_error",
        "operand 2 must be an unsigned integer number but got a negative integer");
  }
  shift = mpz_size(s.get()) == 0 ? 0 : static_cast<uint64_t>(mpz_getlimbn(s.get(), 0));
  return std::nullopt;
}

BuiltinResult bits_lsh(BuiltinContext&, std::span<const Value> args) {
  BigInt x, z;
  uint64_t shift = 0;
  if (std::optional<BuiltinResult> error = integer_operand(args[0], 1, x)) return *error;
  if (std::optional<BuiltinResult> error = shift_operand(args[1], shift)) return *error;
  if (mpz_sgn(x.get()) != 0 &&
      (shift > kMaxResultBits || mpz_sizeinbase(x.get(), 2) + shift > kMaxResultBits)) {
    return BuiltinResult::error("eval_builtin_error", "shift count too large");
  }
  mpz_mul_2exp(z.get(), x.get(), static_cast<mp_bitcnt_t>(shift));
  return to_value(z);
}

// An arithmetic shift: negative numbers round toward minus infinity, as big.Int.Rsh.
BuiltinResult bits_rsh(BuiltinContext&, std::span<const Value> args) {
  BigInt x, z;
  uint64_t shift = 0;
  if (std::optional<BuiltinResult> error = integer_operand(args[0], 1, x)) return *error;
  if (std::optional<BuiltinResult> error = shift_operand(args[1], shift)) return *error;
  mpz_fdiv_q_2exp(z.get(), x.get(), static_cast<mp_bitcnt_t>(shift));
  return to_value(z);
}

const BuiltinImplementation kOr{&bits_or};
const BuiltinImplementation kAnd{&bits_and};
const BuiltinImplementation kNegate{&bits_negate};
const BuiltinImplementation kXor{&bits_xor};
const BuiltinImplementation kLsh{&bits_lsh};
const BuiltinImplementation kRsh{&bits_rsh};

}  // namespace

Rows bits_builtins() {
  return {
      fn("bits.or", "bits", {{"x", N()}, {"y", N()}}, {"z", N()}).impl(kOr),
      fn("bits.and", "bits", {{"x", N()}, {"y", N()}}, {"z", N()}).impl(kAnd),
      fn("bits.negate", "bits", {{"x", N()}}, {"z", N()}).impl(kNegate),
      fn("bits.xor", "bits", {{"x", N()}, {"y", N()}}, {"z", N()}).impl(kXor),
      fn("bits.lsh", "bits", {{"x", N()}, {"s", N()}}, {"z", N()}).impl(kLsh),
      fn("bits.rsh", "bits", {{"x", N()}, {"s", N()}}, {"z", N()}).impl(kRsh),
  };
}

}  // namespace assay::rego::builtins
