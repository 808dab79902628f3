// Reports for people and tools: gcc-style text lines and SARIF 2.1.0.
//
// Text: one "path:row:col: severity: message [code]" line per diagnostic, as compilers print,
// so editors and CI annotate them. SARIF: one run for all results, tool.driver.rules listing
// every code that appears, results with ruleId, level, message and physicalLocation (uri as the
// location's file, percent-encoded; region with startLine/startColumn, columns in Unicode code
// points), and one invocation whose executionSuccessful is false, with a notification per stage,
// when a validation could not decide. Pure functions, thread-safe.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "src/core/validation_result.h"

namespace assay {

std::string text_line(const Diagnostic& diagnostic);

nlohmann::json to_sarif(const std::vector<ValidationResult>& results,
                        const std::string& tool_version);

// RFC 3986 percent-encoding of a relative path for a SARIF artifactLocation.uri; '/' is kept.
std::string path_to_uri(std::string_view path);

}  // namespace assay
