// JSON text as Go's encoding/json writes and checks it, for the encoding built-ins: OPA's
// json.marshal is json.Marshal of the value (sets as sorted arrays, object keys sorted, HTML
// characters escaped as \u003c, invalid UTF-8 as \ufffd), json.marshal_with_options is
// json.MarshalIndent, and json.is_valid / json.unmarshal report Go's scanner errors.
//
// Pure functions: thread-safe. Nesting is bounded by kMaxJsonDepth, as Go's scanner bounds it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "src/rego/value.h"

namespace assay::rego::builtins {

inline constexpr size_t kMaxJsonDepth = 10000;

// json.Marshal(value).
std::string go_json_marshal(const Value& value);

// json.MarshalIndent(value, prefix, indent) (the first line not prefixed, as Go's); nullopt
// past kMaxOutputBytes (a long indent repeated at every level).
std::optional<std::string> go_json_marshal_indent(const Value& value, std::string_view prefix,
                                   std::string_view indent);

// A JSON string literal as json.Marshal writes one.
void append_go_json_string(std::string* out, std::string_view s);

// nullopt when `text` is one valid JSON value (json.Valid); otherwise Go's syntax error
// ("invalid character 'x' looking for beginning of value", "unexpected end of JSON input").
std::optional<std::string> go_json_syntax_error(std::string_view text);

}  // namespace assay::rego::builtins
