// Loading virtual test environments from disk: one folder per environment,
//
//   <name>/environment.yaml   name, description, schema, fixtures, files, rego, python_modules,
//                             policy (every key but name optional)
//   <name>/schema.sql         CREATE TABLE statements (SQLite and PostgreSQL both accept them)
//   <name>/fixtures/<t>.csv   rows of table <t>, with a header row naming its columns
//
// Every path in environment.yaml is relative to the folder and stays inside it. Every mistake
// becomes an environment_invalid diagnostic with the file, row and column where it is (YAML
// marks, CSV rows and columns, schema positions); the loader never throws and bounds every
// size (limits.h). Thread-safe: no shared state.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "src/core/diagnostic.h"
#include "src/environments/environment.h"

namespace assay::environments {

// An environment, or the problems that kept it from loading.
struct EnvironmentLoad {
  std::optional<Environment> environment;  // set only when `problems` is empty
  std::vector<Diagnostic> problems;
};

// Loads the environment in `dir`. Locations name files as `dir / relative path`.
EnvironmentLoad load_environment(const std::filesystem::path& dir);

// All environments of `root` (every sub-folder that holds an environment.yaml), by name.
struct EnvironmentSet {
  std::vector<Environment> environments;  // sorted by name
  std::vector<Diagnostic> problems;       // of the folders that did not load

  // The environment named `name`, or nullptr.
  const Environment* find(const std::string& name) const;
};

// Loads every environment under `root`; a broken one is left out and its problems kept.
// A missing or unreadable root is one problem.
EnvironmentSet load_environments(const std::filesystem::path& root);

}  // namespace assay::environments
