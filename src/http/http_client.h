// A small blocking HTTP/1.1 client, for the CLI's --server mode and for tests.
//
// One request per call on a fresh connection (Connection: close). Only http:// URLs.
// Errors: request_invalid for a URL it cannot use; server_unreachable when the connection or
// the exchange fails or exceeds timeout_ms. Thread-safe (no shared state).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "src/core/status.h"

namespace assay::http {

struct ClientResponse {
  int status = 0;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  // The value of a header (case-insensitive name), or "" when absent.
  std::string header(std::string_view name) const;
};

struct ClientRequest {
  std::string method = "GET";
  std::string target = "/";  // path and query
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

// `base_url` is "http://host:port" (a trailing path prefix is prepended to the target).
Result<ClientResponse> send_request(const std::string& base_url, const ClientRequest& request,
                                    int timeout_ms);

}  // namespace assay::http
