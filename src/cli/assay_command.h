// The `assay` program's command line: picks the command named by the first word and runs it
// (check, validate, serve), or prints the help or the version.
//
// Returns the process exit code (exit_codes.h): the command's own, 0 for help and version,
// 2 with the usage on `err` for no command or an unknown one.
// Not thread-safe (commands read the current directory; serve handles signals).
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "src/core/registry.h"

namespace assay::cli {

// `args` are the words after the program name.
int run_assay(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
              std::ostream& err, const Registry& registry);

}  // namespace assay::cli
