// Values of conformance cases: YAML nodes (data, input, want_result) as Rego values, the way
// each suite's own runner reads them.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

#include "src/rego/value.h"

namespace assay::conformance {

// A YAML node as a Rego value, as OPA's runner reads YAML (through JSON): plain scalars that
// spell null, booleans or numbers are those; quoted scalars and all others are strings; mapping
// keys are strings. With `regorus_encodings`, regorus's runner's extras: `{"set!": [...]}` is a
// set, `{"object!": [{key, value}]}` an object with any keys, and "#undefined" is undefined
// (nullopt).
std::optional<rego::Value> yaml_value(const YAML::Node& node, bool regorus_encodings);

}  // namespace assay::conformance
