// Go's crypto/x509 values as OPA returns them: json.Marshal of x509.Certificate,
// x509.CertificateRequest, tls.Certificate and crypto.PrivateKey, built from OpenSSL's parsed
// structures with Go's field names and encodings ([]byte as standard base64, *big.Int as a
// number, time.Time as RFC 3339, nil slices as null, Go's enum numbers for algorithms and key
// usages).
//
// Covered: every field Go fills for common certificates (names, validity, serial, keys,
// signature, extensions, key usages, basic constraints, SANs, key identifiers, AIA, CRL
// distribution points, policies). Left at Go's zero values: name constraints (Permitted*/
// Excluded*), policy mappings and policy constraints, UnhandledCriticalExtensions, and the
// parsed CSR Attributes (null).
//
// Pure functions of their arguments (OpenSSL objects are only read): thread-safe.
#pragma once

#include <openssl/x509.h>

#include <optional>
#include <span>
#include <string_view>

#include "src/rego/value.h"

namespace assay::rego::builtins {

// x509.Certificate; with OPA's extra URIStrings member when `with_uri_strings`.
Value certificate_json(X509* cert, bool with_uri_strings);

// x509.CertificateRequest.
Value certificate_request_json(X509_REQ* request);

// A crypto.PrivateKey (*rsa.PrivateKey, *ecdsa.PrivateKey, ed25519.PrivateKey); nullopt for
// other key types.
std::optional<Value> private_key_json(EVP_PKEY* key);

// The JWK OPA's crypto.x509.parse_rsa_private_key returns for an RSA private key (kty, n, e, d,
// p, q, dp, dq, qi as base64url without padding); nullopt for other key types.
std::optional<Value> private_key_jwk(EVP_PKEY* key);

// tls.Certificate for a certificate chain (DER) and its private key, Leaf filled in.
Value tls_certificate_json(std::span<X509* const> chain, EVP_PKEY* key);

}  // namespace assay::rego::builtins
