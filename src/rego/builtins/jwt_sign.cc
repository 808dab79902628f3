// io.jwt.encode_sign and io.jwt.encode_sign_raw, as OPA's commonBuiltinJWTEncodeSign: the
// first key of the JWK (set) signs base64url(headers) "." base64url(payload) with the headers'
// alg; the token is JWS compact serialisation without padding. encode_sign first writes its
// three objects as Go's json.Marshal does (keys sorted, no spaces), as OPA 1.x does.
#include <optional>
#include <string>
#include <string_view>

#include "src/rego/builtins/go_json.h"
#include "src/rego/builtins/jose.h"
#include "src/rego/builtins/jwt_impl.h"
#include "src/rego/builtins/text_support.h"

namespace assay::rego::builtins {

namespace {

// The header's string member `name`; nullopt with *error set when the headers are not a JSON
// object or the member is absent or not a string.
std::optional<std::string> header_string(std::string_view headers, std::string_view name,
                                         std::string* error) {
  if (std::optional<std::string> syntax = go_json_syntax_error(headers)) {
    *error = *syntax;
    return std::nullopt;
  }
  std::string json_error;
  std::optional<Value> parsed = value_from_json(headers, &json_error, kMaxJsonDepth);
  const Value* member = parsed && parsed->is_object()
                            ? parsed->find(Value::string(std::string(name)))
                            : nullptr;
  if (member == nullptr || !member->is_string()) {
    *error = "header \"" + std::string(name) + "\" not found or not a string";
    return std::nullopt;
  }
  return std::string(member->as_string());
}

BuiltinResult encode_sign(std::string_view headers, std::string_view payload,
                          std::string_view jwk) {
  if (jwk.size() > jose::kMaxJoseInput) return builtin_error("key too large");
  std::string error;
  std::optional<std::vector<jose::Key>> keys = jose::parse_jwk_set(jwk, &error);
  if (!keys) return builtin_error(error);
  if (keys->empty()) return builtin_error("no keys found in JWK set");
  std::optional<std::string> alg = header_string(headers, "alg", &error);
  if (!alg) return builtin_error("missing or invalid 'alg' header: " + error);
  if (!jose::is_known_algorithm(*alg)) return builtin_error("unknown JWS algorithm: " + *alg);
  std::optional<std::string> typ = header_string(headers, "typ", &error);
  if ((!typ || *typ == "JWT") && go_json_syntax_error(payload)) {
    return builtin_error("type is JWT but payload is not JSON");
  }
  std::string token = jose::base64url_raw(headers) + "." + jose::base64url_raw(payload);
  if (token.size() > kMaxOutputBytes) return builtin_error(std::string(kOutputTooLarge));
  std::optional<std::string> signature = jose::sign(*alg, keys->front(), token, &error);
  if (!signature) return builtin_error(error);
  return BuiltinResult::value(Value::string(token + "." + jose::base64url_raw(*signature)));
}

}  // namespace

BuiltinResult jwt_encode_sign(BuiltinContext&, std::span<const Value> args) {
  return encode_sign(go_json_marshal(args[0]), go_json_marshal(args[1]),
                     go_json_marshal(args[2]));
}

BuiltinResult jwt_encode_sign_raw(BuiltinContext&, std::span<const Value> args) {
  if (!args[2].is_string()) return operand_type_error(3, args[2], "string");
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  if (!args[1].is_string()) return operand_type_error(2, args[1], "string");
  return encode_sign(args[0].as_string(), args[1].as_string(), args[2].as_string());
}

}  // namespace assay::rego::builtins
