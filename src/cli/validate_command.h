// `assay validate --kind K [--dialect D] [--path NAME] [--server URL] [--format F] -`: validates
// one artefact read from `in`, for tools that hold an artefact in memory (an LLM service's
// candidate) rather than in a file.
//
// The artefact is named --path in the request and in every location ("<stdin>" by default).
// It is validated in this process or on --server (validation_runner.h) and the result goes to
// `out`: by default the response JSON (result_to_json), as POST /v1/validate answers.
//
// Returns the exit code (exit_codes.h): 0 clean, 1 findings, 2 for a usage error, a verdict
// "error", or a request or server error (kind_unknown, request_invalid for a dialect the
// validator lacks, server_unreachable, ...). With --format json such an error is printed as the
// service's error body ({"errors": [...]}) on `out`; with the other formats as
// "assay: CODE: MESSAGE" on `err`.
// Thread-safe when the registry is no longer being built.
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "src/core/registry.h"

namespace assay::cli {

// The artefact's name when --path is not given.
inline constexpr char kStdinPath[] = "<stdin>";

// `args` are the words after "validate".
int run_validate(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                 std::ostream& err, const Registry& registry);

}  // namespace assay::cli
