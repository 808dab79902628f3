// crypto.x509.* and crypto.parse_private_keys, as OPA's crypto.go: inputs as PEM or base64
// (of DER or of PEM), Go's error texts where OPA passes them through, results as Go's structures
// in JSON (x509_json.h). Chain verification follows Go's x509.Certificate.Verify as OPA calls it:
// the first certificate is the root, the last the leaf, the others intermediates; the clock is
// the current time unless the options give one; extended key usages default to server auth.
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "src/rego/builtins/jose.h"
#include "src/rego/builtins/registry.h"
#include "src/rego/builtins/text_support.h"
#include "src/rego/builtins/x509_impl.h"
#include "src/rego/builtins/x509_json.h"

namespace assay::rego::builtins {

namespace {

constexpr size_t kMaxCertificateInput = size_t{16} << 20;
constexpr size_t kMaxCertificates = 1000;

struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
using Cert = std::unique_ptr<X509, X509Free>;
using Certs = std::vector<Cert>;

// Go's base64.StdEncoding.DecodeString, with its error text (through base64.decode).
std::optional<std::string> base64_std(BuiltinContext& ctx, std::string_view text,
                                      std::string* error) {
  const Value arg = Value::string(std::string(text));
  BuiltinResult r = find_builtin("base64.decode")->impl->call(ctx, std::span<const Value>(&arg, 1));
  if (const Value* v = std::get_if<Value>(&r.outcome)) return std::string(v->as_string());
  if (const BuiltinError* e = std::get_if<BuiltinError>(&r.outcome)) *error = e->message;
  return std::nullopt;
}

// x509.ParseCertificates: concatenated DER certificates.
std::optional<Certs> parse_der_certificates(std::string_view der, std::string* error) {
  Certs certs;
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  const auto* end = p + der.size();
  while (p < end) {
    X509* cert = d2i_X509(nullptr, &p, static_cast<long>(end - p));
    if (cert == nullptr || certs.size() >= kMaxCertificates) {
      X509_free(cert);
      *error = "x509: malformed certificate";
      return std::nullopt;
    }
    certs.emplace_back(cert);
  }
  return certs;
}

std::optional<Certs> certificates_from_pem(std::string_view pem, std::string* error) {
  std::string der;
  std::string_view rest = pem;
  while (!rest.empty()) {
    std::optional<jose::PemBlock> block = jose::pem_decode(rest, &rest);
    if (!block) break;
    if (block->type != "CERTIFICATE") {
      *error = "PEM block type is '" + block->type + "', expected CERTIFICATE";
      return std::nullopt;
    }
    der += block->bytes;
  }
  return parse_der_certificates(der, error);
}

// OPA's getX509CertsFromString.
std::optional<Certs> certificates_from_string(BuiltinContext& ctx, std::string_view text,
                                              std::string* error) {
  if (text.size() > kMaxCertificateInput) {
    *error = "certificate input too large";
    return std::nullopt;
  }
  if (text.starts_with("-----BEGIN")) return certificates_from_pem(text, error);
  std::optional<std::string> bytes = base64_std(ctx, text, error);
  if (!bytes) return std::nullopt;
  if (bytes->starts_with("-----BEGIN")) return certificates_from_pem(*bytes, error);
  return parse_der_certificates(*bytes, error);
}

Value certificates_json(const std::vector<X509*>& certs, bool with_uri_strings) {
  std::vector<Value> items;
  for (X509* cert : certs) items.push_back(certificate_json(cert, with_uri_strings));
  return Value::array(std::move(items));
}

struct VerifyOptions {
  std::string dns_name;
  std::optional<int64_t> current_time_ns;
  std::vector<int> key_usages;  // x509.ExtKeyUsage numbers; empty means server auth
};

// x509.ExtKeyUsage numbers of a certificate's EKU extension (-1 for ones Go does not know);
// nullopt when it has none.
std::optional<std::set<int>> ext_key_usages(X509* cert) {
  auto* eku = static_cast<EXTENDED_KEY_USAGE*>(
      X509_get_ext_d2i(cert, NID_ext_key_usage, nullptr, nullptr));
  if (eku == nullptr) return std::nullopt;
  std::set<int> usages;
  for (int i = 0; i < sk_ASN1_OBJECT_num(eku); ++i) {
    switch (OBJ_obj2nid(sk_ASN1_OBJECT_value(eku, i))) {
      case NID_anyExtendedKeyUsage: usages.insert(0); break;
      case NID_server_auth: usages.insert(1); break;
      case NID_client_auth: usages.insert(2); break;
      case NID_code_sign: usages.insert(3); break;
      case NID_email_protect: usages.insert(4); break;
      case NID_ipsecEndSystem: usages.insert(5); break;
      case NID_ipsecTunnel: usages.insert(6); break;
      case NID_ipsecUser: usages.insert(7); break;
      case NID_time_stamp: usages.insert(8); break;
      case NID_OCSP_sign: usages.insert(9); break;
      case NID_ms_sgc: usages.insert(10); break;
      case NID_ns_sgc: usages.insert(11); break;
      case NID_ms_code_com: usages.insert(12); break;
      default: usages.insert(-1); break;
    }
  }
  EXTENDED_KEY_USAGE_free(eku);
  return usages;
}

// Go's checkChainForKeyUsage, simplified: every certificate that restricts its usages must
// allow one of the wanted ones (or any).
bool chain_allows_usages(STACK_OF(X509) * chain, std::vector<int> wanted) {
  if (wanted.empty()) wanted.push_back(1);  // server auth, Go's default
  for (int w : wanted) {
    if (w == 0) return true;
  }
  for (int i = 0; i < sk_X509_num(chain); ++i) {
    std::optional<std::set<int>> usages = ext_key_usages(sk_X509_value(chain, i));
    if (!usages || usages->count(0) != 0) continue;
    bool any = false;
    for (int w : wanted) any = any || usages->count(w) != 0;
    if (!any) return false;
  }
  return true;
}

// The verified chain, leaf first (Go's chains[0]); nullopt when verification fails.
std::optional<std::vector<X509*>> verify_chain(const Certs& certs, const VerifyOptions& options) {
  if (certs.size() < 2) return std::nullopt;
  X509_STORE* store = X509_STORE_new();
  STACK_OF(X509)* intermediates = sk_X509_new_null();
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  std::optional<std::vector<X509*>> verified;
  X509* leaf = certs.back().get();
  bool ok = store != nullptr && intermediates != nullptr && ctx != nullptr &&
            X509_STORE_add_cert(store, certs.front().get()) == 1;
  for (size_t i = 1; ok && i + 1 < certs.size(); ++i) {
    ok = sk_X509_push(intermediates, certs[i].get()) > 0;
  }
  ok = ok && X509_STORE_CTX_init(ctx, store, leaf, intermediates) == 1;
  if (ok) {
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx);
    // Go trusts any certificate in the root pool, self-signed or not.
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
    if (options.current_time_ns) {
      X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(*options.current_time_ns / 1000000000));
    }
    if (!options.dns_name.empty()) {
      X509_VERIFY_PARAM_set1_host(param, options.dns_name.data(), options.dns_name.size());
    }
    ok = X509_verify_cert(ctx) == 1;
  }
  STACK_OF(X509)* chain = ok ? X509_STORE_CTX_get0_chain(ctx) : nullptr;
  if (chain != nullptr && chain_allows_usages(chain, options.key_usages)) {
    std::vector<X509*> out;
    for (int i = 0; i < sk_X509_num(chain); ++i) {
      X509* cert = sk_X509_value(chain, i);
      // Point at our own copies, which outlive the store.
      for (const Cert& mine : certs) {
        if (X509_cmp(mine.get(), cert) == 0) {
          out.push_back(mine.get());
          break;
        }
      }
    }
    verified = std::move(out);
  }
  X509_STORE_CTX_free(ctx);
  sk_X509_free(intermediates);
  X509_STORE_free(store);
  return verified;
}

BuiltinResult not_verified() {
  return BuiltinResult::value(Value::array({Value::boolean(false), Value::array({})}));
}

// OPA's allowedKeyUsages.
std::optional<int> key_usage_named(std::string_view name) {
  static constexpr std::pair<std::string_view, int> kNames[] = {
      {"KeyUsageAny", 0},
      {"KeyUsageServerAuth", 1},
      {"KeyUsageClientAuth", 2},
      {"KeyUsageCodeSigning", 3},
      {"KeyUsageEmailProtection", 4},
      {"KeyUsageIPSECEndSystem", 5},
      {"KeyUsageIPSECTunnel", 6},
      {"KeyUsageIPSECUser", 7},
      {"KeyUsageTimeStamping", 8},
      {"KeyUsageOCSPSigning", 9},
      {"KeyUsageMicrosoftServerGatedCrypto", 10},
      {"KeyUsageNetscapeServerGatedCrypto", 11},
      {"KeyUsageMicrosoftCommercialCodeSigning", 12},
      {"KeyUsageMicrosoftKernelCodeSigning", 13},
  };
  for (const auto& [n, usage] : kNames) {
    if (n == name) return usage;
  }
  return std::nullopt;
}

// OPA's extractVerifyOpts.
std::optional<VerifyOptions> verify_options(const Value& options, std::string* error) {
  VerifyOptions out;
  for (const auto& [key, value] : options.object_entries()) {
    if (!key.is_string()) continue;
    const std::string_view name = key.as_string();
    if (name == "DNSName") {
      if (!value.is_string()) {
        *error = "'DNSName' should be a string";
        return std::nullopt;
      }
      std::string_view dns = value.as_string();
      while (!dns.empty() && dns.front() == '"') dns.remove_prefix(1);
      while (!dns.empty() && dns.back() == '"') dns.remove_suffix(1);
      out.dns_name = std::string(dns);
    } else if (name == "CurrentTime") {
      if (!value.is_number()) {
        *error = "'CurrentTime' should be a number";
        return std::nullopt;
      }
      out.current_time_ns = value.as_number().to_int64();
      if (!out.current_time_ns) {
        *error = "'CurrentTime' should be a valid int64 number";
        return std::nullopt;
      }
    } else if (name == "MaxConstraintComparisons") {
      if (!value.is_number()) {
        *error = "'MaxConstraintComparisons' should be a number";
        return std::nullopt;
      }
      if (!value.as_number().to_int64()) {
        *error = "'MaxConstraintComparisons' should be a valid number";
        return std::nullopt;
      }
    } else if (name == "KeyUsages") {
      if (!value.is_array() && !value.is_set()) {
        *error = "'KeyUsages' should be an Array or Set";
        return std::nullopt;
      }
      std::vector<std::string> invalid;
      for (const Value& item : value.is_array() ? value.array_items() : value.set_items()) {
        if (!item.is_string()) continue;
        std::string_view usage = item.as_string();
        while (!usage.empty() && usage.front() == '"') usage.remove_prefix(1);
        while (!usage.empty() && usage.back() == '"') usage.remove_suffix(1);
        if (std::optional<int> known = key_usage_named(usage)) {
          out.key_usages.push_back(*known);
        } else {
          invalid.emplace_back(usage);
        }
      }
      if (!invalid.empty()) {
        std::string list;
        for (const std::string& u : invalid) list += (list.empty() ? "" : " ") + u;
        *error = "invalid entries for 'KeyUsages' found: [" + list + "]";
        return std::nullopt;
      }
    } else {
      *error = "invalid key option";
      return std::nullopt;
    }
  }
  return out;
}

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using PrivateKey = std::unique_ptr<EVP_PKEY, PkeyFree>;

// One DER private key in PKCS #1 (RSA), SEC 1 (EC) or PKCS #8 form.
PrivateKey parse_private_key(std::string_view type, std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  const long length = static_cast<long>(der.size());
  if (type == "RSA PRIVATE KEY") return PrivateKey(d2i_PrivateKey(EVP_PKEY_RSA, nullptr, &p, length));
  if (type == "EC PRIVATE KEY") return PrivateKey(d2i_PrivateKey(EVP_PKEY_EC, nullptr, &p, length));
  PKCS8_PRIV_KEY_INFO* info = d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, length);
  PrivateKey key(info != nullptr ? EVP_PKCS82PKEY(info) : nullptr);
  PKCS8_PRIV_KEY_INFO_free(info);
  return key;
}

// OPA's getPrivateKeysFromPEMData: base64 of PEM is accepted too; blocks of other types are
// skipped; a key block that does not parse is an error.
std::optional<std::vector<PrivateKey>> private_keys_from_pem(BuiltinContext& ctx,
                                                             std::string_view data,
                                                             std::string* error) {
  std::string decoded;
  if (std::optional<std::string> bytes = base64_std(ctx, data, error)) {
    decoded = std::move(*bytes);
    data = decoded;
  }
  std::vector<PrivateKey> keys;
  std::string_view rest = data;
  while (!rest.empty()) {
    std::optional<jose::PemBlock> block = jose::pem_decode(rest, &rest);
    if (!block) break;
    if (block->type != "RSA PRIVATE KEY" && block->type != "PRIVATE KEY" &&
        block->type != "EC PRIVATE KEY") {
      continue;
    }
    PrivateKey key = parse_private_key(block->type, block->bytes);
    if (!key) {
      *error = block->type == "RSA PRIVATE KEY"  ? "x509: failed to parse private key"
               : block->type == "EC PRIVATE KEY" ? "x509: failed to parse EC private key"
                                                 : "x509: failed to parse PKCS#8 private key";
      return std::nullopt;
    }
    if (keys.size() >= kMaxCertificates) break;
    keys.push_back(std::move(key));
  }
  return keys;
}

}  // namespace

BuiltinResult x509_parse_certificates(BuiltinContext& ctx, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  std::string error;
  std::optional<Certs> certs = certificates_from_string(ctx, args[0].as_string(), &error);
  if (!certs) return builtin_error(error);
  std::vector<X509*> raw;
  for (const Cert& c : *certs) raw.push_back(c.get());
  return BuiltinResult::value(certificates_json(raw, true));
}

BuiltinResult x509_parse_and_verify_certificates(BuiltinContext& ctx,
                                                 std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  std::string error;
  std::optional<Certs> certs = certificates_from_string(ctx, args[0].as_string(), &error);
  if (!certs) return not_verified();
  std::optional<std::vector<X509*>> chain = verify_chain(*certs, VerifyOptions{});
  if (!chain) return not_verified();
  return BuiltinResult::value(Value::array({Value::boolean(true), certificates_json(*chain, true)}));
}

BuiltinResult x509_parse_and_verify_certificates_with_options(BuiltinContext& ctx,
                                                              std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  if (!args[1].is_object()) return operand_type_error(2, args[1], "object");
  std::string error;
  std::optional<Certs> certs = certificates_from_string(ctx, args[0].as_string(), &error);
  if (!certs) return not_verified();
  std::optional<VerifyOptions> options = verify_options(args[1], &error);
  if (!options) return builtin_error(error);
  std::optional<std::vector<X509*>> chain = verify_chain(*certs, *options);
  if (!chain) return not_verified();
  return BuiltinResult::value(
      Value::array({Value::boolean(true), certificates_json(*chain, false)}));
}

BuiltinResult x509_parse_certificate_request(BuiltinContext& ctx, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  std::string_view input = args[0].as_string();
  if (input.size() > kMaxCertificateInput) return builtin_error("certificate input too large");
  std::string bytes(input), error;
  if (!input.starts_with("-----BEGIN CERTIFICATE REQUEST-----")) {
    std::optional<std::string> decoded = base64_std(ctx, input, &error);
    if (!decoded) return builtin_error(error);
    bytes = std::move(*decoded);
  }
  std::string_view rest;
  if (std::optional<jose::PemBlock> block = jose::pem_decode(bytes, &rest)) {
    if (block->type != "CERTIFICATE REQUEST") {
      return builtin_error("invalid PEM-encoded certificate signing request");
    }
    bytes = std::move(block->bytes);
  }
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  X509_REQ* request = d2i_X509_REQ(nullptr, &p, static_cast<long>(bytes.size()));
  if (request == nullptr) return builtin_error("x509: malformed certificate request");
  Value result = certificate_request_json(request);
  X509_REQ_free(request);
  return BuiltinResult::value(std::move(result));
}

BuiltinResult x509_parse_rsa_private_key(BuiltinContext& ctx, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  std::string text(args[0].as_string()), error;
  if (text.empty()) return builtin_error("input PEM data was empty");
  if (text.size() > kMaxCertificateInput) return builtin_error("key input too large");
  if (!text.starts_with("-----BEGIN")) {
    std::optional<std::string> decoded = base64_std(ctx, text, &error);
    if (!decoded) return builtin_error(error);
    text = std::move(*decoded);
  }
  std::optional<std::vector<PrivateKey>> keys = private_keys_from_pem(ctx, text, &error);
  if (!keys) return builtin_error(error);
  if (keys->empty()) return BuiltinResult::value(Value::null());
  std::optional<Value> jwk = private_key_jwk(keys->front().get());
  if (!jwk) return builtin_error("unsupported key type: only RSA keys convert to a JWK here");
  return BuiltinResult::value(std::move(*jwk));
}

BuiltinResult crypto_parse_private_keys(BuiltinContext& ctx, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  if (args[0].as_string().empty()) return BuiltinResult::value(Value::null());
  if (args[0].as_string().size() > kMaxCertificateInput) {
    return builtin_error("key input too large");
  }
  std::string error;
  std::optional<std::vector<PrivateKey>> keys =
      private_keys_from_pem(ctx, args[0].as_string(), &error);
  if (!keys) return builtin_error(error);
  std::vector<Value> items;
  for (const PrivateKey& key : *keys) {
    std::optional<Value> json = private_key_json(key.get());
    items.push_back(json ? *json : Value::null());
  }
  return BuiltinResult::value(Value::array(std::move(items)));
}

BuiltinResult x509_parse_keypair(BuiltinContext& ctx, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  // OPA checks the key as "operand 1" too.
  if (!args[1].is_string()) return operand_type_error(1, args[1], "string");
  std::string cert_text(args[0].as_string()), key_text(args[1].as_string()), error;
  if (cert_text.size() > kMaxCertificateInput || key_text.size() > kMaxCertificateInput) {
    return builtin_error("certificate input too large");
  }
  for (std::string* text : {&cert_text, &key_text}) {
    if (text->starts_with("-----BEGIN ")) continue;
    std::optional<std::string> decoded = base64_std(ctx, *text, &error);
    if (!decoded) return builtin_error(error);
    *text = std::move(*decoded);
  }
  // DER input stands for one certificate / one PKCS #8 key, as OPA wraps it in PEM.
  std::string cert_der, key_der;
  if (!cert_text.starts_with("-----BEGIN ")) {
    cert_der = cert_text;
  } else {
    std::string_view rest = cert_text;
    bool any_block = false;
    while (!rest.empty()) {
      std::optional<jose::PemBlock> block = jose::pem_decode(rest, &rest);
      if (!block) break;
      any_block = true;
      if (block->type == "CERTIFICATE") cert_der += block->bytes;
    }
    if (cert_der.empty()) {
      return builtin_error(any_block ? "tls: failed to find \"CERTIFICATE\" PEM block in "
                                       "certificate input after skipping PEM blocks of the "
                                       "following types: [PRIVATE KEY]"
                                     : "tls: failed to find any PEM data in certificate input");
    }
  }
  if (!key_text.starts_with("-----BEGIN")) {
    key_der = key_text;
  } else {
    std::string_view rest = key_text;
    std::optional<jose::PemBlock> block;
    while (!rest.empty() && (block = jose::pem_decode(rest, &rest))) {
      if (block->type == "PRIVATE KEY" || block->type.ends_with(" PRIVATE KEY")) break;
      block.reset();
    }
    if (!block) return builtin_error("tls: failed to find any PEM data in key input");
    key_der = block->bytes;
  }
  std::optional<Certs> certs = parse_der_certificates(cert_der, &error);
  if (!certs) return builtin_error(error);
  if (certs->empty()) return builtin_error("tls: failed to find any PEM data in certificate input");
  // Go tries PKCS #1, PKCS #8 and SEC 1 in turn, whatever the block says.
  PrivateKey key = parse_private_key("RSA PRIVATE KEY", key_der);
  if (!key) key = parse_private_key("PRIVATE KEY", key_der);
  if (!key) key = parse_private_key("EC PRIVATE KEY", key_der);
  if (!key) return builtin_error("tls: failed to parse private key");
  if (X509_check_private_key(certs->front().get(), key.get()) != 1) {
    return builtin_error("tls: private key does not match public key");
  }
  std::vector<X509*> chain;
  for (const Cert& c : *certs) chain.push_back(c.get());
  return BuiltinResult::value(tls_certificate_json(chain, key.get()));
}

}  // namespace assay::rego::builtins
