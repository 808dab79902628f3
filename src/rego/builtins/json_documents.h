// The document built-ins of the json.* namespace whose implementations live outside
// encoding.cc (which holds their declaration rows): json.filter and json.remove
// (json_paths.cc), json.patch (json_patch.cc), json.verify_schema and json.match_schema
// (json_schema_builtins.cc), and OPA's JSON path syntax they share.
//
// Pure functions of their arguments: thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "src/rego/builtins/builtin_impl.h"
#include "src/rego/value.h"

namespace assay::rego::builtins {

BuiltinResult json_filter(BuiltinContext& context, std::span<const Value> args);
BuiltinResult json_remove(BuiltinContext& context, std::span<const Value> args);
BuiltinResult json_patch(BuiltinContext& context, std::span<const Value> args);
BuiltinResult json_verify_schema(BuiltinContext& context, std::span<const Value> args);
BuiltinResult json_match_schema(BuiltinContext& context, std::span<const Value> args);

// OPA's parsePath: a path given as a string "a/b/c" (leading slashes dropped, "~1" and "~0"
// unescaped to "/" and "~"; "" is the empty path) or as an array of segments (any values).
// nullopt when `path` is neither.
std::optional<std::vector<Value>> parse_json_path(const Value& path);

}  // namespace assay::rego::builtins
