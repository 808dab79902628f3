// assayd: the HTTP service. `assayd [--listen HOST:PORT] [--config FILE] [--policies DIR] [--environments DIR]`.
// Loads the sandbox policies (a malformed one stops start-up, naming the file and the field),
// makes the sandboxed Rego runner (assay-rego-harness next to assayd, a few warm children),
// loads the virtual test environments (a broken one is left out with a warning naming its
// file, row and column), builds the validator registry from validators/ and hands both to the
// server.
#include <cstdio>
#include <string>
#include <vector>

#include "sandboxes/runtime/sandbox_profile.h"
#include "src/http/configured_environments.h"
#include "src/http/server.h"
#include "validators/rego/sandboxed_rego_runner.h"
#include "validators/validator_table.h"

namespace {

// Sandbox children kept prepared for Rego runs.
constexpr int kWarmRegoChildren = 2;

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      std::puts(
          "usage: assayd [--listen HOST:PORT] [--config FILE] [--policies DIR] [--environments DIR]\n"
          "Serves POST /v1/validate, GET /v1/validators, GET /v1/environments[/NAME],\n"
          "GET /healthz, GET /openapi.json.");
      return 0;
    }
  }
  auto config = assay::http::server_config_from_args(args);
  if (!config) {
    std::fprintf(stderr,
                 "assayd: %s\nusage: assayd [--listen HOST:PORT] [--config FILE] [--policies DIR] [--environments DIR]\n",
                 config.status().message().c_str());
    return 2;
  }
  const auto policies = config->policies_dir.empty()
                            ? assay::sandbox::PolicySet::load_embedded()
                            : assay::sandbox::PolicySet::load_directory(config->policies_dir);
  if (!policies) {
    std::fprintf(stderr, "assayd: %s\n", policies.status().message().c_str());
    return 2;
  }
  assay::ValidatorServices services;
  auto rego_runner = assay::rego_validator::make_sandboxed_rego_runner(
      *policies, assay::rego_validator::harness_next_to_program(), kWarmRegoChildren);
  if (rego_runner) {
    services.rego_runner = std::move(rego_runner).value();
  } else {
    // Parse and check still work; the run stage of kind rego says it cannot run.
    std::fprintf(stderr, "assayd: Rego policies will not run: %s\n",
                 rego_runner.status().message().c_str());
  }
  std::vector<std::string> warnings;
  const assay::environments::EnvironmentSet environments =
      assay::http::load_configured_environments(config->environments_dir, warnings);
  for (const std::string& warning : warnings) std::fprintf(stderr, "assayd: %s\n", warning.c_str());
  const assay::Registry registry = assay::make_registry(services);
  return assay::http::run_server(*config, registry, &environments);
}
