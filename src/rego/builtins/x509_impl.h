// The implementations of crypto.x509.* and crypto.parse_private_keys (their rows are in
// crypto.cc; the code in x509.cc, the JSON of Go's structures in x509_json.cc).
#pragma once

#include <span>

#include "src/rego/builtins/builtin_impl.h"

namespace assay::rego::builtins {

BuiltinResult x509_parse_certificates(BuiltinContext& ctx, std::span<const Value> args);
BuiltinResult x509_parse_and_verify_certificates(BuiltinContext& ctx, std::span<const Value> args);
BuiltinResult x509_parse_and_verify_certificates_with_options(BuiltinContext& ctx,
                                                              std::span<const Value> args);
BuiltinResult x509_parse_certificate_request(BuiltinContext& ctx, std::span<const Value> args);
BuiltinResult x509_parse_rsa_private_key(BuiltinContext& ctx, std::span<const Value> args);
BuiltinResult x509_parse_keypair(BuiltinContext& ctx, std::span<const Value> args);
BuiltinResult crypto_parse_private_keys(BuiltinContext& ctx, std::span<const Value> args);

}  // namespace assay::rego::builtins
