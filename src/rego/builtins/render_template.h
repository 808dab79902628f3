// strings.render_template: the subset of Go's text/template that OPA's policies use, executed
// as OPA executes it (variables converted through JSON, so numbers are float64; option
// missingkey=error).
//
// Pure function: thread-safe. Work and output are bounded.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "src/rego/value.h"

namespace assay::rego::builtins {

// The template rendered with `vars` (an object) as its data, or nullopt with *error set to Go's
// message when the template does not parse or fails to execute.
std::optional<std::string> render_go_template(std::string_view text, const Value& vars,
                                              std::string* error);

}  // namespace assay::rego::builtins
