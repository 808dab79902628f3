// The catalogue of error codes assay reports (DESIGN.md, "Error codes"), each with a one-line
// description: SARIF rules and the OpenAPI document read it, so a code is described once.
// constexpr data: thread-safe.
#pragma once

#include <string_view>

namespace assay {

struct ErrorCodeInfo {
  std::string_view code;
  std::string_view description;
};

// The description of `code`, or an empty view when the code is not catalogued.
std::string_view describe_error_code(std::string_view code);

}  // namespace assay
