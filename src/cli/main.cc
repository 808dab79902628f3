// The `assay` program: builds the registry from the validator table (with the sandboxed Rego
// runner, when the embedded policies and the harness next to this program allow it) and hands
// the command line to run_assay() (assay_command.h).
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <string>
#include <vector>

#include "sandboxes/runtime/sandbox_profile.h"
#include "src/cli/assay_command.h"
#include "validators/rego/sandboxed_rego_runner.h"
#include "validators/validator_table.h"

int main(int argc, char** argv) {
  // Logs go to stderr: stdout carries the results (JSON, SARIF) that tools read.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("assay"));
  const std::vector<std::string> args(argv + 1, argv + argc);
  // A one-shot command keeps stderr for what the user must see; `serve` logs as assayd does.
  if (args.empty() || args[0] != "serve") spdlog::set_level(spdlog::level::warn);
  assay::ValidatorServices services;
  if (auto policies = assay::sandbox::PolicySet::load_embedded()) {
    auto runner = assay::rego_validator::make_sandboxed_rego_runner(
        *policies, assay::rego_validator::harness_next_to_program());
    if (runner) services.rego_runner = std::move(runner).value();
  }
  const assay::Registry registry = assay::make_registry(services);
  return assay::cli::run_assay(args, std::cin, std::cout, std::cerr, registry);
}
