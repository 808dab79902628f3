#include "src/cli/validation_runner.h"

#include <nlohmann/json.hpp>

#include "src/core/ids.h"
#include "src/core/json_body.h"
#include "src/core/pipeline.h"
#include "src/core/request_json.h"
#include "src/core/request_limits.h"
#include "src/core/result_json.h"
#include "src/http/http_client.h"

namespace assay::cli {
namespace {

using nlohmann::json;

// The {"errors": [{code, message}]} body of a 4xx/5xx answer as a Status.
Status error_from_answer(const http::ClientResponse& answer) {
  const std::string fallback_message =
      "the server answered HTTP " + std::to_string(answer.status) + " without an assay error body";
  Result<json> body = parse_json_body(answer.body, limits::kMaxJsonDepth);
  if (!body || !body->is_object()) return Status::error("response_invalid", fallback_message);
  const auto errors = body->find("errors");
  if (errors == body->end() || !errors->is_array() || errors->empty()) {
    return Status::error("response_invalid", fallback_message);
  }
  const json& first = (*errors)[0];
  if (!first.is_object() || !first.contains("code") || !first["code"].is_string() ||
      first["code"].get_ref<const std::string&>().empty()) {
    return Status::error("response_invalid", fallback_message);
  }
  const json message = first.value("message", json(""));
  return Status::error(first["code"].get<std::string>(),
                       message.is_string() ? message.get<std::string>() : message.dump());
}

Result<ValidationResult> validate_on_server(const ValidationRequest& request,
                                            const std::string& server_url) {
  http::ClientRequest post;
  post.method = "POST";
  post.target = "/v1/validate";
  try {
    post.body = request_to_json(request).dump();
  } catch (const json::exception&) {
    // Only reachable for a kind this assay does not know (others are answered locally) or
    // a file name that is not UTF-8.
    return Status::error("request_invalid",
                         "a file or file name is not valid UTF-8, which JSON cannot carry to the "
                         "server");
  }
  std::string base_url = server_url;
  while (base_url.ends_with('/')) base_url.pop_back();  // "http://host:8787/" works too
  Result<http::ClientResponse> answer = http::send_request(base_url, post, kServerTimeoutMs);
  if (!answer) return answer.status();
  if (answer->status >= 400) return error_from_answer(*answer);
  if (answer->status != 200) {
    return Status::error("response_invalid", "the server answered HTTP " +
                                                 std::to_string(answer->status) +
                                                 " instead of a validation result");
  }
  Result<json> body = parse_json_body(answer->body, limits::kMaxJsonDepth);
  if (!body) return Status::error("response_invalid", body.status().message());
  return result_from_json(*body);
}

}  // namespace

Result<ValidationResult> validate_request(const ValidationRequest& request,
                                          const Registry& registry, const std::string& server_url) {
  if (server_url.empty()) return run_validation(registry, request, new_id());
  const Validator* validator = registry.for_kind(request.kind);
  if (validator != nullptr && !encoding_errors(request.files, validator->info()).empty()) {
    // The bytes cannot travel as JSON; the pipeline's answer depends on the encoding check
    // alone, so it is the answer the server would give.
    return run_validation(registry, request, new_id());
  }
  return validate_on_server(request, server_url);
}

}  // namespace assay::cli
