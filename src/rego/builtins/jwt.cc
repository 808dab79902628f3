// io.jwt.*: decoding, signature verification per algorithm, verification with constraints, and
// signing. OPA marks decode_verify nondeterministic (it reads the clock for exp/nbf) and the
// signing functions too (signatures may use randomness).
#include <string>

#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

namespace {

Row verify(std::string_view name, std::string_view key_name) {
  return fn(name, kTokens, {{"jwt", S()}, {std::string(key_name), S()}}, {"result", B()});
}

}  // namespace

Rows jwt_builtins() {
  types::TypePtr object = ObjectOf(A(), A());
  return {
      fn("io.jwt.decode", kTokens, {{"jwt", S()}}, {"output", Tuple({object, object, S()})}),
      verify("io.jwt.verify_rs256", "certificate"),
      verify("io.jwt.verify_rs384", "certificate"),
      verify("io.jwt.verify_rs512", "certificate"),
      verify("io.jwt.verify_ps256", "certificate"),
      verify("io.jwt.verify_ps384", "certificate"),
      verify("io.jwt.verify_ps512", "certificate"),
      verify("io.jwt.verify_es256", "certificate"),
      verify("io.jwt.verify_es384", "certificate"),
      verify("io.jwt.verify_es512", "certificate"),
      verify("io.jwt.verify_eddsa", "certificate"),
      verify("io.jwt.verify_hs256", "secret"),
      verify("io.jwt.verify_hs384", "secret"),
      verify("io.jwt.verify_hs512", "secret"),
      fn("io.jwt.decode_verify", kTokens, {{"jwt", S()}, {"constraints", ObjectOf(S(), A())}},
         {"output", Tuple({B(), object, object})})
          .nondeterministic(),
      fn("io.jwt.encode_sign_raw", kTokenSign, {{"headers", S()}, {"payload", S()}, {"key", S()}},
         {"output", S()})
          .nondeterministic(),
      fn("io.jwt.encode_sign", kTokenSign,
         {{"headers", ObjectOf(S(), A())},
          {"payload", ObjectOf(S(), A())},
          {"key", ObjectOf(S(), A())}},
         {"output", S()})
          .nondeterministic(),
  };
}

}  // namespace assay::rego::builtins
