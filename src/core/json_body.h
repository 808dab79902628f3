// Parsing untrusted JSON text (an HTTP body, a file) into nlohmann::json.
//
// Refuses, with request_invalid and a message a client can act on: malformed JSON (naming the
// byte offset), invalid UTF-8 inside strings, and nesting deeper than a bound, which is checked
// before parsing so that no recursive walk over the document can exhaust the stack.
// Pure functions, thread-safe.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "src/core/status.h"

namespace assay {

Result<nlohmann::json> parse_json_body(std::string_view text, size_t max_depth);

}  // namespace assay
