// The SQL safety check: what an artefact's statements would do to the database, decided from
// libpg_query's parse tree (PostgreSQL 15's own parser), never from the text by patterns, so
// comments and string literals that mention DELETE are harmless.
//
// Reported (each as one SafetyFinding): more statements than the policy allows; a statement
// whose kind the policy does not allow (statement_kind.h); a statement nested in another, as
// a data-modifying WITH is (WITH x AS (DELETE ...) SELECT); SELECT INTO; FOR UPDATE/SHARE
// locking clauses; calls of forbidden functions (forbidden_functions.h and the policy's
// extras), qualified by a schema or not, in any case. Offsets point at the statement's first
// token or at the function's name. Pure; thread-safe (libpg_query keeps memory per thread).
// Parses on a thread of its own (large_stack.h). Precondition: `sql` holds no NUL byte.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "validators/sql/sql_safety_policy.h"

namespace assay::sql {

struct SafetyFinding {
  std::string message;
  size_t byte_offset = 0;  // into the text that was checked
};

struct SafetyCheck {
  bool parsed = false;                  // false: libpg_query rejects the text, nothing checked
  std::vector<SafetyFinding> findings;  // in the order of their offsets
};

// Past this many findings per file, more add nothing.
inline constexpr size_t kMaxSafetyFindingsPerFile = 50;

// A larger file is one finding, "too large": the parse needs stack in proportion to the text
// (large_stack.h), and unchecked SQL must not pass. HTTP request bodies are 4 MiB by default.
inline constexpr size_t kMaxSafetyCheckedBytes = size_t{4} << 20;

SafetyCheck check_sql_safety(std::string_view sql, const SqlSafetyPolicy& policy);

}  // namespace assay::sql
