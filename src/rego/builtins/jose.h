// JOSE support for io.jwt.* (and the key parsing crypto.x509.* shares): base64url without
// padding, Go's pem.Decode, keys from PEM certificates / PEM public keys / JWK and JWK sets (as
// OPA reads them through lestrrat-go/jwx), and JWS signing and verification per algorithm with
// OpenSSL 3's EVP API.
//
// Security: HMACs are compared in constant time; "none" and every algorithm outside OPA's list
// (HS/RS/PS/ES 256/384/512, EdDSA) are refused; a key is only ever used for the family of its
// type (an RSA public key never becomes an HMAC secret). Inputs are bounded by kMaxJoseInput.
//
// Pure functions over immutable keys: thread-safe.
#pragma once

#include <openssl/types.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace assay::rego::builtins::jose {

// Tokens, certificates and keys longer than this are refused before any parsing.
inline constexpr size_t kMaxJoseInput = size_t{1} << 20;

// base64url without padding (RFC 7515 section 2), as Go's base64.RawURLEncoding.
std::string base64url_raw(std::string_view bytes);

// The base64 text of a JWK member: URL or standard alphabet, padding optional (as jwx accepts).
std::optional<std::string> decode_base64_lenient(std::string_view text);

// Go's base64.StdEncoding.DecodeString: padding required, '\r' and '\n' skipped.
std::optional<std::string> decode_base64_std(std::string_view text);

// One PEM block as Go's encoding/pem.Decode finds it: the first well-formed block, `rest` the
// text after its END line (line ending included). nullopt when there is none (rest = input).
struct PemBlock {
  std::string type;   // "CERTIFICATE", "PUBLIC KEY", ...
  std::string bytes;  // the DER inside
};
std::optional<PemBlock> pem_decode(std::string_view data, std::string_view* rest);

using Pkey = std::shared_ptr<EVP_PKEY>;
Pkey adopt(EVP_PKEY* key);  // takes ownership; null stays null

// A key usable for JWS: an asymmetric key (public, or private for signing) or an HMAC secret,
// with the "alg" and "kid" its JWK declared (empty for PEM keys).
struct Key {
  Pkey pkey;
  std::optional<std::string> secret;  // kty "oct"
  std::string alg;
  std::string kid;
};

// jwk.Parse: one JWK object or a set ({"keys": [...]}). nullopt with *error set when the text
// is not JSON, a key lacks members, or its numbers do not form a valid key.
std::optional<std::vector<Key>> parse_jwk_set(std::string_view json, std::string* error);

// OPA's getKeysFromCertOrJWK: a PEM certificate or PEM public key (nothing after the block), or
// a JWK / JWK set whose keys of unknown algorithms are skipped. Errors carry OPA's wording.
std::optional<std::vector<Key>> keys_from_cert_or_jwk(std::string_view text, std::string* error);

// The public key of a DER certificate, nullptr when it does not parse.
Pkey public_key_of_certificate(std::string_view der);

// One of OPA's token algorithms: HS256..512, RS256..512, PS256..512, ES256..512, EdDSA.
bool is_known_algorithm(std::string_view alg);

// Whether `signature` is `alg`'s signature of `signing_input` under `key`. False (never an error)
// for a key of the wrong type, an unknown algorithm, or a malformed signature. ES signatures are
// JOSE's r||s, split in half as OPA's verifyES does.
bool verify(std::string_view alg, const Key& key, std::string_view signing_input,
            std::string_view signature);

// `alg`'s signature of `signing_input` with `key` (a private key or secret); ES signatures as
// JOSE's fixed-size r||s. nullopt with *error set when the key cannot sign with `alg`.
std::optional<std::string> sign(std::string_view alg, const Key& key, std::string_view signing_input,
                                std::string* error);

}  // namespace assay::rego::builtins::jose
