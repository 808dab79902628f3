// `assay test DIR... [--run REGEX] [--format text|json] [--verbose] [--dialect v1|v0]
// [--timeout-ms N] [--server URL]`: runs the test_ rules of every .rego file under the
// directories (or of the files named) as `opa test` does — all modules together, through the
// Rego validator's run stage, so in the same sandbox as a validation.
//
// Text output follows `opa test`'s: each test that did not pass (every test with --verbose) as
// "file:row:" then "data.pkg.test_x: FAIL (1.2ms)" (SKIPPED for todo_test_ rules, ERROR with the
// error indented below), then a line of dashes and the counts "PASS: 3/4", "FAIL: 1/4",
// "SKIPPED: n/N", "ERROR: n/N". JSON output is `opa test --format json`'s array of results
// ({location, package, name, fail, skip, error, duration (ns)}). Parse and compile errors are
// printed gcc-style instead, as `assay check` prints them. --run keeps the tests whose
// "data.pkg.name" matches the regular expression (RE2).
// Exit status: 0 when every test passed (or was skipped); 1 when one failed or errored or the
// policy has errors; 2 when assay could not judge (usage, unreadable files, no .rego file).
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "src/core/registry.h"

namespace assay::cli {

int run_test(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
             std::ostream& err, const Registry& registry);

// Go's time.Duration text, as `opa test` prints durations: "0s", "850ns", "212.345µs",
// "1.5ms", "2.000001s", "1m3s".
std::string go_duration(double milliseconds);

}  // namespace assay::cli
