// An environment sent inside a request instead of named:
//   {"schema": "CREATE TABLE t (a integer, b text);", "rows": {"t": [{"a": 1, "b": "x"}]}}
// parsed into the same Environment as one loaded from disk, with smaller bounds
// (kMaxInlineSchemaBytes, kMaxInlineRows in all). Pure function, thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "src/core/status.h"
#include "src/environments/environment.h"

namespace assay::environments {

// Errors: environment_invalid with a message naming what is wrong (a schema problem with its
// row and column in the schema text, "rows.t[3].b: ..." for a value), request_too_large when a
// bound is passed. The environment is named "inline".
Result<Environment> inline_environment(const nlohmann::json& request_environment);

}  // namespace assay::environments
