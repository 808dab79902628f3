// Rego tests as `opa test` runs them: every rule whose name starts with `test_` is a test,
// evaluated as `data.<package>.<name>`; it passes when it is defined and not false, fails
// otherwise, and errors when its evaluation raises an error. `todo_test_` rules are skipped.
// Results in OPA's order (modules by file, rules in order) with `opa test --format json`'s
// fields. Thread-safe as evaluate_query is.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "src/rego/error.h"
#include "src/rego/eval/evaluator.h"

namespace assay::rego {

struct RegoTestResult {
  std::string package;  // "data.authz"
  std::string name;     // "test_allow"
  std::string file;
  SourceLocation location;  // of the test rule
  bool fail = false;
  bool skip = false;
  std::optional<RegoError> error;
  double duration_ms = 0;
  std::vector<std::string> output;  // print() lines of this test
};

// `filter`: only tests whose "package.name" contains it (empty: all).
std::vector<RegoTestResult> run_tests(const PreparedPolicy& policy, const EvalOptions& options,
                                      const std::string& filter = "");

// `select`: only tests for which it returns true, given "data.package.name" (as `opa test --run`
// selects with a regular expression); the others are neither run nor listed.
std::vector<RegoTestResult> run_tests(const PreparedPolicy& policy, const EvalOptions& options,
                                      const std::function<bool(std::string_view)>& select);

}  // namespace assay::rego
