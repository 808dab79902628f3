// The assayd HTTP service: Boost.Beast, asynchronous, an io_context run by `threads` threads.
//
// Sessions only read, write, time out and limit (ServerConfig); every request is answered by
// the pure handler in handlers.h. On SIGTERM or SIGINT the server stops accepting, lets
// in-flight requests finish (up to drain_timeout_ms), closes idle connections and returns 0.
// Once listening it prints "assayd listening on HOST:PORT" on stdout (the bound port, useful
// with port 0). One access-log line per request goes to stderr through spdlog.
#pragma once

#include "src/core/registry.h"
#include "src/http/server_config.h"

namespace assay::environments {
struct EnvironmentSet;
}

namespace assay::http {

// Blocks until the server has drained after a signal. Returns the process exit code: 0 after a
// clean drain, 1 when it cannot listen. `environments` (may be null) must outlive the server.
int run_server(const ServerConfig& config, const Registry& registry,
               const environments::EnvironmentSet* environments = nullptr);

}  // namespace assay::http
