// The table of validators every assay program registers: each row gives a validator's name,
// version, kinds, file patterns, dialects and stages, next to the function that makes it.
// Only the programs' main files (and tests) include this; core never sees a plugin.
#pragma once

#include <memory>

#include "src/core/registry.h"
#include "validators/rego/rego_runner.h"

namespace assay {

// What validators need from the program that hosts them.
struct ValidatorServices {
  // Runs Rego jobs in the sandbox (rego_validator::make_sandboxed_rego_runner). Null: the rego
  // validator's run stage is skipped, saying why.
  std::shared_ptr<const rego_validator::RegoRunner> rego_runner;
};

// A registry holding one instance of every validator in the table.
Registry make_registry(const ValidatorServices& services = {});

}  // namespace assay
