// io.jwt.*: decoding, signature verification per algorithm, verification with constraints, and
// signing. OPA marks decode_verify nondeterministic (it reads the clock for exp/nbf) and the
// signing functions too (signatures may use randomness). The implementations are in
// jwt_verify.cc and jwt_sign.cc (jwt_impl.h).
#include <string>

#include "src/rego/builtins/jwt_impl.h"
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

namespace {

Row verify(std::string_view name, std::string_view key_name) {
  return fn(name, kTokens, {{"jwt", S()}, {std::string(key_name), S()}}, {"result", B()});
}

#define ASSAY_JWT_VERIFY(NAME, IMPL, ALG)                                             \
  BuiltinResult NAME(BuiltinContext& ctx, std::span<const Value> args) {              \
    return IMPL(ctx, args, ALG);                                                      \
  }                                                                                   \
  const BuiltinImplementation k_##NAME{&NAME};
ASSAY_JWT_VERIFY(verify_rs256, jwt_verify_with_key, "RS256")
ASSAY_JWT_VERIFY(verify_rs384, jwt_verify_with_key, "RS384")
ASSAY_JWT_VERIFY(verify_rs512, jwt_verify_with_key, "RS512")
ASSAY_JWT_VERIFY(verify_ps256, jwt_verify_with_key, "PS256")
ASSAY_JWT_VERIFY(verify_ps384, jwt_verify_with_key, "PS384")
ASSAY_JWT_VERIFY(verify_ps512, jwt_verify_with_key, "PS512")
ASSAY_JWT_VERIFY(verify_es256, jwt_verify_with_key, "ES256")
ASSAY_JWT_VERIFY(verify_es384, jwt_verify_with_key, "ES384")
ASSAY_JWT_VERIFY(verify_es512, jwt_verify_with_key, "ES512")
ASSAY_JWT_VERIFY(verify_eddsa, jwt_verify_with_key, "EdDSA")
ASSAY_JWT_VERIFY(verify_hs256, jwt_verify_with_secret, "HS256")
ASSAY_JWT_VERIFY(verify_hs384, jwt_verify_with_secret, "HS384")
ASSAY_JWT_VERIFY(verify_hs512, jwt_verify_with_secret, "HS512")
#undef ASSAY_JWT_VERIFY

const BuiltinImplementation kDecode{&jwt_decode};
const BuiltinImplementation kDecodeVerify{&jwt_decode_verify};
const BuiltinImplementation kEncodeSign{&jwt_encode_sign};
const BuiltinImplementation kEncodeSignRaw{&jwt_encode_sign_raw};

}  // namespace

Rows jwt_builtins() {
  types::TypePtr object = ObjectOf(A(), A());
  return {
      fn("io.jwt.decode", kTokens, {{"jwt", S()}}, {"output", Tuple({object, object, S()})})
          .impl(kDecode),
      verify("io.jwt.verify_rs256", "certificate").impl(k_verify_rs256),
      verify("io.jwt.verify_rs384", "certificate").impl(k_verify_rs384),
      verify("io.jwt.verify_rs512", "certificate").impl(k_verify_rs512),
      verify("io.jwt.verify_ps256", "certificate").impl(k_verify_ps256),
      verify("io.jwt.verify_ps384", "certificate").impl(k_verify_ps384),
      verify("io.jwt.verify_ps512", "certificate").impl(k_verify_ps512),
      verify("io.jwt.verify_es256", "certificate").impl(k_verify_es256),
      verify("io.jwt.verify_es384", "certificate").impl(k_verify_es384),
      verify("io.jwt.verify_es512", "certificate").impl(k_verify_es512),
      verify("io.jwt.verify_eddsa", "certificate").impl(k_verify_eddsa),
      verify("io.jwt.verify_hs256", "secret").impl(k_verify_hs256),
      verify("io.jwt.verify_hs384", "secret").impl(k_verify_hs384),
      verify("io.jwt.verify_hs512", "secret").impl(k_verify_hs512),
      fn("io.jwt.decode_verify", kTokens, {{"jwt", S()}, {"constraints", ObjectOf(S(), A())}},
         {"output", Tuple({B(), object, object})})
          .nondeterministic()
          .impl(kDecodeVerify),
      fn("io.jwt.encode_sign_raw", kTokenSign, {{"headers", S()}, {"payload", S()}, {"key", S()}},
         {"output", S()})
          .nondeterministic()
          .impl(kEncodeSignRaw),
      fn("io.jwt.encode_sign", kTokenSign,
         {{"headers", ObjectOf(S(), A())},
          {"payload", ObjectOf(S(), A())},
          {"key", ObjectOf(S(), A())}},
         {"output", S()})
          .nondeterministic()
          .impl(kEncodeSign),
  };
}

}  // namespace assay::rego::builtins
