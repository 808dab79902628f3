// The io.jwt.* and crypto.x509.* built-ins, called through the registry as the evaluator calls
// them. Fixed vectors are RFC 7515's appendices and OPA's documented behaviour; the rest uses
// keys and certificates generated here with OpenSSL, so every signature is checked both ways
// (ours verifies what we sign, and rejects what was tampered with).
#include <catch2/catch.hpp>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>
#include <vector>

#include "src/rego/builtins/builtin_impl.h"
#include "src/rego/builtins/jose.h"
#include "src/rego/builtins/registry.h"
#include "src/rego/value.h"

namespace assay::rego {
namespace {

Value json(std::string_view text) {
  std::string error;
  auto value = value_from_json(text, &error);
  INFO(text << ": " << error);
  REQUIRE(value.has_value());
  return *value;
}

Value str(std::string_view s) { return Value::string(std::string(s)); }

// The result as JSON, "undefined", or "<code>: <message>".
std::string eval(std::string_view name, const std::vector<Value>& args, int64_t now_ns = 0) {
  const BuiltinDecl* decl = find_builtin(name);
  INFO(name);
  REQUIRE(decl != nullptr);
  REQUIRE(decl->impl != nullptr);
  BuiltinContext ctx;
  ctx.now_ns = now_ns;
  BuiltinResult result = decl->impl->call(ctx, args);
  if (const auto* value = std::get_if<Value>(&result.outcome)) return value_to_json(*value);
  if (const auto* error = std::get_if<BuiltinError>(&result.outcome)) {
    return error->code + ": " + error->message;
  }
  return "undefined";
}

Value value_of(std::string_view name, const std::vector<Value>& args, int64_t now_ns = 0) {
  return json(eval(name, args, now_ns));
}

std::string unquote(const std::string& json_string) {
  REQUIRE(json_string.size() >= 2);
  REQUIRE(json_string.front() == '"');
  return json_string.substr(1, json_string.size() - 2);
}

// ---- keys made with OpenSSL -----------------------------------------------------------------

using Pkey = std::shared_ptr<EVP_PKEY>;

Pkey generate(const char* type, const char* curve = nullptr) {
  EVP_PKEY* key = curve != nullptr ? EVP_PKEY_Q_keygen(nullptr, nullptr, type, curve)
                  : std::string_view(type) == "RSA"
                      ? EVP_PKEY_Q_keygen(nullptr, nullptr, type, size_t{2048})
                      : EVP_PKEY_Q_keygen(nullptr, nullptr, type);
  REQUIRE(key != nullptr);
  return Pkey(key, EVP_PKEY_free);
}

std::string bn_member(EVP_PKEY* key, const char* param, size_t pad = 0) {
  BIGNUM* bn = nullptr;
  REQUIRE(EVP_PKEY_get_bn_param(key, param, &bn) == 1);
  const size_t size = std::max(pad, static_cast<size_t>(BN_num_bytes(bn)));
  std::string bytes(size, '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(size));
  BN_free(bn);
  return builtins::jose::base64url_raw(bytes);
}

std::string raw_member(EVP_PKEY* key, bool private_part) {
  unsigned char buf[64];
  size_t length = sizeof buf;
  REQUIRE((private_part ? EVP_PKEY_get_raw_private_key(key, buf, &length)
                        : EVP_PKEY_get_raw_public_key(key, buf, &length)) == 1);
  return builtins::jose::base64url_raw(std::string(reinterpret_cast<char*>(buf), length));
}

// The private JWK of a generated key.
Value private_jwk(EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "RSA")) {
    return Value::object({
        {str("kty"), str("RSA")},
        {str("n"), str(bn_member(key, OSSL_PKEY_PARAM_RSA_N))},
        {str("e"), str(bn_member(key, OSSL_PKEY_PARAM_RSA_E))},
        {str("d"), str(bn_member(key, OSSL_PKEY_PARAM_RSA_D))},
    });
  }
  if (EVP_PKEY_is_a(key, "EC")) {
    char group[32];
    REQUIRE(EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                           nullptr) == 1);
    const std::string name = group == std::string("prime256v1")   ? "P-256"
                             : group == std::string("secp384r1") ? "P-384"
                                                                  : "P-521";
    const size_t size = name == "P-256" ? 32 : name == "P-384" ? 48 : 66;
    return Value::object({
        {str("kty"), str("EC")},
        {str("crv"), str(name)},
        {str("x"), str(bn_member(key, OSSL_PKEY_PARAM_EC_PUB_X, size))},
        {str("y"), str(bn_member(key, OSSL_PKEY_PARAM_EC_PUB_Y, size))},
        {str("d"), str(bn_member(key, OSSL_PKEY_PARAM_PRIV_KEY, size))},
    });
  }
  return Value::object({
      {str("kty"), str("OKP")},
      {str("crv"), str("Ed25519")},
      {str("x"), str(raw_member(key, false))},
      {str("d"), str(raw_member(key, true))},
  });
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  std::string text(data, static_cast<size_t>(n));
  BIO_free(bio);
  return text;
}

std::string public_pem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  REQUIRE(PEM_write_bio_PUBKEY(bio, key) == 1);
  return bio_text(bio);
}

std::string private_pem(EVP_PKEY* key, bool pkcs8) {
  BIO* bio = BIO_new(BIO_s_mem());
  if (pkcs8) {
    REQUIRE(PEM_write_bio_PKCS8PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr) == 1);
  } else {
    REQUIRE(PEM_write_bio_PrivateKey_traditional(bio, key, nullptr, nullptr, 0, nullptr,
                                                 nullptr) == 1);
  }
  return bio_text(bio);
}

using Cert = std::shared_ptr<X509>;

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  REQUIRE(ext != nullptr);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A certificate for `key` with common name `cn`, signed by `issuer_key` (self-signed when
// `issuer` is null), valid from 2020 to 2040.
Cert make_cert(EVP_PKEY* key, const std::string& cn, X509* issuer, EVP_PKEY* issuer_key,
               bool ca, long serial, const char* san = nullptr, const char* eku = nullptr) {
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "C", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("US"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("Assay Test"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert, issuer != nullptr ? X509_get_subject_name(issuer) : name);
  ASN1_TIME_set_string(X509_getm_notBefore(cert), "20200101000000Z");
  ASN1_TIME_set_string(X509_getm_notAfter(cert), "20400101000000Z");
  X509_set_pubkey(cert, key);
  X509* signer = issuer != nullptr ? issuer : cert;
  add_extension(cert, signer, NID_basic_constraints, ca ? "critical,CA:TRUE" : "CA:FALSE");
  add_extension(cert, signer, NID_key_usage,
                ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
  add_extension(cert, signer, NID_subject_key_identifier, "hash");
  if (san != nullptr) add_extension(cert, signer, NID_subject_alt_name, san);
  if (eku != nullptr) add_extension(cert, signer, NID_ext_key_usage, eku);
  REQUIRE(X509_sign(cert, issuer_key, EVP_sha256()) > 0);
  return Cert(cert, X509_free);
}

std::string cert_pem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  REQUIRE(PEM_write_bio_X509(bio, cert) == 1);
  return bio_text(bio);
}

std::string cert_der_base64(X509* cert) {
  unsigned char* der = nullptr;
  const int n = i2d_X509(cert, &der);
  std::string out(4 * ((static_cast<size_t>(n) + 2) / 3) + 1, '\0');
  const int m = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), der, n);
  OPENSSL_free(der);
  out.resize(static_cast<size_t>(m));
  return out;
}

// ---- RFC 7515 appendix A --------------------------------------------------------------------

// A.1: HS256 with this JWK over these exact header and payload bytes.
constexpr std::string_view kA1Key =
    R"({"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"})";
constexpr std::string_view kA1Header = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}";
constexpr std::string_view kA1Payload =
    "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";
constexpr std::string_view kA1Token =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

// A.2: RS256 (deterministic) with this RSA key.
constexpr std::string_view kA2Key = R"({"kty":"RSA",
 "n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
 "e":"AQAB",
 "d":"Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ",
 "p":"4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc",
 "q":"uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc",
 "dp":"BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QCLdhrqE2e9YkxvuxdBfpT_PI7Yz-FOKnu1R6HsJeDCjn12Sk3vmAktV2zb34MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0",
 "dq":"h_96-mK1R_7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7I9xXDoRwbKgB719rrmI2oKr6N3Do9U0ajaHF-NKJnwgjMd2w9cjz3_-kyNlxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU",
 "qi":"IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd_QJQ3ydy5cY7YIBi87w93IKLEdfnbJtoOPLUW0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U"})";
constexpr std::string_view kA2Token =
    "eyJhbGciOiJSUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."
    "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5ju"
    "jGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07"
    "Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipU"
    "TI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

std::string a1_secret() {
  return *builtins::jose::decode_base64_lenient(
      "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
}

std::string tamper(std::string token) {
  const size_t dot = token.find('.');
  token[dot + 2] = token[dot + 2] == 'A' ? 'B' : 'A';  // a payload character
  return token;
}

TEST_CASE("io.jwt.encode_sign_raw reproduces RFC 7515 A.1 and A.2", "[builtins][jwt]") {
  CHECK(eval("io.jwt.encode_sign_raw", {str(kA1Header), str(kA1Payload), str(kA1Key)}) ==
        "\"" + std::string(kA1Token) + "\"");
  CHECK(eval("io.jwt.encode_sign_raw", {str("{\"alg\":\"RS256\"}"), str(kA1Payload), str(kA2Key)}) ==
        "\"" + std::string(kA2Token) + "\"");
  // typ other than JWT lets the payload be any text; no payload at all is fine then.
  const std::string plain = "{\"typ\":\"text/plain\",\r\n \"alg\":\"HS256\"}";
  const std::string token = unquote(eval("io.jwt.encode_sign_raw", {str(plain), str("e"), str(kA1Key)}));
  CHECK(token.substr(token.find('.'), 4) == ".ZQ.");
}

TEST_CASE("io.jwt.encode_sign_raw refuses what OPA refuses", "[builtins][jwt]") {
  const Value key = str(kA1Key);
  CHECK(eval("io.jwt.encode_sign_raw", {str("{\"typ\":\"JWT\",\"alg\":\"HS256\"}"), str("e"), key}) ==
        "eval_builtin_error: type is JWT but payload is not JSON");
  CHECK(eval("io.jwt.encode_sign_raw", {str("{\"alg\":\"HS256\"}"), str(""), key}) ==
        "eval_builtin_error: type is JWT but payload is not JSON");
  CHECK(eval("io.jwt.encode_sign_raw", {str("{\"alg\":\"dummy\"}"), str("{}"), key}) ==
        "eval_builtin_error: unknown JWS algorithm: dummy");
  CHECK(eval("io.jwt.encode_sign_raw", {str("{\"alg\":\"none\"}"), str("{}"), key}) ==
        "eval_builtin_error: unknown JWS algorithm: none");
  CHECK(eval("io.jwt.encode_sign_raw", {str("{}"), str("{}"), key})
            .starts_with("eval_builtin_error: missing or invalid 'alg' header: "));
  CHECK(eval("io.jwt.encode_sign_raw", {str("e"), str("{}"), key})
            .starts_with("eval_builtin_error: missing or invalid 'alg' header: invalid character"));
  // An HMAC algorithm with an RSA key, and the reverse, are refused.
  CHECK(eval("io.jwt.encode_sign_raw", {str("{\"alg\":\"HS256\"}"), str("{}"), str(kA2Key)})
            .starts_with("eval_builtin_error: "));
  CHECK(eval("io.jwt.encode_sign_raw", {str("{\"alg\":\"RS256\"}"), str("{}"), key})
            .starts_with("eval_builtin_error: "));
  CHECK(eval("io.jwt.encode_sign_raw", {str("{\"alg\":\"HS256\"}"), str("{}"), str("{\"keys\":[]}")}) ==
        "eval_builtin_error: no keys found in JWK set");
  CHECK(eval("io.jwt.encode_sign_raw", {Value::integer(1), str("{}"), key}) ==
        "eval_type_error: operand 1 must be string but got number");
  CHECK(eval("io.jwt.encode_sign_raw", {str("{}"), str("{}"), Value::integer(1)}) ==
        "eval_type_error: operand 3 must be string but got number");
}

TEST_CASE("io.jwt.encode_sign writes objects as Go's json.Marshal", "[builtins][jwt]") {
  // OPA's test "plain integer timestamps": keys sorted, no spaces, integers without exponent.
  const std::string token = unquote(eval(
      "io.jwt.encode_sign", {json(R"({"alg": "HS256", "typ": "JWT"})"),
                             json(R"({"iat": 1678000000, "exp": 1678000300})"), json(kA1Key)}));
  CHECK(token ==
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE2NzgwMDAzMDAsImlhdCI6MTY3ODAwMDAwMH0."
        "ZNCOrxE5MNdrqzHmiQ7c3so0IvGqHddBZFWe3kBaQHg");
  CHECK(eval("io.jwt.verify_hs256", {str(token), str(a1_secret())}) == "true");
  CHECK(eval("io.jwt.verify_hs256", {str(tamper(token)), str(a1_secret())}) == "false");
  CHECK(eval("io.jwt.verify_hs384", {str(token), str(a1_secret())}) == "false");
}

TEST_CASE("io.jwt.decode splits a token as OPA", "[builtins][jwt]") {
  CHECK(eval("io.jwt.decode", {str(kA1Token)}) ==
        R"([{"alg":"HS256","typ":"JWT"},{"exp":1300819380,"http://example.com/is_root":true,"iss":"joe"},)"
        R"("7418dfb49799e0254ffa607dd8adbbba16d4254d69d6bff05b58055853848d79"])");
  CHECK(eval("io.jwt.decode", {str("eyJhbGciOiJIUzI1NiJ9eyJzdWIiOiIwIn0")}) ==
        "eval_builtin_error: encoded JWT had no period separators");
  CHECK(eval("io.jwt.decode", {str("a.b")}) ==
        "eval_builtin_error: encoded JWT must have 3 sections, found 2");
  CHECK(eval("io.jwt.decode", {str("a.b.c.d")}) ==
        "eval_builtin_error: encoded JWT must have 3 sections, found 4");
  CHECK(eval("io.jwt.decode", {str("eyJhbGciOiJIU^%zI1NiI+sInR5cCI6IkpXVCJ9.e30.")}) ==
        "eval_builtin_error: JWT header had invalid encoding: illegal base64 data at input byte 13");
  const std::string header = builtins::jose::base64url_raw(R"({"alg":"HS256"})");
  CHECK(eval("io.jwt.decode", {str(header + ".eyJzdWIiOiIwIiwia/XNzIjoib3BhIn0.")}) ==
        "eval_builtin_error: JWT payload had invalid encoding: illegal base64 data at input byte 17");
  CHECK(eval("io.jwt.decode", {str(header + ".e30.XmVo(")})
            .starts_with("eval_builtin_error: JWT signature had invalid encoding: "));
  const std::string jwe = builtins::jose::base64url_raw(R"({"alg":"RSA-OAEP","enc":"A256GCM"})");
  CHECK(eval("io.jwt.decode", {str(jwe + ".e30.")}) ==
        "eval_builtin_error: JWT is a JWE object, which is not supported");
  CHECK(eval("io.jwt.decode", {str(builtins::jose::base64url_raw("[1]") + ".e30.")}) ==
        "eval_builtin_error: bad JWT header: decoded JSON type was not an Object");
  CHECK(eval("io.jwt.decode", {str(header + "." + builtins::jose::base64url_raw("\"x\"") + ".")}) ==
        "eval_builtin_error: decoded JSON type was not an Object");
  CHECK(eval("io.jwt.decode", {Value::integer(7)}) ==
        "eval_type_error: operand 1 must be string but got number");
  // Repeated claims: the last one wins, as Go's encoding/json.
  const std::string repeated = builtins::jose::base64url_raw(R"({"iss":"a","iss":"opa"})");
  CHECK(eval("io.jwt.decode", {str(header + "." + repeated + ".")}) ==
        R"([{"alg":"HS256"},{"iss":"opa"},""])");
}

TEST_CASE("io.jwt.decode follows nested tokens (cty JWT)", "[builtins][jwt]") {
  const std::string inner(kA1Token);
  const std::string outer_header =
      builtins::jose::base64url_raw(R"({"alg":"HS256","typ":"JWT","cty":"JWT"})");
  const std::string nested =
      outer_header + "." + builtins::jose::base64url_raw("\"" + inner + "\"") + ".c2ln";
  CHECK(eval("io.jwt.decode", {str(nested)}) == eval("io.jwt.decode", {str(inner)}));
}

TEST_CASE("io.jwt.verify_* check signatures made with generated keys", "[builtins][jwt]") {
  struct Case {
    const char* alg;
    const char* type;
    const char* curve;
    const char* verifier;
  };
  const Case cases[] = {
      {"RS256", "RSA", nullptr, "io.jwt.verify_rs256"},
      {"RS384", "RSA", nullptr, "io.jwt.verify_rs384"},
      {"RS512", "RSA", nullptr, "io.jwt.verify_rs512"},
      {"PS256", "RSA", nullptr, "io.jwt.verify_ps256"},
      {"PS384", "RSA", nullptr, "io.jwt.verify_ps384"},
      {"PS512", "RSA", nullptr, "io.jwt.verify_ps512"},
      {"ES256", "EC", "P-256", "io.jwt.verify_es256"},
      {"ES384", "EC", "P-384", "io.jwt.verify_es384"},
      {"ES512", "EC", "P-521", "io.jwt.verify_es512"},
      {"EdDSA", "ED25519", nullptr, "io.jwt.verify_eddsa"},
  };
  Pkey rsa = generate("RSA");
  for (const Case& c : cases) {
    INFO(c.alg);
    Pkey key = std::string_view(c.type) == "RSA" ? rsa : generate(c.type, c.curve);
    const Value header = Value::object({{str("alg"), str(c.alg)}, {str("typ"), str("JWT")}});
    const Value claims = json(R"({"iss":"assay","sub":"alice"})");
    const std::string token =
        unquote(eval("io.jwt.encode_sign", {header, claims, private_jwk(key.get())}));
    const std::string pem = public_pem(key.get());
    CHECK(eval(c.verifier, {str(token), str(pem)}) == "true");
    CHECK(eval(c.verifier, {str(tamper(token)), str(pem)}) == "false");
    // The same key as a certificate, and as a JWK set.
    if (std::string_view(c.type) != "ED25519") {  // X509_sign with Ed25519 needs a null digest
      Cert cert = make_cert(key.get(), "signer", nullptr, key.get(), false, 7);
      CHECK(eval(c.verifier, {str(token), str(cert_pem(cert.get()))}) == "true");
    }
    // The JWS signature size: ES is JOSE's fixed r||s, not DER.
    const std::string signature = *builtins::jose::decode_base64_lenient(
        token.substr(token.rfind('.') + 1));
    if (std::string_view(c.alg) == "ES256") CHECK(signature.size() == 64);
    if (std::string_view(c.alg) == "ES512") CHECK(signature.size() == 132);
    // decode_verify with the certificate checks the header's algorithm.
    CHECK(eval("io.jwt.decode_verify", {str(token), Value::object({{str("cert"), str(pem)}})}) ==
          "[true," + value_to_json(header) + "," + value_to_json(claims) + "]");
  }
  // A token verified by another algorithm's built-in is not valid.
  Pkey ec = generate("EC", "P-256");
  const std::string es = unquote(eval(
      "io.jwt.encode_sign", {json(R"({"alg":"ES256"})"), json("{}"), private_jwk(ec.get())}));
  CHECK(eval("io.jwt.verify_rs256", {str(es), str(public_pem(ec.get()))}) == "false");
  CHECK(eval("io.jwt.verify_es384", {str(es), str(public_pem(ec.get()))}) == "false");
  CHECK(eval("io.jwt.verify_es256", {str(es), str(public_pem(ec.get()))}) == "true");
}

TEST_CASE("io.jwt.verify_* key arguments and errors", "[builtins][jwt]") {
  Pkey rsa = generate("RSA");
  const std::string token = unquote(eval(
      "io.jwt.encode_sign", {json(R"({"alg":"RS256","kid":"k2"})"), json(R"({"a":1})"),
                             private_jwk(rsa.get())}));
  Value jwk = private_jwk(rsa.get());
  std::vector<ObjectEntry> public_members;
  for (const auto& [k, v] : jwk.object_entries()) {
    if (k.as_string() != "d") public_members.emplace_back(k, v);
  }
  public_members.emplace_back(str("kid"), str("k2"));
  const std::string public_jwk = value_to_json(Value::object(public_members));
  CHECK(eval("io.jwt.verify_rs256", {str(token), str(public_jwk)}) == "true");
  CHECK(eval("io.jwt.verify_rs256", {str(token), str("{\"keys\":[" + public_jwk + "]}")}) == "true");
  // A key whose alg is unknown is skipped: nothing verifies.
  std::vector<ObjectEntry> odd = public_members;
  odd.emplace_back(str("alg"), str("XX999"));
  CHECK(eval("io.jwt.verify_rs256", {str(token), str(value_to_json(Value::object(odd)))}) ==
        "false");
  CHECK(eval("io.jwt.verify_rs256", {str(token), str("nonsense")})
            .starts_with("eval_builtin_error: failed to parse a JWK key (set): "));
  const std::string pem = public_pem(rsa.get());
  CHECK(eval("io.jwt.verify_rs256", {str(token), str(pem + "x")}) ==
        "eval_builtin_error: extra data after a PEM certificate block");
  CHECK(eval("io.jwt.verify_rs256", {str(token), str(private_pem(rsa.get(), true))}) ==
        "eval_builtin_error: failed to extract a Key from the PEM certificate");
  CHECK(eval("io.jwt.verify_rs256", {str(token), Value::integer(1)}) ==
        "eval_type_error: operand 2 must be string but got number");
  CHECK(eval("io.jwt.verify_hs256", {str("a.b.c"), Value::null()}) ==
        "eval_type_error: operand 2 must be string but got null");
  CHECK(eval("io.jwt.verify_rs256", {str("abc"), str(pem)}) ==
        "eval_builtin_error: encoded JWT had no period separators");
}

TEST_CASE("io.jwt.decode_verify: constraints as OPA checks them", "[builtins][jwt]") {
  auto sign = [](std::string_view claims) {
    return unquote(eval("io.jwt.encode_sign",
                        {json(R"({"alg":"HS256","typ":"JWT"})"), json(claims), json(kA1Key)}));
  };
  const Value secret = str(a1_secret());
  auto constraints = [&](std::vector<ObjectEntry> more) {
    more.emplace_back(str("secret"), secret);
    return Value::object(std::move(more));
  };
  const std::string unverified = "[false,{},{}]";
  const std::string plain = sign(R"({"iss":"xxx"})");
  CHECK(eval("io.jwt.decode_verify", {str(plain), constraints({})}) ==
        R"([true,{"alg":"HS256","typ":"JWT"},{"iss":"xxx"}])");
  CHECK(eval("io.jwt.decode_verify", {str(tamper(plain)), constraints({})}) == unverified);
  CHECK(eval("io.jwt.decode_verify",
             {str(plain), Value::object({{str("secret"), str("the wrong key")}})}) == unverified);
  // iss and alg
  CHECK(eval("io.jwt.decode_verify", {str(plain), constraints({{str("iss"), str("xxx")}})})
            .starts_with("[true"));
  CHECK(eval("io.jwt.decode_verify", {str(plain), constraints({{str("iss"), str("yyy")}})}) ==
        unverified);
  CHECK(eval("io.jwt.decode_verify", {str(sign("{}")), constraints({{str("iss"), str("xxx")}})}) ==
        unverified);
  CHECK(eval("io.jwt.decode_verify", {str(plain), constraints({{str("alg"), str("RS256")}})}) ==
        unverified);
  // aud: present in the token, it must match; absent from the constraints, it must be absent.
  const std::string aud = sign(R"({"aud":["fred","bob"]})");
  CHECK(eval("io.jwt.decode_verify", {str(aud), constraints({{str("aud"), str("bob")}})})
            .starts_with("[true"));
  CHECK(eval("io.jwt.decode_verify", {str(aud), constraints({{str("aud"), str("cath")}})}) ==
        unverified);
  CHECK(eval("io.jwt.decode_verify", {str(aud), constraints({})}) == unverified);
  CHECK(eval("io.jwt.decode_verify", {str(plain), constraints({{str("aud"), str("cath")}})}) ==
        unverified);
  // exp and nbf against the time constraint (ns), or the query's clock.
  const std::string expiring = sign(R"({"exp":3000.2,"nbf":1000})");
  auto at = [&](const char* ns) { return constraints({{str("time"), json(ns)}}); };
  CHECK(eval("io.jwt.decode_verify", {str(expiring), at("2000000000000.1")}).starts_with("[true"));
  CHECK(eval("io.jwt.decode_verify", {str(expiring), at("3000200000000")}) == unverified);
  CHECK(eval("io.jwt.decode_verify", {str(expiring), at("500000000000")}) == unverified);
  CHECK(eval("io.jwt.decode_verify", {str(expiring), at("1000000000000")}).starts_with("[true"));
  CHECK(eval("io.jwt.decode_verify", {str(expiring), constraints({})}, 2000000000000)
            .starts_with("[true"));
  CHECK(eval("io.jwt.decode_verify", {str(expiring), constraints({})}, 4000000000000) ==
        unverified);
  // OPA's float cases: nbf 1.5893857701234e+09 equals 1589385770123400000 ns.
  const std::string nbf = sign(R"({"iss":"xxx","nbf":1.5893857701234e+09})");
  CHECK(eval("io.jwt.decode_verify", {str(nbf), at("1589385770123400000")}).starts_with("[true"));
  CHECK(eval("io.jwt.decode_verify", {str(nbf), at("1589385770023400000")}) == unverified);
  const std::string exp = sign(R"({"iss":"xxx","exp":1.5893857711234e+09})");
  CHECK(eval("io.jwt.decode_verify", {str(exp), at("1589385771023400000")}).starts_with("[true"));
  CHECK(eval("io.jwt.decode_verify", {str(exp), at("1589385771123400000")}) == unverified);
  // Errors.
  CHECK(eval("io.jwt.decode_verify", {str(sign(R"({"exp":null})")), constraints({})}) ==
        "eval_builtin_error: exp value must be a number");
  CHECK(eval("io.jwt.decode_verify", {str(sign(R"({"nbf":"soon"})")), constraints({})}) ==
        "eval_builtin_error: nbf value must be a number");
  CHECK(eval("io.jwt.decode_verify", {str(plain), json("{}")}) ==
        "eval_builtin_error: no key constraint");
  CHECK(eval("io.jwt.decode_verify",
             {str(plain), constraints({{str("cert"), str(public_pem(generate("EC", "P-256").get()))}})}) ==
        "eval_builtin_error: duplicate key constraints");
  CHECK(eval("io.jwt.decode_verify", {str(plain), constraints({{str("sub"), str("alice")}})}) ==
        "eval_builtin_error: unknown token validation constraint: sub");
  CHECK(eval("io.jwt.decode_verify", {str(plain), constraints({{str("iss"), Value::integer(1)}})}) ==
        "eval_builtin_error: iss constraint: must be a string");
  CHECK(eval("io.jwt.decode_verify", {str(plain), at("-1")}) ==
        "eval_builtin_error: token time constraint: must not be negative");
  CHECK(eval("io.jwt.decode_verify", {str(plain), at("\"now\"")}) ==
        "eval_builtin_error: token time constraint: must be a number");
  CHECK(eval("io.jwt.decode_verify", {str(plain), json("[]")}) ==
        "eval_type_error: operand 2 must be object but got array");
}

TEST_CASE("io.jwt.decode_verify refuses alg none and algorithm confusion", "[builtins][jwt]") {
  const Value secret = Value::object({{str("secret"), str(a1_secret())}});
  const std::string none = builtins::jose::base64url_raw(R"({"alg":"none"})") + "." +
                           builtins::jose::base64url_raw(R"({"iss":"x"})") + ".";
  CHECK(eval("io.jwt.decode_verify", {str(none), secret}) == "[false,{},{}]");
  // No alg at all, or a critical parameter nobody understands: not valid.
  const std::string no_alg = builtins::jose::base64url_raw(R"({"typ":"JWT"})") + ".e30.";
  CHECK(eval("io.jwt.decode_verify", {str(no_alg), secret}) == "[false,{},{}]");
  // An HS256 token whose HMAC key is the RSA public key's PEM must not verify against the PEM.
  Pkey rsa = generate("RSA");
  const std::string pem = public_pem(rsa.get());
  const std::string forged = unquote(eval(
      "io.jwt.encode_sign", {json(R"({"alg":"HS256"})"), json(R"({"admin":true})"),
                             Value::object({{str("kty"), str("oct")},
                                            {str("k"), str(builtins::jose::base64url_raw(pem))}})}));
  CHECK(eval("io.jwt.decode_verify", {str(forged), Value::object({{str("cert"), str(pem)}})}) ==
        "[false,{},{}]");
  CHECK(eval("io.jwt.verify_rs256", {str(forged), str(pem)}) == "false");
  // Hostile inputs never crash: long, empty and odd sections.
  for (const std::string& junk :
       {std::string(".."), std::string("...."), std::string(100000, '.'), std::string("a.b.c"),
        std::string("\xff\xfe.\x80.\x01"), std::string(200000, 'A') + ".e30.x"}) {
    const std::string result = eval("io.jwt.decode_verify", {str(junk), secret});
    CHECK((result.starts_with("eval_builtin_error") || result == "[false,{},{}]"));
  }
}

TEST_CASE("io.jwt.decode_verify picks the JWKS key by kid, else by alg", "[builtins][jwt]") {
  Pkey rsa = generate("RSA");
  Pkey ec = generate("EC", "P-256");
  auto public_of = [](Value jwk, const char* kid, const char* alg) {
    std::vector<ObjectEntry> members;
    for (const auto& [k, v] : jwk.object_entries()) {
      if (k.as_string() != "d") members.emplace_back(k, v);
    }
    members.emplace_back(str("kid"), str(kid));
    members.emplace_back(str("alg"), str(alg));
    return value_to_json(Value::object(members));
  };
  const std::string jwks = "{\"keys\":[" + public_of(private_jwk(ec.get()), "k1", "ES256") + "," +
                           public_of(private_jwk(rsa.get()), "k2", "RS256") + "]}";
  const Value cert = Value::object({{str("cert"), str(jwks)}});
  const std::string rs = unquote(eval(
      "io.jwt.encode_sign", {json(R"({"alg":"RS256"})"), json(R"({"a":1})"), private_jwk(rsa.get())}));
  CHECK(eval("io.jwt.decode_verify", {str(rs), cert}) == R"([true,{"alg":"RS256"},{"a":1}])");
  // kid k1 names the EC key: only it is tried, and it does not verify an RS256 signature.
  const std::string wrong_kid = unquote(eval(
      "io.jwt.encode_sign",
      {json(R"({"alg":"RS256","kid":"k1"})"), json(R"({"a":1})"), private_jwk(rsa.get())}));
  CHECK(eval("io.jwt.decode_verify", {str(wrong_kid), cert}) == "[false,{},{}]");
  CHECK(eval("io.jwt.verify_rs256", {str(wrong_kid), str(jwks)}) == "false");
}

// ---- crypto.x509.* --------------------------------------------------------------------------

struct Chain {
  Pkey root_key = generate("EC", "P-256");
  Pkey leaf_key = generate("RSA");
  Cert root = make_cert(root_key.get(), "Assay Root CA", nullptr, root_key.get(), true, 1);
  Cert leaf = make_cert(leaf_key.get(), "leaf.example.com", root.get(), root_key.get(), false,
                        4096,
                        "DNS:leaf.example.com,DNS:www.example.com,IP:10.0.0.1,IP:2001:db8::1,"
                        "email:ops@example.com,URI:spiffe://example.com/opa",
                        "serverAuth,clientAuth");
};

TEST_CASE("crypto.x509.parse_certificates returns Go's x509.Certificate fields",
          "[builtins][x509]") {
  Chain chain;
  const Value parsed = value_of("crypto.x509.parse_certificates",
                                {str(cert_pem(chain.leaf.get()) + cert_pem(chain.root.get()))});
  REQUIRE(parsed.is_array());
  REQUIRE(parsed.size() == 2);
  const Value& leaf = parsed.array_items()[0];
  auto field = [](const Value& v, const char* name) {
    const Value* f = v.find(str(name));
    REQUIRE(f != nullptr);
    return value_to_json(*f);
  };
  CHECK(field(*leaf.find(str("Subject")), "CommonName") == "\"leaf.example.com\"");
  CHECK(field(*leaf.find(str("Subject")), "Organization") == "[\"Assay Test\"]");
  CHECK(field(*leaf.find(str("Subject")), "Country") == "[\"US\"]");
  CHECK(field(*leaf.find(str("Subject")), "Locality") == "null");
  CHECK(field(*leaf.find(str("Issuer")), "CommonName") == "\"Assay Root CA\"");
  CHECK(field(leaf, "NotBefore") == "\"2020-01-01T00:00:00Z\"");
  CHECK(field(leaf, "NotAfter") == "\"2040-01-01T00:00:00Z\"");
  CHECK(field(leaf, "SerialNumber") == "4096");
  CHECK(field(leaf, "Version") == "3");
  CHECK(field(leaf, "DNSNames") == R"(["leaf.example.com","www.example.com"])");
  CHECK(field(leaf, "IPAddresses") == R"(["10.0.0.1","2001:db8::1"])");
  CHECK(field(leaf, "EmailAddresses") == R"(["ops@example.com"])");
  CHECK(field(leaf, "URIStrings") == R"(["spiffe://example.com/opa"])");
  CHECK(value_to_json(*leaf.find(str("URIs"))->array_items()[0].find(str("Host"))) ==
        "\"example.com\"");
  CHECK(field(leaf, "IsCA") == "false");
  CHECK(field(leaf, "BasicConstraintsValid") == "true");
  CHECK(field(leaf, "MaxPathLen") == "-1");
  CHECK(field(leaf, "KeyUsage") == "1");          // x509.KeyUsageDigitalSignature
  CHECK(field(leaf, "ExtKeyUsage") == "[1,2]");   // ServerAuth, ClientAuth
  CHECK(field(leaf, "PublicKeyAlgorithm") == "1");   // RSA
  CHECK(field(leaf, "SignatureAlgorithm") == "10");  // ECDSAWithSHA256
  CHECK(field(*leaf.find(str("PublicKey")), "E") == "65537");
  const Value& root = parsed.array_items()[1];
  CHECK(field(root, "IsCA") == "true");
  CHECK(field(root, "KeyUsage") == "96");  // CertSign | CRLSign
  CHECK(field(root, "URIStrings") == "null");
  CHECK(field(root, "PublicKeyAlgorithm") == "3");  // ECDSA
  CHECK(field(root, "Raw") == "\"" + cert_der_base64(chain.root.get()) + "\"");
  // Base64 DER, and base64 of PEM, give the same.
  CHECK(eval("crypto.x509.parse_certificates", {str(cert_der_base64(chain.root.get()))}) ==
        "[" + value_to_json(root) + "]");
}

TEST_CASE("crypto.x509.parse_certificates errors", "[builtins][x509]") {
  CHECK(eval("crypto.x509.parse_certificates", {str("not base64!")}) ==
        "eval_builtin_error: illegal base64 data at input byte 3");
  CHECK(eval("crypto.x509.parse_certificates", {str("AAAA")}) ==
        "eval_builtin_error: x509: malformed certificate");
  Pkey key = generate("EC", "P-256");
  CHECK(eval("crypto.x509.parse_certificates", {str(private_pem(key.get(), true))}) ==
        "eval_builtin_error: PEM block type is 'PRIVATE KEY', expected CERTIFICATE");
  CHECK(eval("crypto.x509.parse_certificates", {Value::integer(1)}) ==
        "eval_type_error: operand 1 must be string but got number");
}

TEST_CASE("crypto.x509.parse_and_verify_certificates verifies root..leaf", "[builtins][x509]") {
  Chain chain;
  const std::string root = cert_pem(chain.root.get()), leaf = cert_pem(chain.leaf.get());
  const Value verified = value_of("crypto.x509.parse_and_verify_certificates", {str(root + leaf)});
  REQUIRE(verified.is_array());
  CHECK(verified.array_items()[0] == Value::boolean(true));
  const Value& certs = verified.array_items()[1];
  REQUIRE(certs.size() == 2);  // Go's chain: leaf first
  CHECK(value_to_json(*certs.array_items()[0].find(str("Subject"))->find(str("CommonName"))) ==
        "\"leaf.example.com\"");
  CHECK(eval("crypto.x509.parse_and_verify_certificates", {str(leaf + root)}) == "[false,[]]");
  CHECK(eval("crypto.x509.parse_and_verify_certificates", {str(root)}) == "[false,[]]");
  CHECK(eval("crypto.x509.parse_and_verify_certificates", {str("junk")}) == "[false,[]]");
  // A leaf signed by another root does not verify.
  Chain other;
  CHECK(eval("crypto.x509.parse_and_verify_certificates",
             {str(cert_pem(other.root.get()) + leaf)}) == "[false,[]]");
  // With options: the DNS name, a time outside validity, key usages.
  auto with = [&](std::string_view options) {
    return eval("crypto.x509.parse_and_verify_certificates_with_options",
                {str(root + leaf), json(options)});
  };
  CHECK(with(R"({"DNSName":"www.example.com"})").starts_with("[true,"));
  CHECK(with(R"({"DNSName":"evil.example.org"})") == "[false,[]]");
  CHECK(with(R"({"CurrentTime":2524608000000000000})") == "[false,[]]");  // 2050
  CHECK(with(R"({"KeyUsages":["KeyUsageClientAuth"]})").starts_with("[true,"));
  CHECK(with(R"({"KeyUsages":["KeyUsageCodeSigning"]})") == "[false,[]]");
  CHECK(with(R"({"KeyUsages":["Bogus"]})") ==
        "eval_builtin_error: invalid entries for 'KeyUsages' found: [Bogus]");
  CHECK(with(R"({"Other":1})") == "eval_builtin_error: invalid key option");
  CHECK(with(R"({"DNSName":1})") == "eval_builtin_error: 'DNSName' should be a string");
}

TEST_CASE("crypto private key parsers", "[builtins][x509]") {
  Pkey rsa = generate("RSA");
  Pkey ec = generate("EC", "P-256");
  const Value jwk = value_of("crypto.x509.parse_rsa_private_key", {str(private_pem(rsa.get(), false))});
  REQUIRE(jwk.is_object());
  CHECK(value_to_json(*jwk.find(str("kty"))) == "\"RSA\"");
  const Value expected = private_jwk(rsa.get());
  CHECK(*jwk.find(str("n")) == *expected.find(str("n")));
  CHECK(*jwk.find(str("d")) == *expected.find(str("d")));
  CHECK(eval("crypto.x509.parse_rsa_private_key", {str("")}) ==
        "eval_builtin_error: input PEM data was empty");
  // The JWK it returns signs tokens that the public key verifies.
  const std::string token = unquote(
      eval("io.jwt.encode_sign", {json(R"({"alg":"RS256"})"), json("{}"), jwk}));
  CHECK(eval("io.jwt.verify_rs256", {str(token), str(public_pem(rsa.get()))}) == "true");

  const Value keys = value_of("crypto.parse_private_keys",
                              {str(private_pem(rsa.get(), true) + private_pem(ec.get(), false))});
  REQUIRE(keys.size() == 2);
  CHECK(*keys.array_items()[0].find(str("E")) == Value::integer(65537));
  CHECK(keys.array_items()[1].find(str("D")) != nullptr);
  CHECK(eval("crypto.parse_private_keys", {str("")}) == "null");
  CHECK(eval("crypto.parse_private_keys", {str("no keys here")}) == "[]");

  Chain chain;
  const Value pair = value_of("crypto.x509.parse_keypair", {str(cert_pem(chain.leaf.get())),
                                                            str(private_pem(chain.leaf_key.get(), true))});
  REQUIRE(pair.is_object());
  CHECK(pair.find(str("Certificate"))->size() == 1);
  CHECK(value_to_json(*pair.find(str("Leaf"))->find(str("Subject"))->find(str("CommonName"))) ==
        "\"leaf.example.com\"");
  CHECK(eval("crypto.x509.parse_keypair", {str(cert_pem(chain.leaf.get())),
                                           str(private_pem(rsa.get(), true))}) ==
        "eval_builtin_error: tls: private key does not match public key");
}

TEST_CASE("crypto.x509.parse_certificate_request reads a CSR", "[builtins][x509]") {
  Pkey key = generate("EC", "P-256");
  X509_REQ* req = X509_REQ_new();
  X509_REQ_set_version(req, 0);
  X509_NAME* name = X509_REQ_get_subject_name(req);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("csr.example.com"), -1, -1, 0);
  X509_REQ_set_pubkey(req, key.get());
  STACK_OF(X509_EXTENSION)* exts = sk_X509_EXTENSION_new_null();
  sk_X509_EXTENSION_push(exts, X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name,
                                                   "DNS:csr.example.com"));
  X509_REQ_add_extensions(req, exts);
  sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
  REQUIRE(X509_REQ_sign(req, key.get(), EVP_sha256()) > 0);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509_REQ(bio, req);
  X509_REQ_free(req);
  const std::string pem = bio_text(bio);
  const Value csr = value_of("crypto.x509.parse_certificate_request", {str(pem)});
  REQUIRE(csr.is_object());
  CHECK(value_to_json(*csr.find(str("Subject"))->find(str("CommonName"))) == "\"csr.example.com\"");
  CHECK(value_to_json(*csr.find(str("DNSNames"))) == "[\"csr.example.com\"]");
  CHECK(value_to_json(*csr.find(str("PublicKeyAlgorithm"))) == "3");
  CHECK(eval("crypto.x509.parse_certificate_request", {str("-----BEGIN CERTIFICATE REQUEST-----")}) ==
        "eval_builtin_error: x509: malformed certificate request");
}

}  // namespace
}  // namespace assay::rego
