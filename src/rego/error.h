// RegoError: a finding of the Rego engine in OPA's own shape, {code, message, location}, so that
// tools written for `opa check --format json` read it unchanged. Codes are OPA's:
// rego_parse_error, rego_compile_error, rego_unsafe_var_error, rego_recursion_error,
// rego_type_error (and, from evaluation, eval_conflict_error, eval_type_error,
// eval_builtin_error). Plain values.
#pragma once

#include <string>

namespace assay::rego {

struct SourceLocation {
  int row = 0;  // 1-based; 0 when unknown
  int col = 0;  // 1-based, in characters
  int offset = 0;  // byte offset in the module's text
};

struct RegoError {
  std::string code;
  std::string message;
  std::string file;
  SourceLocation location;
};

inline constexpr const char* kParseError = "rego_parse_error";
inline constexpr const char* kCompileError = "rego_compile_error";
inline constexpr const char* kUnsafeVarError = "rego_unsafe_var_error";
inline constexpr const char* kRecursionError = "rego_recursion_error";
inline constexpr const char* kTypeError = "rego_type_error";

}  // namespace assay::rego
