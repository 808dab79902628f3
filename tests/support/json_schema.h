// Test support: checks a JSON value against a JSON Schema as the OpenAPI 3.1 document uses it
// (type, enum, required, properties, items, minItems/maxItems, minimum/maximum, minLength/
// maxLength, oneOf, $ref into the same document). Returns the first mismatch as a path and a
// reason, or "" when the value conforms.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace assay::testing {

std::string schema_mismatch(const nlohmann::json& value, const nlohmann::json& schema,
                            const nlohmann::json& document, const std::string& path = "$");

}  // namespace assay::testing
