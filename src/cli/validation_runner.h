// Where the CLI's validations run: in this process through the pipeline (the default), or on an
// assayd through POST /v1/validate (--server URL). Both give the same answer to the same
// request, so a pre-commit hook can move to a shared server without its output changing.
//
// Server mode keeps one case local: JSON cannot carry text that is not UTF-8, so a request
// with such a file could not be sent. The pipeline answers those requests from its encoding
// check alone, before any validator code runs, so this process answers them itself.
// Thread-safe when the registry is no longer being built.
#pragma once

#include <string>

#include "src/core/registry.h"
#include "src/core/request.h"
#include "src/core/status.h"
#include "src/core/validation_result.h"

namespace assay::cli {

// How long the CLI waits for an assayd's answer.
inline constexpr int kServerTimeoutMs = 60000;

// Validates `request` in this process when `server_url` is empty, else on the assayd at
// `server_url` ("http://host:port"). On success, the validation's result whatever its verdict.
// Errors: those of run_validation() (kind_unknown, request_invalid, environment_unknown); in
// server mode also the server's error answers with their own code and message,
// server_unreachable, request_invalid for a URL the client cannot use or a request JSON cannot
// carry, and response_invalid for an answer that is not a result.
Result<ValidationResult> validate_request(const ValidationRequest& request,
                                          const Registry& registry, const std::string& server_url);

}  // namespace assay::cli
