#include "src/cli/assay_command.h"

#include <string_view>

#include "src/cli/check_command.h"
#include "src/cli/exit_codes.h"
#include "src/cli/run_command.h"
#include "src/cli/serve_command.h"
#include "src/cli/test_command.h"
#include "src/cli/usage.h"
#include "src/cli/validate_command.h"
#include "src/core/version.h"

namespace assay::cli {
namespace {

using Command = int (*)(const std::vector<std::string>&, std::istream&, std::ostream&,
                        std::ostream&, const Registry&);

struct CommandEntry {
  std::string_view name;
  Command run;
};

constexpr CommandEntry kCommands[] = {
    {"check", &run_check},
    {"validate", &run_validate},
    {"serve", &run_serve},
    {"run", &run_run},
    {"test", &run_test},
};

}  // namespace

int run_assay(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
              std::ostream& err, const Registry& registry) {
  if (args.empty()) {
    err << program_usage();
    return kExitNotJudged;
  }
  const std::string& name = args.front();
  if (name == "help" || name == "--help" || name == "-h") {
    out << program_usage();
    return kExitClean;
  }
  if (name == "version" || name == "--version") {
    out << "assay " << kAssayVersion << "\n";
    return kExitClean;
  }
  for (const CommandEntry& command : kCommands) {
    if (command.name == name) {
      return command.run(std::vector<std::string>(args.begin() + 1, args.end()), in, out, err,
                         registry);
    }
  }
  err << "assay: unknown command '" << name << "'\n\n" << program_usage();
  return kExitNotJudged;
}

}  // namespace assay::cli
