// Diagnostic: one finding about an artefact, in OPA's {code, message, location} shape.
//
// `code` is one of DESIGN.md's codes (sql_syntax_error, rego_parse_error, sandbox_timeout, ...).
// A Location points into a file the user sent: `file` is the path from the request, `row` and
// `col` are 1-based, and `col` counts UTF-8 characters, not bytes. Plain values.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace assay {

struct Location {
  std::string file;
  int row = 0;  // 1-based
  int col = 0;  // 1-based, in characters

  friend bool operator==(const Location&, const Location&) = default;
};

enum class Severity { kError, kWarning, kInfo };

// The three stages a validation goes through, in order.
enum class Stage { kParse, kCheck, kRun };
inline constexpr Stage kAllStages[] = {Stage::kParse, Stage::kCheck, Stage::kRun};

struct Diagnostic {
  std::string code;
  std::string message;
  std::optional<Location> location;
  Severity severity = Severity::kError;
  std::optional<Stage> stage;  // empty for findings about the request as a whole
  std::string validator;       // name of the validator that reported it

  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

std::string_view to_string(Severity severity);
std::string_view to_string(Stage stage);
// Return false when the text names no value (the output is left untouched).
bool parse_severity(std::string_view text, Severity& out);
bool parse_stage(std::string_view text, Stage& out);

}  // namespace assay
