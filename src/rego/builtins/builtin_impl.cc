// What every built-in implementation shares: OPA's operand type error.
#include "src/rego/builtins/builtin_impl.h"

#include <string>

namespace assay::rego {

BuiltinResult operand_type_error(int position, const Value& got, std::string_view want) {
  return BuiltinResult::error("eval_type_error", "operand " + std::to_string(position) +
                                                     " must be " + std::string(want) +
                                                     " but got " + std::string(got.type_name()));
}

}  // namespace assay::rego
