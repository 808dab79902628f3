// The `assay` program: builds the registry from the validator table and hands the command line
// to run_assay() (assay_command.h).
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <string>
#include <vector>

#include "src/cli/assay_command.h"
#include "validators/validator_table.h"

int main(int argc, char** argv) {
  // Logs go to stderr: stdout carries the results (JSON, SARIF) that tools read.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("assay"));
  const std::vector<std::string> args(argv + 1, argv + argc);
  const assay::Registry registry = assay::make_registry();
  return assay::cli::run_assay(args, std::cin, std::cout, std::cerr, registry);
}
