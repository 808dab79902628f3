// crypto.*: X.509 certificates, CSRs and keys, digests, and HMACs. Digests and HMACs are
// OpenSSL's, printed as lower-case hex as OPA prints them. The X.509 and key parsers (whose
// results are Go's x509.Certificate as JSON) are in x509.cc (x509_impl.h).
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>

#include "src/rego/builtins/table.h"
#include "src/rego/builtins/x509_impl.h"

namespace assay::rego::builtins {

namespace {

std::string hex(const unsigned char* bytes, unsigned int n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(static_cast<size_t>(n) * 2);
  for (unsigned int i = 0; i < n; ++i) {
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0xf];
  }
  return out;
}

BuiltinResult digest(std::span<const Value> args, const EVP_MD* md) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  const std::string_view text = args[0].as_string();
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), out, &length, md, nullptr) != 1) {
    return BuiltinResult::error("eval_builtin_error", "digest failed");
  }
  return BuiltinResult::value(Value::string(hex(out, length)));
}

BuiltinResult hmac(std::span<const Value> args, const EVP_MD* md) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  if (!args[1].is_string()) return operand_type_error(2, args[1], "string");
  const std::string_view message = args[0].as_string();
  std::string_view key = args[1].as_string();
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // HMAC replaces a key longer than the block by its digest (RFC 2104); doing it here keeps
  // any key length within OpenSSL's int.
  unsigned char hashed_key[EVP_MAX_MD_SIZE];
  if (key.size() > static_cast<size_t>(EVP_MD_get_block_size(md))) {
    unsigned int hashed_length = 0;
    if (EVP_Digest(key.data(), key.size(), hashed_key, &hashed_length, md, nullptr) != 1) {
      return BuiltinResult::error("eval_builtin_error", "HMAC failed");
    }
    key = std::string_view(reinterpret_cast<const char*>(hashed_key), hashed_length);
  }
  // A non-null key pointer even for "" (OpenSSL treats a null key as "reuse the last one").
  static const unsigned char kEmpty = 0;
  const auto* key_bytes = key.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(key.data());
  if (HMAC(md, key_bytes, static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), out,
           &length) == nullptr) {
    return BuiltinResult::error("eval_builtin_error", "HMAC failed");
  }
  return BuiltinResult::value(Value::string(hex(out, length)));
}

BuiltinResult md5(BuiltinContext&, std::span<const Value> args) { return digest(args, EVP_md5()); }
BuiltinResult sha1(BuiltinContext&, std::span<const Value> args) {
  return digest(args, EVP_sha1());
}
BuiltinResult sha256(BuiltinContext&, std::span<const Value> args) {
  return digest(args, EVP_sha256());
}
BuiltinResult hmac_md5(BuiltinContext&, std::span<const Value> args) {
  return hmac(args, EVP_md5());
}
BuiltinResult hmac_sha1(BuiltinContext&, std::span<const Value> args) {
  return hmac(args, EVP_sha1());
}
BuiltinResult hmac_sha256(BuiltinContext&, std::span<const Value> args) {
  return hmac(args, EVP_sha256());
}
BuiltinResult hmac_sha512(BuiltinContext&, std::span<const Value> args) {
  return hmac(args, EVP_sha512());
}

// Go's hmac.Equal: equal lengths and bytes, compared in constant time.
BuiltinResult hmac_equal(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  if (!args[1].is_string()) return operand_type_error(2, args[1], "string");
  const std::string_view a = args[0].as_string(), b = args[1].as_string();
  const bool equal = a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
  return BuiltinResult::value(Value::boolean(equal));
}

const BuiltinImplementation kMd5{&md5};
const BuiltinImplementation kSha1{&sha1};
const BuiltinImplementation kSha256{&sha256};
const BuiltinImplementation kHmacMd5{&hmac_md5};
const BuiltinImplementation kHmacSha1{&hmac_sha1};
const BuiltinImplementation kHmacSha256{&hmac_sha256};
const BuiltinImplementation kHmacSha512{&hmac_sha512};
const BuiltinImplementation kHmacEqual{&hmac_equal};
const BuiltinImplementation kParseCertificates{&x509_parse_certificates};
const BuiltinImplementation kParseAndVerify{&x509_parse_and_verify_certificates};
const BuiltinImplementation kParseAndVerifyWithOptions{
    &x509_parse_and_verify_certificates_with_options};
const BuiltinImplementation kParseCertificateRequest{&x509_parse_certificate_request};
const BuiltinImplementation kParseRsaPrivateKey{&x509_parse_rsa_private_key};
const BuiltinImplementation kParseKeypair{&x509_parse_keypair};
const BuiltinImplementation kParsePrivateKeys{&crypto_parse_private_keys};

}  // namespace

Rows crypto_builtins() {
  types::TypePtr object = ObjectOf(S(), A());
  types::TypePtr verified = Tuple({B(), ArrayOf(object)});  // [valid, certs]
  return {
      fn("crypto.x509.parse_certificates", "crypto", {{"certs", S()}}, {"output", ArrayOf(object)})
          .impl(kParseCertificates),
      fn("crypto.x509.parse_and_verify_certificates", "crypto", {{"certs", S()}},
         {"output", verified})
          .impl(kParseAndVerify),
      fn("crypto.x509.parse_and_verify_certificates_with_options", "crypto",
         {{"certs", S()}, {"options", object}}, {"output", verified})
          .impl(kParseAndVerifyWithOptions),
      fn("crypto.x509.parse_certificate_request", "crypto", {{"csr", S()}}, {"output", object})
          .impl(kParseCertificateRequest),
      fn("crypto.x509.parse_rsa_private_key", "crypto", {{"pem", S()}}, {"output", object})
          .impl(kParseRsaPrivateKey),
      fn("crypto.x509.parse_keypair", "crypto", {{"cert", S()}, {"pem", S()}}, {"output", object})
          .impl(kParseKeypair),
      fn("crypto.parse_private_keys", "crypto", {{"keys", S()}}, {"output", ArrayOf(object)})
          .impl(kParsePrivateKeys),
      fn("crypto.md5", "crypto", {{"x", S()}}, {"y", S()}).impl(kMd5),
      fn("crypto.sha1", "crypto", {{"x", S()}}, {"y", S()}).impl(kSha1),
      fn("crypto.sha256", "crypto", {{"x", S()}}, {"y", S()}).impl(kSha256),
      fn("crypto.hmac.md5", "crypto", {{"x", S()}, {"key", S()}}, {"y", S()}).impl(kHmacMd5),
      fn("crypto.hmac.sha1", "crypto", {{"x", S()}, {"key", S()}}, {"y", S()}).impl(kHmacSha1),
      fn("crypto.hmac.sha256", "crypto", {{"x", S()}, {"key", S()}}, {"y", S()})
          .impl(kHmacSha256),
      fn("crypto.hmac.sha512", "crypto", {{"x", S()}, {"key", S()}}, {"y", S()})
          .impl(kHmacSha512),
      fn("crypto.hmac.equal", "crypto", {{"mac1", S()}, {"mac2", S()}}, {"result", B()})
          .impl(kHmacEqual),
  };
}

}  // namespace assay::rego::builtins
