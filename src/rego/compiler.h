// The Rego compiler's checks: what OPA's compiler refuses before evaluation.
//
// compile() takes parsed modules (one policy, as `opa check` takes a directory) and reports,
// with OPA's codes and messages: rego_compile_error (a var assigned twice or declared and
// unused, keyword overrides, import conflicts, invalid `with` targets, undeclared print
// operands), rego_unsafe_var_error ("var x is unsafe"), rego_recursion_error, and
// rego_type_error (rules of conflicting kinds, several defaults, undefined functions, built-in
// arity and argument types — OPA files rule conflicts under type errors). Like OPA it stops
// after the first of its stages that finds errors. At most max_errors errors, then OPA's "error
// limit reached"; an error with details (have/want, left/right) carries them in its message
// after "\n\t", as `opa check` prints them. The modules come back with the result for the
// evaluator. Pure function of its input: thread-safe.
//
// check_query() checks a query against a compiled policy as OPA's query compiler does (unsafe
// vars, undefined functions, types); thread-safe, and any number may run on one CompileResult.
#pragma once

#include <memory>
#include <vector>

#include "src/rego/ast.h"
#include "src/rego/error.h"

namespace assay::rego {

namespace ir {
struct CompiledPolicy;
struct CompiledQuery;
}

struct CompileOptions {
  size_t max_errors = 10;  // OPA's default; 0 means no limit
  bool strict = false;     // OPA's strict mode: unused imports, unused local assignments, ...
};

struct CompileResult {
  std::vector<std::unique_ptr<Module>> modules;
  std::vector<RegoError> errors;
  // The compiled form check_query reads (the rule index); null when errors is not empty.
  std::shared_ptr<const ir::CompiledPolicy> compiled;
};

CompileResult compile(std::vector<std::unique_ptr<Module>> modules, const CompileOptions& options);

// The errors OPA's query compiler reports for `query` (a body from parse_query, such as
// `data.p.q[x]; x > 1`) against the policy: "var x is unsafe", "undefined function f", ...
// Empty when the query compiles. A policy that failed to compile is taken as empty.
std::vector<RegoError> check_query(const CompileResult& policy, const Body& query,
                                   const CompileOptions& options = {});

// The query compiled for evaluation (eval/evaluator.h): its errors as check_query reports them,
// or, when there are none, the rewritten body the evaluator runs.
struct CompileQueryResult {
  std::vector<RegoError> errors;
  std::shared_ptr<const ir::CompiledQuery> compiled;  // null when errors is not empty
};
CompileQueryResult compile_query(const CompileResult& policy, const Body& query,
                                 const CompileOptions& options = {});

}  // namespace assay::rego
