// What an environment allows an SQL artefact to do: which statement kinds, how many statements,
// and which functions it may not call beyond the built-in table (forbidden_functions.h).
// The default is one read-only SELECT. The environment loader fills this from
// environment.yaml; plain data, copyable, thread-safe to share once built.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace assay::sql {

struct SqlSafetyPolicy {
  // Statement kinds as statement_kind.h names them ("SELECT", "EXPLAIN", "INSERT", ...).
  // A SELECT covers WITH ... SELECT, UNION/INTERSECT/EXCEPT, VALUES and TABLE.
  std::vector<std::string> allowed_statements{"SELECT"};
  size_t max_statements = 1;
  // Function names, matched case-insensitively against the unqualified name; a trailing '*'
  // matches every name with that prefix ("my_audit_*").
  std::vector<std::string> extra_forbidden_functions{};
};

// "one SELECT", "up to 3 statements, each SELECT or EXPLAIN": ends the messages of findings.
std::string describe_allowed(const SqlSafetyPolicy& policy);

}  // namespace assay::sql
