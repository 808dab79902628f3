#include "src/cli/usage.h"

#include "src/cli/exit_codes.h"

namespace assay::cli {
namespace {

struct CommandHelp {
  std::string_view name;
  std::string_view synopsis;
  std::string_view summary;
};

constexpr CommandHelp kCommands[] = {
    {"check", "check [--format text|json|sarif] [--server URL] [--dialect D] FILE...",
     "Validate files, each with the validator for its name (*.sql), and print the findings."},
    {"validate",
     "validate --kind K [--dialect D] [--path NAME] [--server URL] [--format json|text|sarif] -",
     "Validate one artefact read from stdin and print the result (JSON by default)."},
    {"serve", "serve [--listen HOST:PORT] [--config FILE] [--policies DIR] [--environments DIR]",
     "Run the HTTP validation service (POST /v1/validate)."},
    {"run",
     "run [--profile NAME] [--policies DIR] [--timeout-ms N] [--memory-mb N] [--workspace DIR] "
     "[--stdin FILE] -- CMD ARGS...",
     "Run a command in the sandbox and print how it ended as JSON."},
    {"test",
     "test [--run REGEX] [--format text|json] [--verbose] [--dialect v1|v0] [--timeout-ms N] "
     "[--server URL] DIR|FILE...",
     "Run the test_ rules of the .rego files under DIR in the sandbox, as `opa test` does."},
};

}  // namespace

std::string program_usage() {
  std::string text = "usage: assay COMMAND [OPTIONS]\n\ncommands:\n";
  for (const CommandHelp& command : kCommands) {
    text += "  assay " + std::string(command.synopsis) + "\n";
    text += "      " + std::string(command.summary) + "\n";
  }
  text +=
      "  assay help | --help        Print this help.\n"
      "  assay version | --version  Print the version.\n"
      "\n"
      "--server URL (e.g. http://127.0.0.1:8787) sends the artefacts to an assayd instead of\n"
      "validating them in this process; the answers are the same.\n"
      "\n"
      "exit status: 0 clean (warnings allowed), 1 findings, 2 not judged (usage error,\n"
      "unreadable file, request or server error, validator fault).\n";
  return text;
}

std::string command_usage(std::string_view command) {
  for (const CommandHelp& entry : kCommands) {
    if (entry.name == command) return "usage: assay " + std::string(entry.synopsis);
  }
  return "usage: assay COMMAND [OPTIONS] (assay --help lists the commands)";
}

int report_usage_error(std::ostream& err, std::string_view command, std::string_view message) {
  err << "assay";
  if (!command.empty()) err << " " << command;
  err << ": " << message << "\n" << command_usage(command) << "\n";
  return kExitNotJudged;
}

}  // namespace assay::cli
