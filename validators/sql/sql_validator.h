// The SQL validator (kind "sql"): syntax in the PostgreSQL dialect (default, libpg_query) or
// the SQLite dialect (sqlite3_prepare_v2). Each file is checked on its own; each syntax error
// becomes sql_syntax_error located in the user's file, and a file with no statement at all is
// an error too. The check stage applies the safety policy (sql_safety.h), each finding a
// sql_forbidden_statement; it reads every dialect with libpg_query and skips the files that
// PostgreSQL's parser rejects. Thread-safe.
#pragma once

#include <memory>

#include "src/core/validator.h"

namespace assay::sql {

std::unique_ptr<Validator> make_sql_validator(ValidatorInfo info);

}  // namespace assay::sql
