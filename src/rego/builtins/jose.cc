// JOSE support: see jose.h. Keys come from OpenSSL's decoders (certificates, SubjectPublicKeyInfo)
// or are assembled from JWK members with EVP_PKEY_fromdata; signatures use EVP_DigestSign /
// EVP_DigestVerify, except ECDSA, whose JOSE r||s form is converted to and from DER here.
#include "src/rego/builtins/jose.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cctype>
#include <array>
#include <cstdint>

#include "src/rego/value.h"

namespace assay::rego::builtins::jose {

namespace {

constexpr std::string_view kStdAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Decodes unpadded base64 `digits` (every byte already mapped to 0..63). nullopt when the length
// leaves a lone sextet or the trailing bits are not zero (Go's strict decoding).
std::optional<std::string> decode_sextets(const std::vector<uint8_t>& digits) {
  if (digits.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(digits.size() * 3 / 4);
  size_t i = 0;
  for (; i + 4 <= digits.size(); i += 4) {
    uint32_t n = (digits[i] << 18) | (digits[i + 1] << 12) | (digits[i + 2] << 6) | digits[i + 3];
    out += static_cast<char>(n >> 16);
    out += static_cast<char>((n >> 8) & 0xFF);
    out += static_cast<char>(n & 0xFF);
  }
  const size_t left = digits.size() - i;
  if (left == 2) {
    if (digits[i + 1] & 0x0F) return std::nullopt;
    out += static_cast<char>((digits[i] << 2) | (digits[i + 1] >> 4));
  } else if (left == 3) {
    if (digits[i + 2] & 0x03) return std::nullopt;
    uint32_t n = (digits[i] << 12) | (digits[i + 1] << 6) | digits[i + 2];
    out += static_cast<char>(n >> 10);
    out += static_cast<char>((n >> 2) & 0xFF);
  }
  return out;
}

int sextet(char c, bool url, bool std) {
  if (std::isalnum(static_cast<unsigned char>(c))) {
    return static_cast<int>(kStdAlphabet.find(c));
  }
  if (url && (c == '-' || c == '_')) return c == '-' ? 62 : 63;
  if (std && (c == '+' || c == '/')) return c == '+' ? 62 : 63;
  return -1;
}

Pkey pkey_from_params(const char* type, OSSL_PARAM_BLD* builder, int selection) {
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(builder);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  EVP_PKEY* key = nullptr;
  if (params != nullptr && ctx != nullptr && EVP_PKEY_fromdata_init(ctx) == 1) {
    if (EVP_PKEY_fromdata(ctx, &key, selection, params) != 1) key = nullptr;
  }
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  return adopt(key);
}

struct BnFree {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;

Bn bn_from_bytes(std::string_view bytes) {
  return Bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                      static_cast<int>(bytes.size()), nullptr));
}

// A JWK's string member, base64-decoded; nullopt when absent or not base64.
std::optional<std::string> member_bytes(const Value& jwk, std::string_view name) {
  const Value* v = jwk.find(Value::string(std::string(name)));
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return decode_base64_lenient(v->as_string());
}

std::string member_text(const Value& jwk, std::string_view name) {
  const Value* v = jwk.find(Value::string(std::string(name)));
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : "";
}

std::optional<Key> rsa_key(const Value& jwk, std::string* error) {
  std::optional<std::string> n = member_bytes(jwk, "n"), e = member_bytes(jwk, "e");
  if (!n || !e || n->empty() || e->empty()) {
    *error = "failed to parse RSA key: required fields n and e are missing or invalid";
    return std::nullopt;
  }
  if (n->size() > 2048) {  // 16384 bits, OpenSSL's own ceiling for RSA
    *error = "failed to parse RSA key: modulus too large";
    return std::nullopt;
  }
  std::optional<std::string> d = member_bytes(jwk, "d");
  OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
  std::vector<Bn> numbers;
  auto push = [&](const char* name, std::string_view bytes) {
    numbers.push_back(bn_from_bytes(bytes));
    OSSL_PARAM_BLD_push_BN(builder, name, numbers.back().get());
  };
  push(OSSL_PKEY_PARAM_RSA_N, *n);
  push(OSSL_PKEY_PARAM_RSA_E, *e);
  int selection = EVP_PKEY_PUBLIC_KEY;
  if (d && !d->empty()) {
    selection = EVP_PKEY_KEYPAIR;
    push(OSSL_PKEY_PARAM_RSA_D, *d);
    static constexpr std::array<std::pair<const char*, const char*>, 5> kCrt = {{
        {"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
        {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},
        {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
        {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2},
        {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1},
    }};
    std::vector<std::string> crt;
    for (const auto& [member, param] : kCrt) {
      std::optional<std::string> v = member_bytes(jwk, member);
      if (!v || v->empty()) break;
      crt.push_back(*v);
    }
    if (crt.size() == kCrt.size()) {
      for (size_t i = 0; i < crt.size(); ++i) push(kCrt[i].second, crt[i]);
    }
  }
  Pkey key = pkey_from_params("RSA", builder, selection);
  OSSL_PARAM_BLD_free(builder);
  if (!key) {
    *error = "failed to parse RSA key: invalid key parameters";
    return std::nullopt;
  }
  return Key{key, std::nullopt, "", ""};
}

struct Curve {
  std::string_view jwk_name;
  const char* group;
  size_t bytes;
};
constexpr std::array<Curve, 3> kCurves = {{
    {"P-256", "P-256", 32},
    {"P-384", "P-384", 48},
    {"P-521", "P-521", 66},
}};

// Left-pads a big-endian coordinate to the curve's size; nullopt when it is longer.
std::optional<std::string> pad_to(std::string bytes, size_t size) {
  if (bytes.size() > size) return std::nullopt;
  return std::string(size - bytes.size(), '\0') + bytes;
}

bool public_key_is_valid(EVP_PKEY* key) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr);
  const bool ok = ctx != nullptr && EVP_PKEY_public_check(ctx) == 1;
  EVP_PKEY_CTX_free(ctx);
  return ok;
}

std::optional<Key> ec_key(const Value& jwk, std::string* error) {
  const std::string crv = member_text(jwk, "crv");
  const auto curve = std::find_if(kCurves.begin(), kCurves.end(),
                                  [&](const Curve& c) { return c.jwk_name == crv; });
  if (curve == kCurves.end()) {
    *error = "failed to parse EC key: unsupported curve \"" + crv + "\"";
    return std::nullopt;
  }
  std::optional<std::string> x = member_bytes(jwk, "x"), y = member_bytes(jwk, "y");
  if (x) x = pad_to(*x, curve->bytes);
  if (y) y = pad_to(*y, curve->bytes);
  if (!x || !y) {
    *error = "failed to parse EC key: required fields x and y are missing or invalid";
    return std::nullopt;
  }
  const std::string point = std::string(1, '\x04') + *x + *y;
  std::optional<std::string> d = member_bytes(jwk, "d");
  OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(builder, OSSL_PKEY_PARAM_GROUP_NAME, curve->group, 0);
  OSSL_PARAM_BLD_push_octet_string(builder, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  Bn private_scalar;
  int selection = EVP_PKEY_PUBLIC_KEY;
  if (d && !d->empty()) {
    private_scalar = bn_from_bytes(*d);
    OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_PRIV_KEY, private_scalar.get());
    selection = EVP_PKEY_KEYPAIR;
  }
  Pkey key = pkey_from_params("EC", builder, selection);
  OSSL_PARAM_BLD_free(builder);
  if (!key || !public_key_is_valid(key.get())) {
    *error = "failed to parse EC key: point is not on the curve";
    return std::nullopt;
  }
  return Key{key, std::nullopt, "", ""};
}

std::optional<Key> okp_key(const Value& jwk, std::string* error) {
  if (member_text(jwk, "crv") != "Ed25519") {
    *error = "failed to parse OKP key: unsupported curve \"" + member_text(jwk, "crv") + "\"";
    return std::nullopt;
  }
  std::optional<std::string> x = member_bytes(jwk, "x"), d = member_bytes(jwk, "d");
  EVP_PKEY* key = nullptr;
  if (d && d->size() == 32) {
    key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                       reinterpret_cast<const unsigned char*>(d->data()), 32);
  } else if (x && x->size() == 32) {
    key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                      reinterpret_cast<const unsigned char*>(x->data()), 32);
  }
  if (key == nullptr) {
    *error = "failed to parse OKP key: invalid key size";
    return std::nullopt;
  }
  return Key{adopt(key), std::nullopt, "", ""};
}

std::optional<Key> one_jwk(const Value& jwk, std::string* error) {
  if (!jwk.is_object()) {
    *error = "failed to parse JWK: a key must be a JSON object";
    return std::nullopt;
  }
  const std::string kty = member_text(jwk, "kty");
  std::optional<Key> key;
  if (kty == "RSA") {
    key = rsa_key(jwk, error);
  } else if (kty == "EC") {
    key = ec_key(jwk, error);
  } else if (kty == "OKP") {
    key = okp_key(jwk, error);
  } else if (kty == "oct") {
    std::optional<std::string> k = member_bytes(jwk, "k");
    if (!k) {
      *error = "failed to parse symmetric key: required field k is missing or invalid";
      return std::nullopt;
    }
    key = Key{nullptr, std::move(*k), "", ""};
  } else {
    *error = kty.empty() ? "failed to parse JWK: required field kty is missing"
                         : "failed to parse JWK: unsupported kty \"" + kty + "\"";
    return std::nullopt;
  }
  if (key) {
    key->alg = member_text(jwk, "alg");
    key->kid = member_text(jwk, "kid");
  }
  return key;
}

const EVP_MD* digest_of(std::string_view alg) {
  if (alg.size() != 5) return nullptr;
  const std::string_view bits = alg.substr(2);
  if (bits == "256") return EVP_sha256();
  if (bits == "384") return EVP_sha384();
  if (bits == "512") return EVP_sha512();
  return nullptr;
}

bool is_rsa(EVP_PKEY* key) { return EVP_PKEY_is_a(key, "RSA") || EVP_PKEY_is_a(key, "RSA-PSS"); }

std::optional<std::string> hmac_of(const EVP_MD* md, std::string_view secret,
                                   std::string_view input) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  static const unsigned char kEmpty = 0;
  const auto* key = secret.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(secret.data());
  if (secret.size() > kMaxJoseInput ||
      HMAC(md, key, static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(input.data()), input.size(), out,
           &length) == nullptr) {
    return std::nullopt;
  }
  return std::string(reinterpret_cast<const char*>(out), length);
}

// RSA (PKCS #1 v1.5 or PSS) and EdDSA through EVP_DigestVerify; `md` null for EdDSA.
bool digest_verify(EVP_PKEY* key, const EVP_MD* md, bool pss, std::string_view input,
                   std::string_view signature) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  bool ok = ctx != nullptr && EVP_DigestVerifyInit(ctx, &pctx, md, nullptr, key) == 1;
  if (ok && md != nullptr) {
    ok = EVP_PKEY_CTX_set_rsa_padding(pctx, pss ? RSA_PKCS1_PSS_PADDING : RSA_PKCS1_PADDING) == 1;
    // Go's rsa.VerifyPSS with nil options detects the salt length.
    if (ok && pss) ok = EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_AUTO) == 1;
  }
  ok = ok && EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                              signature.size(),
                              reinterpret_cast<const unsigned char*>(input.data()),
                              input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

std::optional<std::string> digest(const EVP_MD* md, std::string_view input) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(input.data(), input.size(), out, &length, md, nullptr) != 1) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(out), length);
}

// ECDSA over the digest, as Go's ecdsa.Verify: r and s are the two halves of the signature.
bool ecdsa_verify(EVP_PKEY* key, const EVP_MD* md, std::string_view input,
                  std::string_view signature) {
  if (signature.empty() || signature.size() > 264) return false;
  const size_t half = signature.size() / 2;
  Bn r = bn_from_bytes(signature.substr(0, half)), s = bn_from_bytes(signature.substr(half));
  std::optional<std::string> hash = digest(md, input);
  ECDSA_SIG* sig = ECDSA_SIG_new();
  if (!r || !s || !hash || sig == nullptr || ECDSA_SIG_set0(sig, r.get(), s.get()) != 1) {
    ECDSA_SIG_free(sig);
    return false;
  }
  r.release();
  s.release();
  unsigned char* der = nullptr;
  const int der_length = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr);
  const bool ok = der_length > 0 && ctx != nullptr && EVP_PKEY_verify_init(ctx) == 1 &&
                  EVP_PKEY_verify(ctx, der, static_cast<size_t>(der_length),
                                  reinterpret_cast<const unsigned char*>(hash->data()),
                                  hash->size()) == 1;
  EVP_PKEY_CTX_free(ctx);
  OPENSSL_free(der);
  return ok;
}

std::optional<std::string> digest_sign(EVP_PKEY* key, const EVP_MD* md, bool pss,
                                       std::string_view input) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  bool ok = ctx != nullptr && EVP_DigestSignInit(ctx, &pctx, md, nullptr, key) == 1;
  if (ok && md != nullptr && is_rsa(key)) {
    ok = EVP_PKEY_CTX_set_rsa_padding(pctx, pss ? RSA_PKCS1_PSS_PADDING : RSA_PKCS1_PADDING) == 1;
    if (ok && pss) ok = EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1;
  }
  size_t length = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  ok = ok && EVP_DigestSign(ctx, nullptr, &length, data, input.size()) == 1;
  std::string out(length, '\0');
  ok = ok && EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(out.data()), &length, data,
                            input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) return std::nullopt;
  out.resize(length);
  return out;
}

// DER ECDSA-Sig-Value to JOSE's r||s, each left-padded to the curve's size.
std::optional<std::string> der_to_jose(std::string_view der, size_t size) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
  if (sig == nullptr) return std::nullopt;
  std::string out(2 * size, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  const bool ok = BN_bn2binpad(ECDSA_SIG_get0_r(sig), bytes, static_cast<int>(size)) >= 0 &&
                  BN_bn2binpad(ECDSA_SIG_get0_s(sig), bytes + size, static_cast<int>(size)) >= 0;
  ECDSA_SIG_free(sig);
  if (!ok) return std::nullopt;
  return out;
}

std::string_view trim_right(std::string_view s, std::string_view chars) {
  while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  return s;
}

// Go's pem getLine: the line up to '\n' without trailing " \t\r", and the text after it.
std::string_view get_line(std::string_view data, std::string_view* rest) {
  const size_t eol = data.find('\n');
  std::string_view line = eol == std::string_view::npos ? data : data.substr(0, eol);
  *rest = eol == std::string_view::npos ? std::string_view() : data.substr(eol + 1);
  return trim_right(line, " \t\r");
}

// One attempt at the block starting at `data` ("-----BEGIN " found there); nullopt when it is
// malformed.
std::optional<PemBlock> pem_block_at(std::string_view data, std::string_view* rest) {
  constexpr std::string_view kBegin = "-----BEGIN ", kEnd = "\n-----END ", kDashes = "-----";
  std::string_view after;
  std::string_view type_line = get_line(data.substr(kBegin.size()), &after);
  if (!type_line.ends_with(kDashes)) return std::nullopt;
  PemBlock block;
  block.type = std::string(type_line.substr(0, type_line.size() - kDashes.size()));
  bool headers = false;
  while (!after.empty()) {  // "Key: value" lines before the body
    std::string_view next;
    std::string_view line = get_line(after, &next);
    if (line.find(':') == std::string_view::npos) break;
    headers = true;
    after = next;
  }
  size_t end_index, trailer_index;
  if (!headers && after.starts_with(kEnd.substr(1))) {
    end_index = 0;
    trailer_index = kEnd.size() - 1;
  } else {
    end_index = after.find(kEnd);
    if (end_index == std::string_view::npos) return std::nullopt;
    trailer_index = end_index + kEnd.size();
  }
  std::string_view trailer = after.substr(trailer_index);
  const size_t trailer_length = block.type.size() + kDashes.size();
  if (trailer.size() < trailer_length) return std::nullopt;
  std::string_view end_of_line = trailer.substr(trailer_length);
  trailer = trailer.substr(0, trailer_length);
  if (!trailer.starts_with(block.type) || !trailer.ends_with(kDashes)) return std::nullopt;
  std::string_view ignored;
  if (!get_line(end_of_line, &ignored).empty()) return std::nullopt;
  std::string body;
  for (char c : after.substr(0, end_index)) {
    if (c != ' ' && c != '\t') body += c;
  }
  std::optional<std::string> bytes = decode_base64_std(body);
  if (!bytes) return std::nullopt;
  block.bytes = std::move(*bytes);
  get_line(after.substr(end_index + kEnd.size() - 1), rest);
  return block;
}

}  // namespace

Pkey adopt(EVP_PKEY* key) { return Pkey(key, [](EVP_PKEY* k) { EVP_PKEY_free(k); }); }

std::string base64url_raw(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  auto byte = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(in[k])); };
  for (; i + 2 < in.size(); i += 3) {
    const uint32_t n = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    for (int shift = 18; shift >= 0; shift -= 6) out += kUrlAlphabet[(n >> shift) & 63];
  }
  const size_t rest = in.size() - i;
  if (rest > 0) {
    uint32_t n = byte(i) << 16;
    if (rest == 2) n |= byte(i + 1) << 8;
    out += kUrlAlphabet[(n >> 18) & 63];
    out += kUrlAlphabet[(n >> 12) & 63];
    if (rest == 2) out += kUrlAlphabet[(n >> 6) & 63];
  }
  return out;
}

std::optional<std::string> decode_base64_lenient(std::string_view text) {
  while (text.ends_with("=")) text.remove_suffix(1);
  std::vector<uint8_t> digits;
  digits.reserve(text.size());
  for (char c : text) {
    const int v = sextet(c, true, true);
    if (v < 0) return std::nullopt;
    digits.push_back(static_cast<uint8_t>(v));
  }
  return decode_sextets(digits);
}

std::optional<std::string> decode_base64_std(std::string_view text) {
  std::vector<uint8_t> digits;
  digits.reserve(text.size());
  size_t padding = 0;
  for (char c : text) {
    if (c == '\r' || c == '\n') continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    const int v = sextet(c, false, true);
    if (v < 0 || padding > 0) return std::nullopt;  // nothing may follow the padding
    digits.push_back(static_cast<uint8_t>(v));
  }
  if ((digits.size() + padding) % 4 != 0 || padding > 2) return std::nullopt;
  if (padding > 0 && digits.size() % 4 == 0) return std::nullopt;
  return decode_sextets(digits);
}

std::optional<PemBlock> pem_decode(std::string_view data, std::string_view* rest) {
  constexpr std::string_view kBegin = "-----BEGIN ";
  size_t at = 0;
  while (true) {
    size_t begin;
    if (data.substr(at).starts_with(kBegin)) {
      begin = at;
    } else {
      const size_t found = data.find("\n-----BEGIN ", at);
      if (found == std::string_view::npos) {
        *rest = data;
        return std::nullopt;
      }
      begin = found + 1;
    }
    if (std::optional<PemBlock> block = pem_block_at(data.substr(begin), rest)) return block;
    at = begin + kBegin.size();  // as Go's decodeError: look for a later block
  }
}

Pkey public_key_of_certificate(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  if (cert == nullptr) return nullptr;
  Pkey key = adopt(X509_get_pubkey(cert));
  X509_free(cert);
  return key;
}

std::optional<std::vector<Key>> parse_jwk_set(std::string_view json, std::string* error) {
  std::string json_error;
  std::optional<Value> parsed = value_from_json(json, &json_error, 64);
  if (!parsed) {
    *error = "failed to unmarshal JSON into key set: " + json_error;
    return std::nullopt;
  }
  std::vector<Key> keys;
  const Value* set = parsed->is_object() ? parsed->find(Value::string("keys")) : nullptr;
  if (set == nullptr) {
    std::optional<Key> key = one_jwk(*parsed, error);
    if (!key) return std::nullopt;
    keys.push_back(std::move(*key));
    return keys;
  }
  if (!set->is_array()) {
    *error = "failed to parse JWK set: keys must be an array";
    return std::nullopt;
  }
  for (const Value& item : set->array_items()) {
    std::optional<Key> key = one_jwk(item, error);
    if (!key) return std::nullopt;
    keys.push_back(std::move(*key));
  }
  return keys;
}

std::optional<std::vector<Key>> keys_from_cert_or_jwk(std::string_view text, std::string* error) {
  if (text.size() > kMaxJoseInput) {
    *error = "key too large";
    return std::nullopt;
  }
  std::string_view rest;
  if (std::optional<PemBlock> block = pem_decode(text, &rest)) {
    if (!rest.empty()) {
      *error = "extra data after a PEM certificate block";
      return std::nullopt;
    }
    if (block->type == "CERTIFICATE") {
      Pkey key = public_key_of_certificate(block->bytes);
      if (!key) {
        *error = "failed to parse a PEM certificate: x509: malformed certificate";
        return std::nullopt;
      }
      return std::vector<Key>{Key{key, std::nullopt, "", ""}};
    }
    if (block->type == "PUBLIC KEY") {
      const auto* p = reinterpret_cast<const unsigned char*>(block->bytes.data());
      Pkey key = adopt(d2i_PUBKEY(nullptr, &p, static_cast<long>(block->bytes.size())));
      if (!key) {
        *error = "failed to parse a PEM public key: x509: malformed public key";
        return std::nullopt;
      }
      return std::vector<Key>{Key{key, std::nullopt, "", ""}};
    }
    *error = "failed to extract a Key from the PEM certificate";
    return std::nullopt;
  }
  std::string jwk_error;
  std::optional<std::vector<Key>> parsed = parse_jwk_set(text, &jwk_error);
  if (!parsed) {
    *error = "failed to parse a JWK key (set): " + jwk_error;
    return std::nullopt;
  }
  std::vector<Key> keys;
  for (Key& key : *parsed) {
    if (!key.alg.empty() && !is_known_algorithm(key.alg)) continue;  // as OPA: skipped
    keys.push_back(std::move(key));
  }
  return keys;
}

bool is_known_algorithm(std::string_view alg) {
  if (alg == "EdDSA") return true;
  if (alg.size() != 5 || digest_of(alg) == nullptr) return false;
  const std::string_view family = alg.substr(0, 2);
  return family == "HS" || family == "RS" || family == "PS" || family == "ES";
}

bool verify(std::string_view alg, const Key& key, std::string_view input,
            std::string_view signature) {
  if (!is_known_algorithm(alg) || input.size() > 4 * kMaxJoseInput) return false;
  const EVP_MD* md = digest_of(alg);
  const std::string_view family = alg.substr(0, 2);
  if (family == "HS") {
    if (!key.secret) return false;
    std::optional<std::string> mac = hmac_of(md, *key.secret, input);
    return mac && mac->size() == signature.size() &&
           CRYPTO_memcmp(mac->data(), signature.data(), mac->size()) == 0;
  }
  EVP_PKEY* pkey = key.pkey.get();
  if (pkey == nullptr) return false;
  if (family == "RS" || family == "PS") {
    return is_rsa(pkey) && digest_verify(pkey, md, family == "PS", input, signature);
  }
  if (family == "ES") return EVP_PKEY_is_a(pkey, "EC") && ecdsa_verify(pkey, md, input, signature);
  return EVP_PKEY_is_a(pkey, "ED25519") && digest_verify(pkey, nullptr, false, input, signature);
}

std::optional<std::string> sign(std::string_view alg, const Key& key, std::string_view input,
                                std::string* error) {
  if (!is_known_algorithm(alg)) {
    *error = "unsupported signature algorithm " + std::string(alg);
    return std::nullopt;
  }
  const EVP_MD* md = digest_of(alg);
  const std::string_view family = alg.substr(0, 2);
  const std::string invalid = "invalid key type for algorithm " + std::string(alg);
  if (family == "HS") {
    if (!key.secret) {
      *error = invalid;
      return std::nullopt;
    }
    std::optional<std::string> mac = hmac_of(md, *key.secret, input);
    if (!mac) *error = "failed to sign payload";
    return mac;
  }
  EVP_PKEY* pkey = key.pkey.get();
  const bool fits = pkey != nullptr && ((family == "RS" || family == "PS")  ? is_rsa(pkey)
                                        : family == "ES" ? EVP_PKEY_is_a(pkey, "EC")
                                                          : EVP_PKEY_is_a(pkey, "ED25519"));
  if (!fits) {
    *error = invalid;
    return std::nullopt;
  }
  std::optional<std::string> signature =
      digest_sign(pkey, family == "Ed" ? nullptr : md, family == "PS", input);
  if (signature && family == "ES") {
    signature = der_to_jose(*signature, (static_cast<size_t>(EVP_PKEY_get_bits(pkey)) + 7) / 8);
  }
  if (!signature) *error = "failed to sign payload: the key holds no private part";
  return signature;
}

}  // namespace assay::rego::builtins::jose
