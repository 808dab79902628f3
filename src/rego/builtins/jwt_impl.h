// The implementations of io.jwt.* (their rows are in jwt.cc): decoding, verification per
// algorithm, verification with constraints (jwt_verify.cc) and signing (jwt_sign.cc), with
// OPA's semantics and error texts (v1/topdown/tokens.go).
#pragma once

#include <span>

#include "src/rego/builtins/builtin_impl.h"

namespace assay::rego::builtins {

BuiltinResult jwt_decode(BuiltinContext& ctx, std::span<const Value> args);
// io.jwt.verify_<alg> for RS*, PS*, ES* and EdDSA (`alg` as the JOSE name, "RS256", "EdDSA").
BuiltinResult jwt_verify_with_key(BuiltinContext& ctx, std::span<const Value> args,
                                  std::string_view alg);
// io.jwt.verify_hs256/384/512 (`alg` "HS256", ...).
BuiltinResult jwt_verify_with_secret(BuiltinContext& ctx, std::span<const Value> args,
                                     std::string_view alg);
BuiltinResult jwt_decode_verify(BuiltinContext& ctx, std::span<const Value> args);
BuiltinResult jwt_encode_sign(BuiltinContext& ctx, std::span<const Value> args);
BuiltinResult jwt_encode_sign_raw(BuiltinContext& ctx, std::span<const Value> args);

}  // namespace assay::rego::builtins
