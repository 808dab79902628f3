// ValidationResult and Diagnostic to and from DESIGN.md's response JSON.
//
// The *_from_json functions read answers from another assayd (the CLI's --server mode); a
// document of the wrong shape gives response_invalid, never an exception.
// Pure functions, thread-safe.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "src/core/status.h"
#include "src/core/validation_result.h"

namespace assay {

// The version of the response shape and of the score formula (scoring.h).
inline constexpr int kScoreVersion = 1;

nlohmann::json diagnostic_to_json(const Diagnostic& diagnostic);
nlohmann::json result_to_json(const ValidationResult& result);
Result<ValidationResult> result_from_json(const nlohmann::json& body);

// The body of every error response: {"errors": [{code, message, severity}], "request_id"}.
nlohmann::json error_body(const Status& status, const std::string& request_id);

}  // namespace assay
