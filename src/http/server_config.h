// ServerConfig: how assayd listens and what it limits. Defaults are the embedded ones that
// `make run` uses; a YAML file (--config) and flags (--listen) override them.
//
// YAML keys, all optional:
//   listen: "127.0.0.1:8787"
//   threads: 0                # 0: one per core
//   limits:
//     max_body_bytes: 4194304
//     max_header_bytes: 16384
//     header_timeout_ms: 10000  # to receive the request line and headers
//     body_timeout_ms: 30000    # to receive the body
//     idle_timeout_ms: 30000    # between requests on a kept-alive connection
//     drain_timeout_ms: 10000   # on SIGTERM, for in-flight requests to finish
//   log_level: info           # trace, debug, info, warn, error, off
//   policies: /etc/assay/policies  # sandbox policies; default: the ones built into the binary
//   environments: /srv/assay/environments  # virtual test environments; default: found
//                                          # next to the program or in the source tree
// Plain values; the functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "src/core/status.h"

namespace assay::http {

struct ServerConfig {
  std::string host = "127.0.0.1";
  uint16_t port = 8787;  // 0: any free port (the bound one is printed)
  int threads = 0;
  size_t max_body_bytes = 4 * 1024 * 1024;
  size_t max_header_bytes = 16 * 1024;
  int header_timeout_ms = 10000;
  int body_timeout_ms = 30000;
  int idle_timeout_ms = 30000;
  int drain_timeout_ms = 10000;
  std::string log_level = "info";
  std::string policies_dir;  // empty: the embedded policies
  std::string environments_dir;  // empty: default_environments_dir()
};

// "host:port" into config.host / config.port. Errors: request_invalid naming the text.
Status parse_listen_address(const std::string& text, ServerConfig& config);

// Overrides `config` with the keys of the YAML file. Errors: config_invalid naming the file,
// the key and the line.
Status load_config_file(const std::string& path, ServerConfig& config);

// Reads `[--listen HOST:PORT] [--config FILE] [--policies DIR] [--environments DIR]` (the
// config file first, then the flags).
// Errors: usage_error or config_invalid with a message for the user.
Result<ServerConfig> server_config_from_args(const std::vector<std::string>& args);

}  // namespace assay::http
