// io.jwt.decode, io.jwt.verify_* and io.jwt.decode_verify, step for step as OPA's tokens.go:
// the same order of checks (so the same error wins), the same error texts, and the same
// answers for invalid tokens ([false, {}, {}] where OPA gives it rather than an error).
//
// base64url and JSON decoding go through our base64url.decode and json.unmarshal built-ins, as
// OPA's go through its own (getResult), so their error texts are the same.
#include <cctype>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/rego/builtins/jose.h"
#include "src/rego/builtins/jwt_impl.h"
#include "src/rego/builtins/registry.h"
#include "src/rego/builtins/text_support.h"

namespace assay::rego::builtins {

namespace {

// Nested tokens (cty "JWT") shrink at every level, but a bound keeps the work plain.
constexpr int kMaxNesting = 32;

BuiltinResult call_builtin(BuiltinContext& ctx, std::string_view name, const Value& arg) {
  const BuiltinDecl* decl = find_builtin(name);
  return decl->impl->call(ctx, std::span<const Value>(&arg, 1));
}

// base64url.decode(s): the bytes, or the built-in's error message.
std::optional<std::string> base64url_decode(BuiltinContext& ctx, std::string_view s,
                                            std::string* error) {
  BuiltinResult r = call_builtin(ctx, "base64url.decode", Value::string(std::string(s)));
  if (const Value* v = std::get_if<Value>(&r.outcome)) return std::string(v->as_string());
  if (const BuiltinError* e = std::get_if<BuiltinError>(&r.outcome)) *error = e->message;
  return std::nullopt;
}

// OPA's extractJSONObject.
std::optional<Value> json_object(BuiltinContext& ctx, std::string_view text, std::string* error) {
  BuiltinResult r = call_builtin(ctx, "json.unmarshal", Value::string(std::string(text)));
  if (const BuiltinError* e = std::get_if<BuiltinError>(&r.outcome)) {
    *error = "invalid JSON: " + e->message;
    return std::nullopt;
  }
  const Value* v = std::get_if<Value>(&r.outcome);
  if (v == nullptr || !v->is_object()) {
    *error = "decoded JSON type was not an Object";
    return std::nullopt;
  }
  return *v;
}

struct Token {
  std::string header, payload, signature;  // the three base64url sections
  Value decoded_header;
};

// OPA's decodeJWT: operand 1 must be a string of three dot-separated sections.
std::optional<Token> split_token(const Value& jwt, BuiltinResult* failure) {
  if (!jwt.is_string()) {
    *failure = operand_type_error(1, jwt, "string");
    return std::nullopt;
  }
  const std::string_view text = jwt.as_string();
  if (text.find('.') == std::string_view::npos) {
    *failure = builtin_error("encoded JWT had no period separators");
    return std::nullopt;
  }
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t dot; (dot = text.find('.', start)) != std::string_view::npos; start = dot + 1) {
    parts.push_back(text.substr(start, dot - start));
  }
  parts.push_back(text.substr(start));
  if (parts.size() != 3) {
    *failure = builtin_error("encoded JWT must have 3 sections, found " +
                             std::to_string(parts.size()));
    return std::nullopt;
  }
  return Token{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]), Value()};
}

// OPA's decodeHeader (with validateJWTHeader): fills token->decoded_header.
bool decode_header(BuiltinContext& ctx, Token* token, BuiltinResult* failure) {
  std::string error;
  std::optional<std::string> text = base64url_decode(ctx, token->header, &error);
  if (!text) {
    *failure = builtin_error("JWT header had invalid encoding: " + error);
    return false;
  }
  std::optional<Value> header = json_object(ctx, *text, &error);
  if (!header) {
    *failure = builtin_error("bad JWT header: " + error);
    return false;
  }
  if (header->find(Value::string("enc")) != nullptr) {
    *failure = builtin_error("JWT is a JWE object, which is not supported");
    return false;
  }
  token->decoded_header = std::move(*header);
  return true;
}

std::optional<std::string> decode_signature(BuiltinContext& ctx, const Token& token,
                                            BuiltinResult* failure) {
  std::string error;
  std::optional<std::string> signature = base64url_decode(ctx, token.signature, &error);
  if (!signature) *failure = builtin_error(error);
  return signature;
}

// OPA's tokenHeader: the registered parameters it reads, and whether it is valid (RFC 7515:
// alg present, no critical parameter it does not understand).
struct Header {
  std::string alg, kid, typ, cty;
  std::vector<std::string> crit;
  std::vector<std::string> unknown;

  bool valid() const {
    if (alg.empty()) return false;
    for (const std::string& u : unknown) {
      for (const std::string& c : crit) {
        if (u == c) return false;
      }
    }
    return true;
  }
};

std::optional<Header> parse_header(const Value& decoded, BuiltinResult* failure) {
  Header header;
  for (const auto& [key, value] : decoded.object_entries()) {
    const std::string name(key.as_string());
    std::string* field = name == "alg"   ? &header.alg
                         : name == "kid" ? &header.kid
                         : name == "typ" ? &header.typ
                         : name == "cty" ? &header.cty
                                         : nullptr;
    if (field != nullptr) {
      if (!value.is_string()) {
        *failure = builtin_error(name + ": must be a string");
        return std::nullopt;
      }
      *field = std::string(value.as_string());
    } else if (name == "crit") {
      if (!value.is_array()) {
        *failure = builtin_error("crit: must be a list");
        return std::nullopt;
      }
      for (const Value& item : value.array_items()) {
        if (item.is_string()) header.crit.emplace_back(item.as_string());
      }
      if (header.crit.empty()) {
        *failure = builtin_error("crit: must be a nonempty list");
        return std::nullopt;
      }
    } else {
      header.unknown.push_back(name);
    }
  }
  return header;
}

// The keys OPA tries for a token: the one whose kid matches the header's, else every key whose
// alg is unset or equals the header's.
bool verify_with_keys(const std::vector<jose::Key>& keys, const Header& header,
                      std::string_view alg, std::string_view input, std::string_view signature) {
  if (!header.kid.empty()) {
    for (const jose::Key& key : keys) {
      if (key.kid == header.kid) return jose::verify(alg, key, input, signature);
    }
  }
  for (const jose::Key& key : keys) {
    if (!key.alg.empty() && key.alg != header.alg) continue;
    if (jose::verify(alg, key, input, signature)) return true;
  }
  return false;
}

std::string hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
  }
  return out;
}

BuiltinResult decode_nested(BuiltinContext& ctx, const Value& jwt, int depth) {
  BuiltinResult failure;
  std::optional<Token> token = split_token(jwt, &failure);
  if (!token || !decode_header(ctx, &*token, &failure)) return failure;
  std::string error;
  std::optional<std::string> payload = base64url_decode(ctx, token->payload, &error);
  if (!payload) return builtin_error("JWT payload had invalid encoding: " + error);
  const Value* cty = token->decoded_header.find(Value::string("cty"));
  if (cty != nullptr && cty->is_string() && cty->as_string() == "JWT") {
    // A nested token; jwt.io quotes it, so quotes are trimmed first, as OPA does.
    if (depth >= kMaxNesting) return builtin_error("JWT nested too deeply");
    std::string_view inner = *payload;
    while (!inner.empty() && (inner.front() == '"' || inner.front() == '\'')) inner.remove_prefix(1);
    while (!inner.empty() && (inner.back() == '"' || inner.back() == '\'')) inner.remove_suffix(1);
    return decode_nested(ctx, Value::string(std::string(inner)), depth + 1);
  }
  std::optional<Value> claims = json_object(ctx, *payload, &error);
  if (!claims) return builtin_error(error);
  std::optional<std::string> signature = base64url_decode(ctx, token->signature, &error);
  if (!signature) return builtin_error("JWT signature had invalid encoding: " + error);
  return BuiltinResult::value(
      Value::array({token->decoded_header, std::move(*claims), Value::string(hex(*signature))}));
}

// ---- decode_verify's constraints ------------------------------------------------------------

struct Constraints {
  std::string secret, alg, iss, aud;
  std::optional<std::vector<jose::Key>> keys;
  double time_ns = -1;
};

std::optional<double> time_of(const Value& v, BuiltinResult* failure) {
  if (!v.is_number()) {
    *failure = builtin_error("token time constraint: must be a number");
    return std::nullopt;
  }
  const double t = v.as_number().to_double();
  if (!std::isfinite(t)) {
    *failure = builtin_error("token time constraint: unvalid float64");
    return std::nullopt;
  }
  if (t < 0) {
    *failure = builtin_error("token time constraint: must not be negative");
    return std::nullopt;
  }
  return t;
}

std::optional<Constraints> parse_constraints(const Value& object, int64_t now_ns,
                                             BuiltinResult* failure) {
  Constraints c;
  for (const auto& [key, value] : object.object_entries()) {
    const std::string name = key.is_string() ? std::string(key.as_string()) : value_to_rego(key);
    std::string* text = name == "secret" ? &c.secret
                        : name == "alg"  ? &c.alg
                        : name == "iss"  ? &c.iss
                        : name == "aud"  ? &c.aud
                                         : nullptr;
    if (text != nullptr) {
      if (!value.is_string()) {
        *failure = builtin_error(name + " constraint: must be a string");
        return std::nullopt;
      }
      *text = std::string(value.as_string());
    } else if (name == "cert") {
      if (!value.is_string()) {
        *failure = builtin_error("cert constraint: must be a string");
        return std::nullopt;
      }
      std::string error;
      c.keys = jose::keys_from_cert_or_jwk(value.as_string(), &error);
      if (!c.keys) {
        *failure = builtin_error(error);
        return std::nullopt;
      }
    } else if (name == "time") {
      std::optional<double> t = time_of(value, failure);
      if (!t) return std::nullopt;
      c.time_ns = *t;
    } else {
      *failure = builtin_error("unknown token validation constraint: " + name);
      return std::nullopt;
    }
  }
  if (c.time_ns == -1) c.time_ns = static_cast<double>(now_ns);
  const int key_constraints = (c.keys ? 1 : 0) + (c.secret.empty() ? 0 : 1);
  if (key_constraints > 1) {
    *failure = builtin_error("duplicate key constraints");
    return std::nullopt;
  }
  if (key_constraints < 1) {
    *failure = builtin_error("no key constraint");
    return std::nullopt;
  }
  return c;
}

bool valid_audience(const Value& aud, const std::string& wanted) {
  if (aud.is_string()) return aud.as_string() == wanted;
  if (!aud.is_array()) return false;
  for (const Value& item : aud.array_items()) {
    if (item.is_string() && item.as_string() == wanted) return true;
  }
  return false;
}

// strings.EqualFold(cty, "JWT").
bool is_nested_jwt(std::string_view cty) {
  return cty.size() == 3 && std::toupper(static_cast<unsigned char>(cty[0])) == 'J' &&
         std::toupper(static_cast<unsigned char>(cty[1])) == 'W' &&
         std::toupper(static_cast<unsigned char>(cty[2])) == 'T';
}

BuiltinResult unverified() {
  return BuiltinResult::value(
      Value::array({Value::boolean(false), Value::object({}), Value::object({})}));
}

}  // namespace

BuiltinResult jwt_decode(BuiltinContext& ctx, std::span<const Value> args) {
  return decode_nested(ctx, args[0], 0);
}

BuiltinResult jwt_verify_with_key(BuiltinContext& ctx, std::span<const Value> args,
                                  std::string_view alg) {
  BuiltinResult failure;
  std::optional<Token> token = split_token(args[0], &failure);
  if (!token) return failure;
  if (!args[1].is_string()) return operand_type_error(2, args[1], "string");
  std::string error;
  std::optional<std::vector<jose::Key>> keys =
      jose::keys_from_cert_or_jwk(args[1].as_string(), &error);
  if (!keys) return builtin_error(error);
  std::optional<std::string> signature = decode_signature(ctx, *token, &failure);
  if (!signature || !decode_header(ctx, &*token, &failure)) return failure;
  std::optional<Header> header = parse_header(token->decoded_header, &failure);
  if (!header) return failure;
  const std::string input = token->header + "." + token->payload;
  return BuiltinResult::value(
      Value::boolean(verify_with_keys(*keys, *header, alg, input, *signature)));
}

BuiltinResult jwt_verify_with_secret(BuiltinContext& ctx, std::span<const Value> args,
                                     std::string_view alg) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  if (!args[1].is_string()) return operand_type_error(2, args[1], "string");
  BuiltinResult failure;
  std::optional<Token> token = split_token(args[0], &failure);
  if (!token) return failure;
  std::optional<std::string> signature = decode_signature(ctx, *token, &failure);
  if (!signature) return failure;
  const jose::Key secret{nullptr, std::string(args[1].as_string()), "", ""};
  const std::string input = token->header + "." + token->payload;
  return BuiltinResult::value(Value::boolean(jose::verify(alg, secret, input, *signature)));
}

BuiltinResult jwt_decode_verify(BuiltinContext& ctx, std::span<const Value> args) {
  if (!args[1].is_object()) return operand_type_error(2, args[1], "object");
  BuiltinResult failure;
  std::optional<Constraints> constraints = parse_constraints(args[1], ctx.now_ns, &failure);
  if (!constraints) return failure;
  const std::vector<jose::Key> keys =
      constraints->keys ? *constraints->keys
                        : std::vector<jose::Key>{{nullptr, constraints->secret, "", ""}};

  Value jwt = args[0];
  Token token;
  std::string payload, error;
  for (int depth = 0;; ++depth) {
    if (depth > kMaxNesting) return builtin_error("JWT nested too deeply");
    std::optional<Token> split = split_token(jwt, &failure);
    if (!split) return failure;
    token = std::move(*split);
    if (!decode_header(ctx, &token, &failure)) return failure;
    std::optional<Header> header = parse_header(token.decoded_header, &failure);
    if (!header) return failure;
    if (!header->valid()) return unverified();
    if (!constraints->alg.empty() && constraints->alg != header->alg) return unverified();
    std::optional<std::string> signature = decode_signature(ctx, token, &failure);
    if (!signature) return failure;
    // The header's alg picks the algorithm; keys of another type never verify it, so an RSA
    // key cannot be abused as an HMAC secret, and "none" verifies nothing.
    const std::string input = token.header + "." + token.payload;
    if (!verify_with_keys(keys, *header, header->alg, input, *signature)) return unverified();
    std::optional<std::string> decoded = base64url_decode(ctx, token.payload, &error);
    if (!decoded) return builtin_error("JWT payload had invalid encoding: " + error);
    payload = std::move(*decoded);
    if (!is_nested_jwt(header->cty)) break;
    jwt = Value::string(payload);  // nested: verify the inner token too
  }
  std::optional<Value> claims = json_object(ctx, payload, &error);
  if (!claims) return builtin_error(error);

  if (!constraints->iss.empty()) {
    const Value* iss = claims->find(Value::string("iss"));
    if (iss == nullptr || !iss->is_string() || iss->as_string() != constraints->iss) {
      return unverified();
    }
  }
  if (const Value* aud = claims->find(Value::string("aud"))) {
    if (!valid_audience(*aud, constraints->aud)) return unverified();
  } else if (!constraints->aud.empty()) {
    return unverified();
  }
  // The clock in seconds, as OPA compares it: a float64 printed shortest, compared exactly.
  const Number now = Number::from_double(constraints->time_ns / 1e9);
  if (const Value* exp = claims->find(Value::string("exp"))) {
    if (!exp->is_number()) return builtin_error("exp value must be a number");
    if (compare(now, exp->as_number()) >= 0) return unverified();
  }
  if (const Value* nbf = claims->find(Value::string("nbf"))) {
    if (!nbf->is_number()) return builtin_error("nbf value must be a number");
    if (compare(now, nbf->as_number()) < 0) return unverified();
  }
  return BuiltinResult::value(
      Value::array({Value::boolean(true), token.decoded_header, std::move(*claims)}));
}

}  // namespace assay::rego::builtins
