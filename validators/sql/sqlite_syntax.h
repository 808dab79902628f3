// SQLite syntax checking: each statement is compiled with sqlite3_prepare_v2 against an empty
// in-memory database and never stepped, so nothing in the text is executed.
//
// An empty database knows no tables, so errors about names that do not exist ("no such
// table", "no such column", ...) are not syntax errors and are ignored until environments
// provide a schema; SQLite resolves names only after it has parsed the whole statement, so the
// statement's syntax was checked by then. Other compile errors (a misused aggregate, a wrong
// argument count) are reported. Statements are split at top-level semicolons, keeping
// CREATE TRIGGER bodies whole. Precondition: `sql` holds no NUL byte.
// Thread-safe (one connection per thread).
#pragma once

#include <string_view>

#include "validators/sql/syntax_error.h"

namespace assay::sql {

SyntaxCheck check_sqlite_syntax(std::string_view sql);

}  // namespace assay::sql
