#include "src/http/handlers.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "src/core/ids.h"
#include "src/core/pipeline.h"
#include "src/core/report_formats.h"
#include "src/core/request_json.h"
#include "src/core/result_json.h"
#include "src/core/version.h"
#include "src/environments/environment_json.h"
#include "src/environments/environment_loader.h"
#include "src/environments/inline_environment.h"
#include "src/http/openapi.h"

namespace assay::http {
namespace {

using nlohmann::json;

HttpResponse json_response(int status, const json& body) {
  return HttpResponse{status, "application/json", body.dump(), {}};
}

// dump() with replacement, so that a message quoting invalid bytes can never throw.
std::string dump(const json& body) {
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The request's environment, named or inline, must be one assay has or can build: a name it
// does not serve is environment_unknown, an inline one that does not load says why.
Status check_environment(const ValidationRequest& request, const Services& services) {
  if (request.environment.is_string()) {
    const std::string name = request.environment.get<std::string>();
    if (services.environments == nullptr || services.environments->find(name) == nullptr) {
      return Status::error("environment_unknown", "no environment named '" + name +
                                                      "' (GET /v1/environments lists them)");
    }
  } else if (request.environment.is_object()) {
    Result<environments::Environment> inline_env =
        environments::inline_environment(request.environment);
    if (!inline_env) return inline_env.status();
  }
  return Status::ok();
}

HttpResponse validate(const HttpRequest& request, const Services& services) {
  Result<ValidationRequest> parsed = parse_request(request.body);
  if (!parsed) return error_response(parsed.status(), request.request_id);
  if (Status environment = check_environment(*parsed, services); !environment) {
    return error_response(environment, request.request_id);
  }
  Result<ValidationResult> result = run_validation(services.registry, *parsed, new_id());
  if (!result) return error_response(result.status(), request.request_id);
  switch (parsed->options.format) {
    case OutputFormat::kSarif:
      return HttpResponse{
          200, "application/sarif+json", dump(to_sarif({*result}, std::string(kAssayVersion))), {}};
    case OutputFormat::kText: {
      std::string text;
      for (const Diagnostic& d : result->diagnostics) text += text_line(d) + "\n";
      text += "verdict: " + std::string(to_string(result->verdict)) + "\n";
      return HttpResponse{200, "text/plain; charset=utf-8", std::move(text), {}};
    }
    case OutputFormat::kJson:
      break;
  }
  return HttpResponse{200, "application/json", dump(result_to_json(*result)), {}};
}

HttpResponse list_validators(const HttpRequest&, const Services& services) {
  json validators = json::array();
  for (const auto& validator : services.registry.validators()) {
    const ValidatorInfo& info = validator->info();
    json stages = json::array();
    for (Stage stage : info.stages) stages.push_back(to_string(stage));
    validators.push_back({{"name", info.name},
                          {"version", info.version},
                          {"description", info.description},
                          {"kinds", info.kinds},
                          {"file_patterns", info.file_patterns},
                          {"dialects", info.dialects},
                          {"stages", stages}});
  }
  return json_response(200, {{"validators", validators}});
}

HttpResponse list_environments(const HttpRequest&, const Services& services) {
  json list = json::array();
  if (services.environments != nullptr) {
    for (const auto& env : services.environments->environments) {
      list.push_back(environments::environment_to_json(env, /*row_counts=*/false));
    }
  }
  return HttpResponse{200, "application/json", dump({{"environments", list}}), {}};
}

HttpResponse get_environment(const HttpRequest& request, const Services& services) {
  const std::string_view path =
      std::string_view(request.target).substr(0, request.target.find('?'));
  const std::string name(path.substr(path.rfind('/') + 1));
  const environments::Environment* env =
      services.environments == nullptr ? nullptr : services.environments->find(name);
  if (env == nullptr) {
    HttpResponse response = error_response(
        Status::error("environment_unknown", "no environment named '" + name +
                                                 "' (GET /v1/environments lists them)"),
        request.request_id);
    response.status = 404;
    return response;
  }
  return HttpResponse{200, "application/json",
                      dump(environments::environment_to_json(*env, /*row_counts=*/true)), {}};
}

HttpResponse health(const HttpRequest&, const Services&) {
  return json_response(200, {{"status", "ok"}, {"version", kAssayVersion}});
}

HttpResponse openapi(const HttpRequest&, const Services&) {
  return HttpResponse{200, "application/json", openapi_document_text(), {}};
}

struct Route {
  RouteInfo info;
  HttpResponse (*handler)(const HttpRequest&, const Services&);
};

const std::vector<Route>& route_table() {
  static const std::vector<Route> table = {
      {{"POST", "/v1/validate"}, &validate},
      {{"GET", "/v1/validators"}, &list_validators},
      {{"GET", "/v1/environments"}, &list_environments},
      {{"GET", "/v1/environments/{name}"}, &get_environment},
      {{"GET", "/healthz"}, &health},
      {{"GET", "/openapi.json"}, &openapi},
  };
  return table;
}

// Whether `path` matches `pattern`, where a "{...}" segment stands for one non-empty segment.
bool path_matches(std::string_view pattern, std::string_view path) {
  while (!pattern.empty() && !path.empty()) {
    const size_t pattern_end = std::min(pattern.find('/', 1), pattern.size());
    const size_t path_end = std::min(path.find('/', 1), path.size());
    const std::string_view want = pattern.substr(0, pattern_end);
    const std::string_view got = path.substr(0, path_end);
    const bool wildcard = want.size() > 2 && want[1] == '{' && want.back() == '}';
    if (wildcard ? got.size() < 2 : want != got) return false;
    pattern.remove_prefix(pattern_end);
    path.remove_prefix(path_end);
  }
  return pattern.empty() && path.empty();
}

}  // namespace

const std::vector<RouteInfo>& routes() {
  static const std::vector<RouteInfo> infos = [] {
    std::vector<RouteInfo> list;
    for (const Route& route : route_table()) list.push_back(route.info);
    return list;
  }();
  return infos;
}

int http_status_for(std::string_view code) {
  if (code == "request_too_large") return 413;
  if (code == "method_not_allowed") return 405;
  if (code == "not_found") return 404;
  if (code == "request_timeout") return 408;
  if (code == "internal_error") return 500;
  return 400;  // request_invalid, kind_unknown, environment_unknown, ...
}

HttpResponse error_response(const Status& status, const std::string& request_id) {
  return HttpResponse{
      http_status_for(status.code()), "application/json", dump(error_body(status, request_id)), {}};
}

HttpResponse handle(const HttpRequest& request, const Services& services) {
  const std::string_view path =
      std::string_view(request.target).substr(0, request.target.find('?'));
  std::string allowed;
  for (const Route& route : route_table()) {
    if (!path_matches(route.info.path, path)) continue;
    if (route.info.method == request.method) return route.handler(request, services);
    allowed += (allowed.empty() ? "" : ", ") + std::string(route.info.method);
  }
  if (allowed.empty()) {
    return error_response(Status::error("not_found", "no endpoint at " + std::string(path)),
                          request.request_id);
  }
  HttpResponse response = error_response(
      Status::error("method_not_allowed", request.method + " is not allowed on " +
                                              std::string(path) + "; use " + allowed),
      request.request_id);
  response.headers.emplace_back("Allow", allowed);
  return response;
}

}  // namespace assay::http
