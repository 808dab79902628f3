// What an SQL parser found wrong, before it is turned into a located Diagnostic.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace assay::sql {

struct SyntaxError {
  std::string message;
  size_t byte_offset = 0;  // into the text that was checked
};

struct SyntaxCheck {
  std::vector<SyntaxError> errors;  // in the order of their offsets
  size_t statements = 0;            // statements found, when the check passed
};

// At most this many syntax errors are reported per file: after the first, the rest are found
// by resuming at the next statement, as compilers do, and past this cap they add nothing.
inline constexpr size_t kMaxSyntaxErrorsPerFile = 50;

}  // namespace assay::sql
