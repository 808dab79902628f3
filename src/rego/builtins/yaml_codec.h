// YAML as OPA's yaml.* built-ins read and write it (sigs.k8s.io/yaml over go-yaml v2): reading
// resolves plain scalars by YAML 1.1's rules (yes/no/on/off are booleans, 017 is octal) and turns
// the document into JSON's data model (non-string keys become strings); writing emits go-yaml
// v2's block style (sequences in mappings not indented, strings quoted only when needed).
//
// Pure functions on top of yaml-cpp: thread-safe. Alias expansion is bounded.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "src/rego/value.h"

namespace assay::rego::builtins {

// The first document of `text` as a value, or nullopt with *error set to go-yaml's wording
// ("yaml: line 1: did not find expected ',' or ']'").
std::optional<Value> yaml_to_value(std::string_view text, std::string* error);

// yaml.Marshal of the value's JSON form.
std::string value_to_yaml(const Value& value);

}  // namespace assay::rego::builtins
