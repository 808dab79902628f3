// http.send: the one built-in that makes requests. Nondeterministic (OPA marks it so) and
// needs_network. Evaluations run without network, so after checking the request as OPA does
// (its keys, with OPA's type errors) it refuses with a message that says why, instead of
// hanging on a connection that cannot be made.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

namespace {

// OPA's allowed request keys (topdown/http.go), sorted.
constexpr std::array<std::string_view, 28> kAllowedKeys = {
    "body",
    "cache",
    "cache_ignored_headers",
    "caching_mode",
    "enable_redirect",
    "force_cache",
    "force_cache_duration_seconds",
    "force_json_decode",
    "force_yaml_decode",
    "headers",
    "max_retry_attempts",
    "method",
    "raise_error",
    "raw_body",
    "timeout",
    "tls_ca_cert",
    "tls_ca_cert_env_variable",
    "tls_ca_cert_file",
    "tls_client_cert",
    "tls_client_cert_env_variable",
    "tls_client_cert_file",
    "tls_client_key",
    "tls_client_key_env_variable",
    "tls_client_key_file",
    "tls_insecure_skip_verify",
    "tls_server_name",
    "tls_use_system_certs",
    "url",
};

// {"a", "b"}: the keys as OPA prints a Go set of strings.
std::string quoted_list(const std::vector<std::string>& keys) {
  std::string out = "{";
  for (size_t i = 0; i < keys.size(); ++i) {
    out += (i == 0 ? "\"" : ", \"") + keys[i] + "\"";
  }
  return out + "}";
}

BuiltinResult send(BuiltinContext&, std::span<const Value> args) {
  const Value& request = args[0];
  if (!request.is_object()) return operand_type_error(1, request, "object");
  std::vector<std::string> invalid;
  for (const auto& [key, value] : request.object_entries()) {
    const std::string_view name = key.is_string() ? key.as_string() : std::string_view();
    if (!std::binary_search(kAllowedKeys.begin(), kAllowedKeys.end(), name)) {
      invalid.push_back(key.is_string() ? std::string(name) : value_to_rego(key));
    }
  }
  if (!invalid.empty()) {
    return BuiltinResult::error("eval_type_error",
                                "invalid request parameters(s): " + quoted_list(invalid));
  }
  std::vector<std::string> missing;
  for (const char* required : {"method", "url"}) {
    if (request.find(Value::string(required)) == nullptr) missing.emplace_back(required);
  }
  if (!missing.empty()) {
    return BuiltinResult::error("eval_type_error",
                                "missing required request parameters(s): " + quoted_list(missing));
  }
  return BuiltinResult::error("eval_builtin_error",
                              "the sandbox has no network access: http.send cannot reach " +
                                  value_to_rego(*request.find(Value::string("url"))));
}

const BuiltinImplementation kSend{&send};

}  // namespace

Rows http_builtins() {
  return {
      fn("http.send", "http", {{"request", ObjectOf(S(), A())}}, {"response", ObjectOf(A(), A())})
          .nondeterministic()
          .needs_network()
          .impl(kSend),
  };
}

}  // namespace assay::rego::builtins
