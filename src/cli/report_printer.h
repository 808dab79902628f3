// Printing what the CLI found, in its three output formats:
//   text   one gcc-style "path:row:col: severity: message [code]" line per finding (text_line),
//          then a summary such as "assay: 2 errors, 1 warning in 3 files" or
//          "assay: 3 files clean";
//   json   result_to_json: {"results": [...]} for check, the one result object for validate;
//   sarif  to_sarif, one run holding every result.
// A stage that failed internally (verdict "error") has no diagnostic of its own; the text
// format prints it as an internal_error line so that it never reads as clean.
// JSON output replaces bytes that are not UTF-8 (file names) rather than failing.
// Pure functions of their arguments, thread-compatible (they write to the stream given).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "src/core/request.h"
#include "src/core/status.h"
#include "src/core/validation_result.h"

namespace assay::cli {

enum class JsonLayout { kResultList, kSingleResult };

void print_report(const std::vector<ValidationResult>& results, size_t files_checked,
                  OutputFormat format, JsonLayout layout, std::ostream& out);

// The findings the text format prints: every diagnostic, then one internal_error per stage
// that failed internally.
std::vector<Diagnostic> text_findings(const ValidationResult& result);

// "assay: 2 errors, 1 warning in 3 files", "assay: 1 file clean".
std::string summary_line(const std::vector<ValidationResult>& results, size_t files_checked);

// The --format flag's value, or `fallback` when it was not given.
// Errors: usage_error naming the value when it is not json, sarif or text.
Result<OutputFormat> format_from_flag(const std::optional<std::string>& flag,
                                      OutputFormat fallback);

// "assay: CODE: MESSAGE" on `err`, for a request that was not judged.
void print_request_error(std::ostream& err, const Status& status);

// The service's error body ({"errors": [{code, message}], "request_id"}) on `out`, for tools
// that read JSON whatever happens.
void print_error_body(std::ostream& out, const Status& status, const std::string& request_id);

}  // namespace assay::cli
