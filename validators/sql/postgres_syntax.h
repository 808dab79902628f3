// PostgreSQL syntax checking with libpg_query, the real PostgreSQL 15 parser.
//
// Every statement in the text is parsed. After an error the check resumes after the end of the
// broken statement (statement_boundaries.h), so one file reports every broken statement, up to
// kMaxSyntaxErrorsPerFile. Offsets are byte offsets into `sql`, converted from the character
// cursor positions PostgreSQL reports. Precondition: `sql` holds no NUL byte.
// Thread-safe (libpg_query keeps its memory contexts per thread).
#pragma once

#include <string_view>

#include "validators/sql/syntax_error.h"

namespace assay::sql {

SyntaxCheck check_postgres_syntax(std::string_view sql);

}  // namespace assay::sql
