// ValidationRequest to and from DESIGN.md's JSON shape.
//
// request_from_json() accepts untrusted input: unknown fields are ignored; a missing required
// field or a field of the wrong type or out of bounds gives request_invalid with a message
// naming the field ("files[2].path"). Pure functions, thread-safe.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "src/core/request.h"
#include "src/core/status.h"

namespace assay {

Result<ValidationRequest> request_from_json(const nlohmann::json& body);

// parse_json_body() followed by request_from_json().
Result<ValidationRequest> parse_request(std::string_view body);

nlohmann::json request_to_json(const ValidationRequest& request);

std::string_view to_string(OutputFormat format);
bool parse_output_format(std::string_view text, OutputFormat& out);

}  // namespace assay
