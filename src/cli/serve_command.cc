#include "src/cli/serve_command.h"

#include <algorithm>

#include "sandboxes/runtime/sandbox_profile.h"
#include "src/cli/exit_codes.h"
#include "src/cli/usage.h"
#include "src/http/configured_environments.h"
#include "src/http/server.h"
#include "src/http/server_config.h"

namespace assay::cli {
namespace {

constexpr std::string_view kCommand = "serve";

}  // namespace

int run_serve(const std::vector<std::string>& args, std::istream& /*in*/, std::ostream& out,
              std::ostream& err, const Registry& registry) {
  if (std::find(args.begin(), args.end(), "--help") != args.end()) {
    out << command_usage(kCommand) << "\n";
    return kExitClean;
  }
  Result<http::ServerConfig> config = http::server_config_from_args(args);
  if (!config) return report_usage_error(err, kCommand, config.status().message());
  const auto policies = config->policies_dir.empty()
                            ? sandbox::PolicySet::load_embedded()
                            : sandbox::PolicySet::load_directory(config->policies_dir);
  if (!policies) return report_usage_error(err, kCommand, policies.status().message());
  std::vector<std::string> warnings;
  const environments::EnvironmentSet environments =
      http::load_configured_environments(config->environments_dir, warnings);
  for (const std::string& warning : warnings) err << "assay serve: " << warning << "\n";
  out.flush();  // the server writes to stdout itself
  return http::run_server(*config, registry, &environments);
}

}  // namespace assay::cli
