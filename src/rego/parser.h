// The Rego parser: text to AST (ast.h), with OPA's error messages and locations.
//
// Reads Rego v1 as OPA 1.x accepts it (`if`, `contains`, `every`, `in`, ref heads, ...) and,
// with RegoVersion::kV0, OPA's v0 syntax. Parse errors are rego_parse_error, in source order,
// up to max_errors, each at the row and column (characters, 1-based) of the offending token.
// Pure functions of their input: thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "src/rego/ast.h"
#include "src/rego/error.h"

namespace assay::rego {

struct ParseOptions {
  RegoVersion version = RegoVersion::kV1;
  size_t max_errors = 10;
};

struct ParsedModule {
  std::unique_ptr<Module> module;  // null when errors is not empty
  std::vector<RegoError> errors;
};

// `file` names the module in errors and locations.
ParsedModule parse_module(std::string file, std::string_view text, const ParseOptions& options);

// A query such as `data.p.q[x]; x > 1` (conformance cases, expect.query).
struct ParsedQuery {
  std::unique_ptr<Body> body;
  std::vector<RegoError> errors;
};
ParsedQuery parse_query(std::string_view text, const ParseOptions& options);

// One term, such as an `input_term` of a conformance case.
struct ParsedTerm {
  TermPtr term;
  std::vector<RegoError> errors;
};
ParsedTerm parse_term(std::string_view text, const ParseOptions& options);

}  // namespace assay::rego
