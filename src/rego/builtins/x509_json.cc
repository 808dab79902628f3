// Go's x509 values as JSON: see x509_json.h.
#include "src/rego/builtins/x509_json.h"

#include <arpa/inet.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

#include "src/rego/builtins/jose.h"

namespace assay::rego::builtins {

namespace {

Value str(std::string_view s) { return Value::string(std::string(s)); }
Value num(int64_t i) { return Value::integer(i); }

// []byte as encoding/json writes it: standard base64 with padding; nil as null.
Value bytes_json(const unsigned char* data, size_t length) {
  if (data == nullptr) return Value::null();
  std::string out(4 * ((length + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data,
                                static_cast<int>(length));
  out.resize(n < 0 ? 0 : static_cast<size_t>(n));
  return Value::string(std::move(out));
}

Value bytes_json(std::string_view bytes) {
  return bytes_json(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

// The DER of an OpenSSL object through its i2d function.
template <typename T, typename U>
std::string der_of(int (*i2d)(T*, unsigned char**), U* object) {
  unsigned char* out = nullptr;
  const int n = i2d(object, &out);
  std::string der = n > 0 ? std::string(reinterpret_cast<char*>(out), static_cast<size_t>(n)) : "";
  OPENSSL_free(out);
  return der;
}

// A nil slice is null in Go's JSON, an empty one [].
Value list_or_null(std::vector<Value> items) {
  return items.empty() ? Value::null() : Value::array(std::move(items));
}

std::string oid_text(const ASN1_OBJECT* oid) {
  char buf[256];
  const int n = OBJ_obj2txt(buf, sizeof buf, oid, 1);
  return n > 0 && static_cast<size_t>(n) < sizeof buf ? std::string(buf, static_cast<size_t>(n)) : "";
}

// asn1.ObjectIdentifier: an array of its arcs.
Value oid_json(const ASN1_OBJECT* oid) {
  std::vector<Value> arcs;
  const std::string text = oid_text(oid);
  size_t start = 0;
  while (start < text.size()) {
    size_t dot = text.find('.', start);
    if (dot == std::string::npos) dot = text.size();
    std::optional<Number> arc = Number::parse(text.substr(start, dot - start));
    arcs.push_back(arc ? Value::number(*arc) : num(0));
    start = dot + 1;
  }
  return Value::array(std::move(arcs));
}

Value bignum_json(const BIGNUM* bn) {
  if (bn == nullptr) return Value::null();
  char* text = BN_bn2dec(bn);
  std::optional<Number> n = text != nullptr ? Number::parse(text) : std::nullopt;
  OPENSSL_free(text);
  return n ? Value::number(*n) : Value::null();
}

Value asn1_string_text(const ASN1_STRING* s) {
  unsigned char* utf8 = nullptr;
  const int n = ASN1_STRING_to_UTF8(&utf8, s);
  std::string text = n >= 0 ? std::string(reinterpret_cast<char*>(utf8), static_cast<size_t>(n)) : "";
  OPENSSL_free(utf8);
  return Value::string(std::move(text));
}

// pkix.Name: the usual attributes split out, every attribute in Names.
Value name_json(const X509_NAME* name) {
  std::vector<Value> country, organization, unit, locality, province, street, postal, names;
  std::string serial, common;
  for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
    const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
    const ASN1_OBJECT* oid = X509_NAME_ENTRY_get_object(entry);
    const Value value = asn1_string_text(X509_NAME_ENTRY_get_data(entry));
    names.push_back(Value::object({{str("Type"), oid_json(oid)}, {str("Value"), value}}));
    switch (OBJ_obj2nid(oid)) {
      case NID_countryName: country.push_back(value); break;
      case NID_organizationName: organization.push_back(value); break;
      case NID_organizationalUnitName: unit.push_back(value); break;
      case NID_localityName: locality.push_back(value); break;
      case NID_stateOrProvinceName: province.push_back(value); break;
      case NID_streetAddress: street.push_back(value); break;
      case NID_postalCode: postal.push_back(value); break;
      case NID_serialNumber: serial = std::string(value.as_string()); break;
      case NID_commonName: common = std::string(value.as_string()); break;
      default: break;
    }
  }
  return Value::object({
      {str("Country"), list_or_null(std::move(country))},
      {str("Organization"), list_or_null(std::move(organization))},
      {str("OrganizationalUnit"), list_or_null(std::move(unit))},
      {str("Locality"), list_or_null(std::move(locality))},
      {str("Province"), list_or_null(std::move(province))},
      {str("StreetAddress"), list_or_null(std::move(street))},
      {str("PostalCode"), list_or_null(std::move(postal))},
      {str("SerialNumber"), str(serial)},
      {str("CommonName"), str(common)},
      {str("Names"), list_or_null(std::move(names))},
      {str("ExtraNames"), Value::null()},
  });
}

// time.Time's JSON (RFC 3339 in UTC, as certificates' times are).
Value time_json(const ASN1_TIME* t) {
  struct tm parts = {};
  if (t == nullptr || ASN1_TIME_to_tm(t, &parts) != 1) return str("0001-01-01T00:00:00Z");
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.tm_year + 1900,
                parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec);
  return str(buf);
}

// x509.PublicKeyAlgorithm.
int public_key_algorithm(EVP_PKEY* key) {
  if (key == nullptr) return 0;
  if (EVP_PKEY_is_a(key, "RSA")) return 1;
  if (EVP_PKEY_is_a(key, "DSA")) return 2;
  if (EVP_PKEY_is_a(key, "EC")) return 3;
  if (EVP_PKEY_is_a(key, "ED25519")) return 4;
  return 0;
}

Value bn_param(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) return Value::null();
  Value v = bignum_json(bn);
  BN_free(bn);
  return v;
}

std::string raw_key(EVP_PKEY* key, bool private_part) {
  size_t length = 0;
  auto get = private_part ? EVP_PKEY_get_raw_private_key : EVP_PKEY_get_raw_public_key;
  if (get(key, nullptr, &length) != 1) return "";
  std::string out(length, '\0');
  if (get(key, reinterpret_cast<unsigned char*>(out.data()), &length) != 1) return "";
  return out;
}

// The public key as Go marshals it: *rsa.PublicKey {N, E}, *ecdsa.PublicKey {Curve, X, Y}
// (the curve has no exported fields: {}), ed25519.PublicKey as bytes.
Value public_key_json(EVP_PKEY* key) {
  switch (public_key_algorithm(key)) {
    case 1:
      return Value::object({{str("N"), bn_param(key, OSSL_PKEY_PARAM_RSA_N)},
                            {str("E"), bn_param(key, OSSL_PKEY_PARAM_RSA_E)}});
    case 3:
      return Value::object({{str("Curve"), Value::object({})},
                            {str("X"), bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X)},
                            {str("Y"), bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y)}});
    case 4: return bytes_json(raw_key(key, false));
    default: return Value::null();
  }
}

// x509.SignatureAlgorithm from the signature's OID (and, for RSA-PSS, its digest).
int signature_algorithm(int nid, int md_nid) {
  switch (nid) {
    case NID_md2WithRSAEncryption: return 1;
    case NID_md5WithRSAEncryption: return 2;
    case NID_sha1WithRSAEncryption: return 3;
    case NID_sha256WithRSAEncryption: return 4;
    case NID_sha384WithRSAEncryption: return 5;
    case NID_sha512WithRSAEncryption: return 6;
    case NID_dsaWithSHA1: return 7;
    case NID_dsa_with_SHA256: return 8;
    case NID_ecdsa_with_SHA1: return 9;
    case NID_ecdsa_with_SHA256: return 10;
    case NID_ecdsa_with_SHA384: return 11;
    case NID_ecdsa_with_SHA512: return 12;
    case NID_rsassaPss:
      return md_nid == NID_sha256 ? 13 : md_nid == NID_sha384 ? 14 : md_nid == NID_sha512 ? 15 : 0;
    case NID_ED25519: return 16;
    default: return 0;
  }
}

// x509.ExtKeyUsage's numbers, by OID.
int ext_key_usage(int nid) {
  switch (nid) {
    case NID_anyExtendedKeyUsage: return 0;
    case NID_server_auth: return 1;
    case NID_client_auth: return 2;
    case NID_code_sign: return 3;
    case NID_email_protect: return 4;
    case NID_ipsecEndSystem: return 5;
    case NID_ipsecTunnel: return 6;
    case NID_ipsecUser: return 7;
    case NID_time_stamp: return 8;
    case NID_OCSP_sign: return 9;
    case NID_ms_sgc: return 10;
    case NID_ns_sgc: return 11;
    case NID_ms_code_com: return 12;
    default: return -1;
  }
}

// x509.KeyUsage bits (Go's order) from OpenSSL's KU_* flags.
int64_t key_usage_bits(uint32_t ku) {
  if (ku == UINT32_MAX) return 0;
  static constexpr std::pair<uint32_t, int> kBits[] = {
      {KU_DIGITAL_SIGNATURE, 0}, {KU_NON_REPUDIATION, 1}, {KU_KEY_ENCIPHERMENT, 2},
      {KU_DATA_ENCIPHERMENT, 3}, {KU_KEY_AGREEMENT, 4},   {KU_KEY_CERT_SIGN, 5},
      {KU_CRL_SIGN, 6},          {KU_ENCIPHER_ONLY, 7},   {KU_DECIPHER_ONLY, 8}};
  int64_t bits = 0;
  for (const auto& [flag, bit] : kBits) {
    if (ku & flag) bits |= int64_t{1} << bit;
  }
  return bits;
}

// net.IP's text: dotted quad for IPv4 (and IPv4-mapped IPv6), RFC 5952 otherwise.
std::string ip_text(const ASN1_OCTET_STRING* ip) {
  const unsigned char* data = ASN1_STRING_get0_data(ip);
  const int length = ASN1_STRING_length(ip);
  char buf[INET6_ADDRSTRLEN] = {};
  static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (length == 4) {
    inet_ntop(AF_INET, data, buf, sizeof buf);
  } else if (length == 16 && std::equal(kMapped, kMapped + 12, data)) {
    inet_ntop(AF_INET, data + 12, buf, sizeof buf);
  } else if (length == 16) {
    inet_ntop(AF_INET6, data, buf, sizeof buf);
  } else {
    return "?";
  }
  return buf;
}

// url.URL as encoding/json writes it, from a simple split of the URI (scheme, authority, path,
// query, fragment).
Value url_json(std::string_view uri) {
  std::string scheme, opaque, host, path, query, fragment;
  std::string_view rest = uri;
  if (size_t hash = rest.find('#'); hash != std::string_view::npos) {
    fragment = std::string(rest.substr(hash + 1));
    rest = rest.substr(0, hash);
  }
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    query = std::string(rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  if (size_t colon = rest.find(':'); colon != std::string_view::npos && colon > 0 &&
                                     rest.substr(0, colon).find('/') == std::string_view::npos) {
    scheme = std::string(rest.substr(0, colon));
    for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    rest = rest.substr(colon + 1);
    if (!rest.starts_with("/")) {
      opaque = std::string(rest);
      rest = {};
    }
  }
  if (rest.starts_with("//")) {
    rest.remove_prefix(2);
    const size_t slash = rest.find('/');
    host = std::string(rest.substr(0, slash));
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  }
  path = std::string(rest);
  return Value::object({{str("Scheme"), str(scheme)},
                        {str("Opaque"), str(opaque)},
                        {str("User"), Value::null()},
                        {str("Host"), str(host)},
                        {str("Path"), str(path)},
                        {str("RawPath"), str("")},
                        {str("OmitHost"), Value::boolean(false)},
                        {str("ForceQuery"), Value::boolean(false)},
                        {str("RawQuery"), str(query)},
                        {str("Fragment"), str(fragment)},
                        {str("RawFragment"), str("")}});
}

struct SubjectAltNames {
  std::vector<Value> dns, email, ip, uri, uri_strings;
};

SubjectAltNames alt_names(GENERAL_NAMES* names) {
  SubjectAltNames out;
  for (int i = 0; names != nullptr && i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    switch (name->type) {
      case GEN_DNS: out.dns.push_back(asn1_string_text(name->d.dNSName)); break;
      case GEN_EMAIL: out.email.push_back(asn1_string_text(name->d.rfc822Name)); break;
      case GEN_IPADD: out.ip.push_back(str(ip_text(name->d.iPAddress))); break;
      case GEN_URI: {
        const Value text = asn1_string_text(name->d.uniformResourceIdentifier);
        out.uri.push_back(url_json(text.as_string()));
        out.uri_strings.push_back(text);
        break;
      }
      default: break;
    }
  }
  return out;
}

std::vector<Value> extensions_json(const STACK_OF(X509_EXTENSION) * extensions) {
  std::vector<Value> out;
  for (int i = 0; i < sk_X509_EXTENSION_num(extensions); ++i) {
    X509_EXTENSION* ext = sk_X509_EXTENSION_value(extensions, i);
    const ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(ext);
    out.push_back(Value::object(
        {{str("Id"), oid_json(X509_EXTENSION_get_object(ext))},
         {str("Critical"), Value::boolean(X509_EXTENSION_get_critical(ext) != 0)},
         {str("Value"), bytes_json(ASN1_STRING_get0_data(data),
                                   static_cast<size_t>(ASN1_STRING_length(data)))}}));
  }
  return out;
}

void add_access_info(X509* cert, std::vector<Value>* ocsp, std::vector<Value>* issuers) {
  auto* info = static_cast<AUTHORITY_INFO_ACCESS*>(
      X509_get_ext_d2i(cert, NID_info_access, nullptr, nullptr));
  for (int i = 0; info != nullptr && i < sk_ACCESS_DESCRIPTION_num(info); ++i) {
    const ACCESS_DESCRIPTION* d = sk_ACCESS_DESCRIPTION_value(info, i);
    if (d->location->type != GEN_URI) continue;
    const Value uri = asn1_string_text(d->location->d.uniformResourceIdentifier);
    const int nid = OBJ_obj2nid(d->method);
    if (nid == NID_ad_OCSP) ocsp->push_back(uri);
    if (nid == NID_ad_ca_issuers) issuers->push_back(uri);
  }
  AUTHORITY_INFO_ACCESS_free(info);
}

std::vector<Value> crl_points(X509* cert) {
  std::vector<Value> out;
  auto* points = static_cast<CRL_DIST_POINTS*>(
      X509_get_ext_d2i(cert, NID_crl_distribution_points, nullptr, nullptr));
  for (int i = 0; points != nullptr && i < sk_DIST_POINT_num(points); ++i) {
    const DIST_POINT* point = sk_DIST_POINT_value(points, i);
    if (point->distpoint == nullptr || point->distpoint->type != 0) continue;
    GENERAL_NAMES* names = point->distpoint->name.fullname;
    for (int j = 0; j < sk_GENERAL_NAME_num(names); ++j) {
      const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, j);
      if (name->type == GEN_URI) out.push_back(asn1_string_text(name->d.uniformResourceIdentifier));
    }
  }
  CRL_DIST_POINTS_free(points);
  return out;
}

Value octets_json(const ASN1_OCTET_STRING* s) {
  if (s == nullptr) return Value::null();
  return bytes_json(ASN1_STRING_get0_data(s), static_cast<size_t>(ASN1_STRING_length(s)));
}

std::string pkey_der(EVP_PKEY* key) { return key ? der_of(i2d_PUBKEY, key) : ""; }

}  // namespace

Value certificate_json(X509* cert, bool with_uri_strings) {
  std::vector<ObjectEntry> fields;
  auto put = [&](std::string_view name, Value v) { fields.emplace_back(str(name), std::move(v)); };
  EVP_PKEY* key = X509_get0_pubkey(cert);
  const ASN1_BIT_STRING* signature = nullptr;
  const X509_ALGOR* signature_alg = nullptr;
  X509_get0_signature(&signature, &signature_alg, cert);
  int md_nid = 0, pk_nid = 0;
  X509_get_signature_info(cert, &md_nid, &pk_nid, nullptr, nullptr);

  put("Raw", bytes_json(der_of(i2d_X509, cert)));
  put("RawTBSCertificate", bytes_json(der_of(i2d_re_X509_tbs, cert)));
  put("RawSubjectPublicKeyInfo", bytes_json(pkey_der(key)));
  put("RawSubject", bytes_json(der_of(i2d_X509_NAME, X509_get_subject_name(cert))));
  put("RawIssuer", bytes_json(der_of(i2d_X509_NAME, X509_get_issuer_name(cert))));
  put("Signature", signature ? bytes_json(signature->data, static_cast<size_t>(signature->length))
                             : Value::null());
  put("SignatureAlgorithm", num(signature_algorithm(X509_get_signature_nid(cert), md_nid)));
  put("PublicKeyAlgorithm", num(public_key_algorithm(key)));
  put("PublicKey", public_key_json(key));
  put("Version", num(X509_get_version(cert) + 1));
  BIGNUM* serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr);
  put("SerialNumber", bignum_json(serial));
  BN_free(serial);
  put("Issuer", name_json(X509_get_issuer_name(cert)));
  put("Subject", name_json(X509_get_subject_name(cert)));
  put("NotBefore", time_json(X509_get0_notBefore(cert)));
  put("NotAfter", time_json(X509_get0_notAfter(cert)));
  put("KeyUsage", num(key_usage_bits(X509_get_key_usage(cert))));
  put("Extensions", list_or_null(extensions_json(X509_get0_extensions(cert))));
  put("ExtraExtensions", Value::null());
  put("UnhandledCriticalExtensions", Value::null());

  std::vector<Value> usages, unknown_usages;
  auto* eku = static_cast<EXTENDED_KEY_USAGE*>(
      X509_get_ext_d2i(cert, NID_ext_key_usage, nullptr, nullptr));
  for (int i = 0; eku != nullptr && i < sk_ASN1_OBJECT_num(eku); ++i) {
    const ASN1_OBJECT* oid = sk_ASN1_OBJECT_value(eku, i);
    const std::string text = oid_text(oid);
    const int usage = text == "1.3.6.1.4.1.311.61.1.1" ? 13 : ext_key_usage(OBJ_obj2nid(oid));
    if (usage >= 0) {
      usages.push_back(num(usage));
    } else {
      unknown_usages.push_back(oid_json(oid));
    }
  }
  EXTENDED_KEY_USAGE_free(eku);
  put("ExtKeyUsage", list_or_null(std::move(usages)));
  put("UnknownExtKeyUsage", list_or_null(std::move(unknown_usages)));

  auto* basic = static_cast<BASIC_CONSTRAINTS*>(
      X509_get_ext_d2i(cert, NID_basic_constraints, nullptr, nullptr));
  int64_t max_path = 0;
  if (basic != nullptr) {
    max_path = -1;  // Go: -1 when the extension sets no limit
    if (basic->pathlen != nullptr) max_path = ASN1_INTEGER_get(basic->pathlen);
  }
  put("BasicConstraintsValid", Value::boolean(basic != nullptr));
  put("IsCA", Value::boolean(basic != nullptr && basic->ca != 0));
  put("MaxPathLen", num(max_path));
  put("MaxPathLenZero", Value::boolean(basic != nullptr && max_path == 0));
  BASIC_CONSTRAINTS_free(basic);

  put("SubjectKeyId", octets_json(X509_get0_subject_key_id(cert)));
  put("AuthorityKeyId", octets_json(X509_get0_authority_key_id(cert)));
  std::vector<Value> ocsp, issuers;
  add_access_info(cert, &ocsp, &issuers);
  put("OCSPServer", list_or_null(std::move(ocsp)));
  put("IssuingCertificateURL", list_or_null(std::move(issuers)));

  auto* names = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  SubjectAltNames san = alt_names(names);
  GENERAL_NAMES_free(names);
  put("DNSNames", list_or_null(std::move(san.dns)));
  put("EmailAddresses", list_or_null(std::move(san.email)));
  put("IPAddresses", list_or_null(std::move(san.ip)));
  put("URIs", list_or_null(std::move(san.uri)));
  if (with_uri_strings) put("URIStrings", list_or_null(std::move(san.uri_strings)));

  put("PermittedDNSDomainsCritical", Value::boolean(false));
  for (std::string_view unset :
       {"PermittedDNSDomains", "ExcludedDNSDomains", "PermittedIPRanges", "ExcludedIPRanges",
        "PermittedEmailAddresses", "ExcludedEmailAddresses", "PermittedURIDomains",
        "ExcludedURIDomains", "PolicyMappings"}) {
    put(unset, Value::null());
  }
  put("CRLDistributionPoints", list_or_null(crl_points(cert)));

  std::vector<Value> policy_ids, policies;
  auto* policy_info = static_cast<CERTIFICATEPOLICIES*>(
      X509_get_ext_d2i(cert, NID_certificate_policies, nullptr, nullptr));
  for (int i = 0; policy_info != nullptr && i < sk_POLICYINFO_num(policy_info); ++i) {
    const ASN1_OBJECT* oid = sk_POLICYINFO_value(policy_info, i)->policyid;
    policy_ids.push_back(oid_json(oid));
    policies.push_back(str(oid_text(oid)));
  }
  CERTIFICATEPOLICIES_free(policy_info);
  put("PolicyIdentifiers", list_or_null(std::move(policy_ids)));
  put("Policies", list_or_null(std::move(policies)));
  for (std::string_view zero :
       {"InhibitAnyPolicy", "InhibitPolicyMapping", "RequireExplicitPolicy"}) {
    put(zero, num(0));
    put(std::string(zero) + "Zero", Value::boolean(false));
  }
  return Value::object(std::move(fields));
}

Value certificate_request_json(X509_REQ* request) {
  EVP_PKEY* key = X509_REQ_get0_pubkey(request);
  const ASN1_BIT_STRING* signature = nullptr;
  const X509_ALGOR* signature_alg = nullptr;
  X509_REQ_get0_signature(request, &signature, &signature_alg);
  const ASN1_OBJECT* alg_oid = nullptr;
  X509_ALGOR_get0(&alg_oid, nullptr, nullptr, signature_alg);
  STACK_OF(X509_EXTENSION)* extensions = X509_REQ_get_extensions(request);
  GENERAL_NAMES* names = nullptr;
  for (int i = 0; i < sk_X509_EXTENSION_num(extensions); ++i) {
    X509_EXTENSION* ext = sk_X509_EXTENSION_value(extensions, i);
    if (OBJ_obj2nid(X509_EXTENSION_get_object(ext)) == NID_subject_alt_name && names == nullptr) {
      names = static_cast<GENERAL_NAMES*>(X509V3_EXT_d2i(ext));
    }
  }
  SubjectAltNames san = alt_names(names);
  GENERAL_NAMES_free(names);
  Value result = Value::object({
      {str("Raw"), bytes_json(der_of(i2d_X509_REQ, request))},
      {str("RawTBSCertificateRequest"), bytes_json(der_of(i2d_re_X509_REQ_tbs, request))},
      {str("RawSubjectPublicKeyInfo"), bytes_json(pkey_der(key))},
      {str("RawSubject"), bytes_json(der_of(i2d_X509_NAME, X509_REQ_get_subject_name(request)))},
      {str("Version"), num(X509_REQ_get_version(request))},
      {str("Signature"), signature ? bytes_json(signature->data,
                                                static_cast<size_t>(signature->length))
                                   : Value::null()},
      {str("SignatureAlgorithm"), num(signature_algorithm(OBJ_obj2nid(alg_oid), 0))},
      {str("PublicKeyAlgorithm"), num(public_key_algorithm(key))},
      {str("PublicKey"), public_key_json(key)},
      {str("Subject"), name_json(X509_REQ_get_subject_name(request))},
      {str("Attributes"), Value::null()},
      {str("Extensions"), list_or_null(extensions_json(extensions))},
      {str("ExtraExtensions"), Value::null()},
      {str("DNSNames"), list_or_null(std::move(san.dns))},
      {str("EmailAddresses"), list_or_null(std::move(san.email))},
      {str("IPAddresses"), list_or_null(std::move(san.ip))},
      {str("URIs"), list_or_null(std::move(san.uri))},
  });
  sk_X509_EXTENSION_pop_free(extensions, X509_EXTENSION_free);
  return result;
}

std::optional<Value> private_key_json(EVP_PKEY* key) {
  switch (public_key_algorithm(key)) {
    case 1: {
      auto p = [&](const char* name) { return bn_param(key, name); };
      return Value::object({
          {str("N"), p(OSSL_PKEY_PARAM_RSA_N)},
          {str("E"), p(OSSL_PKEY_PARAM_RSA_E)},
          {str("D"), p(OSSL_PKEY_PARAM_RSA_D)},
          {str("Primes"),
           Value::array({p(OSSL_PKEY_PARAM_RSA_FACTOR1), p(OSSL_PKEY_PARAM_RSA_FACTOR2)})},
          {str("Precomputed"),
           Value::object({{str("Dp"), p(OSSL_PKEY_PARAM_RSA_EXPONENT1)},
                          {str("Dq"), p(OSSL_PKEY_PARAM_RSA_EXPONENT2)},
                          {str("Qinv"), p(OSSL_PKEY_PARAM_RSA_COEFFICIENT1)},
                          {str("CRTValues"), Value::array({})}})},
      });
    }
    case 3:
      return Value::object({{str("Curve"), Value::object({})},
                            {str("X"), bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X)},
                            {str("Y"), bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y)},
                            {str("D"), bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY)}});
    case 4:  // Go's ed25519.PrivateKey is the seed followed by the public key
      return bytes_json(raw_key(key, true) + raw_key(key, false));
    default: return std::nullopt;
  }
}

std::optional<Value> private_key_jwk(EVP_PKEY* key) {
  if (public_key_algorithm(key) != 1) return std::nullopt;
  std::vector<ObjectEntry> members = {{str("kty"), str("RSA")}};
  static constexpr std::pair<const char*, const char*> kMembers[] = {
      {"n", OSSL_PKEY_PARAM_RSA_N},         {"e", OSSL_PKEY_PARAM_RSA_E},
      {"d", OSSL_PKEY_PARAM_RSA_D},         {"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
      {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},   {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
      {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2}, {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1}};
  for (const auto& [member, param] : kMembers) {
    BIGNUM* bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, param, &bn) != 1) continue;
    std::string bytes(static_cast<size_t>(BN_num_bytes(bn)), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
    BN_free(bn);
    members.emplace_back(str(member), str(jose::base64url_raw(bytes)));
  }
  return Value::object(std::move(members));
}

Value tls_certificate_json(std::span<X509* const> chain, EVP_PKEY* key) {
  std::vector<Value> certificates;
  for (X509* cert : chain) certificates.push_back(bytes_json(der_of(i2d_X509, cert)));
  std::optional<Value> private_key = private_key_json(key);
  return Value::object({
      {str("Certificate"), list_or_null(std::move(certificates))},
      {str("PrivateKey"), private_key ? *private_key : Value::null()},
      {str("SupportedSignatureAlgorithms"), Value::null()},
      {str("OCSPStaple"), Value::null()},
      {str("SignedCertificateTimestamps"), Value::null()},
      {str("Leaf"), chain.empty() ? Value::null() : certificate_json(chain.front(), false)},
  });
}

}  // namespace assay::rego::builtins
