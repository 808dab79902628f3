// Environments as JSON for the HTTP API (GET /v1/environments and /v1/environments/{name}).
// Pure functions, thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "src/environments/environment.h"

namespace assay::environments {

// {"name", "description", "tables": [{"name", "columns": [{"name", "type", "kind",
// "not_null"}]}]}; with `row_counts`, each table also has "rows" (its row count), and the
// environment its "files", "python_modules", "policy" and whether it has Rego data and input.
nlohmann::json environment_to_json(const Environment& environment, bool row_counts);

}  // namespace assay::environments
