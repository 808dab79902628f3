// assayd: the HTTP service. `assayd [--listen HOST:PORT] [--config FILE]`.
// Builds the validator registry from validators/ and hands it to the server.
#include <cstdio>
#include <string>
#include <vector>

#include "src/http/server.h"
#include "validators/validator_table.h"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      std::puts(
          "usage: assayd [--listen HOST:PORT] [--config FILE]\n"
          "Serves POST /v1/validate, GET /v1/validators, GET /healthz, GET /openapi.json.");
      return 0;
    }
  }
  auto config = assay::http::server_config_from_args(args);
  if (!config) {
    std::fprintf(stderr, "assayd: %s\nusage: assayd [--listen HOST:PORT] [--config FILE]\n",
                 config.status().message().c_str());
    return 2;
  }
  const assay::Registry registry = assay::make_registry();
  return assay::http::run_server(*config, registry);
}
