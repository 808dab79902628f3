#include "validators/sql/sql_safety_policy.h"

namespace assay::sql {

std::string describe_allowed(const SqlSafetyPolicy& policy) {
  std::string kinds;
  for (size_t i = 0; i < policy.allowed_statements.size(); ++i) {
    if (i > 0) kinds += i + 1 == policy.allowed_statements.size() ? " or " : ", ";
    kinds += policy.allowed_statements[i];
  }
  if (kinds.empty()) return "no statement";
  if (policy.max_statements == 1) return "one " + kinds;
  return "up to " + std::to_string(policy.max_statements) + " statements, each " + kinds;
}

}  // namespace assay::sql
