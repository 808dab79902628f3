// `assay check [--format text|json|sarif] [--server URL] [--dialect D] FILE...`: the pre-commit
// and CI command.
//
// Each file goes to the validator its name selects (Registry::for_path); a file no validator
// handles is skipped with a note on `err`. Files are grouped by validator, one request per
// group, with paths as given (an absolute path under the current directory is made relative
// to it, so reports read the same wherever the hook runs). The requests are validated in this
// process or on --server (validation_runner.h), and the report goes to `out`
// (report_printer.h).
//
// Returns the exit code (exit_codes.h): 0 clean, 1 findings, 2 when nothing could be judged:
// a usage error, no file any validator handles, an unreadable file, a request or server error
// (printed as "assay: CODE: MESSAGE" on `err`, with nothing on `out`), or a verdict "error".
// Not thread-safe while it runs: it reads the current directory.
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "src/core/registry.h"

namespace assay::cli {

// `args` are the words after "check". `in` is unused; every command takes the same streams.
int run_check(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
              std::ostream& err, const Registry& registry);

}  // namespace assay::cli
