// The Rego validator's run stage: builds the harness job from the request (its files, dialect
// and `expect`), has a RegoRunner evaluate it in the sandbox, and turns the answer into
// findings.
//
// expect (all optional):
//   query        a Rego query such as "data.slo.violation"; evaluated with input and data
//   input, data  the documents `input` and `data` (data must be an object)
//   result       what the query must give, in either form:
//                - the list of solutions, each an object of the query's variables
//                  (OPA conformance's want_result: [{"x": 1}, {"x": 2}]; [] for undefined,
//                  [{}] for a query without variables that is defined); order does not matter;
//                - when the query binds no variables: the query's value itself
//                  (`data.slo.violation` → ["web: response time violation"]).
//                Values compare as Rego values (1 == 1.0); a set compares as its sorted array.
//                A mismatch is an error rego_result_mismatch naming both.
//   test_filter  with no query: only the test_ rules whose "data.pkg.name" matches this
//                regular expression (RE2, as `opa test --run`)
//   strict_builtin_errors  as OPA's flag: a built-in's error stops evaluation
// With no query, the modules' test_ rules run as `opa test` runs them: every test goes into the
// response's tests, a failed test is an error rego_test_failed at the rule, an errored test
// reports its error (eval_conflict_error, ...) at its location. With neither a query nor test_
// rules, the stage is skipped (nothing to run). Evaluation errors keep OPA's codes and point
// into the user's files; the sandbox's own ends (timeout, memory, a denied call) come as
// sandbox_* errors. A malformed `expect` is an error request_invalid.
#pragma once

#include <memory>
#include <vector>

#include "src/core/validator.h"
#include "src/rego/ast.h"
#include "validators/rego/rego_runner.h"

namespace assay::rego_validator {

// `modules`: the request's parsed modules (to find test_ rules and the rule a query names); may
// be empty when the files did not parse in this process. `runner` may be null: the stage then
// says it cannot run and warns that expect was not checked. Throws when the harness's answer
// is not what it writes (an internal fault of assay, not of the artefact).
void run_rego_stage(const ValidationRequest& request,
                    const std::vector<std::unique_ptr<rego::Module>>& modules,
                    const RegoRunner* runner, StageReport& report);

}  // namespace assay::rego_validator
