// The HTTP API as pure functions: a request in, a response out, no I/O.
//
// The Beast session (server.cc) reads an HttpRequest, calls handle(), and writes the
// HttpResponse; everything the API decides (routing, status codes, bodies, errors) is here so
// it can be tested without a socket. Every error response has the same JSON shape
// ({"errors": [{code, message, severity}], "request_id"}). Thread-safe: Services are read-only.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/core/registry.h"
#include "src/core/status.h"

namespace assay::environments {
struct EnvironmentSet;
}

namespace assay::http {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, as sent
  std::string body;
  std::string request_id;  // chosen by the session; echoed in bodies and headers
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Allow
};

// What handlers may use; shared by all sessions.
struct Services {
  const Registry& registry;
  // The virtual test environments; nullptr: none loaded (the list is empty).
  const environments::EnvironmentSet* environments = nullptr;
};

// One row of the route table: the endpoints the server answers (and openapi.json lists). A
// path segment in braces ("{name}") matches any one non-empty segment.
struct RouteInfo {
  std::string_view method;
  std::string_view path;
};
const std::vector<RouteInfo>& routes();

HttpResponse handle(const HttpRequest& request, const Services& services);

// The response for an error Status: its HTTP status from the code (http_status_for) and the
// error JSON body.
HttpResponse error_response(const Status& status, const std::string& request_id);
int http_status_for(std::string_view error_code);

}  // namespace assay::http
