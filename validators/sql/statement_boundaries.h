// Where SQL statements may end: the semicolons that are outside quotes and comments, found by
// a lexical scan of the dialect's quoting rules. Used to split a file into statements (SQLite)
// and to resume parsing after a syntax error (PostgreSQL). Linear time; pure, thread-safe.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace assay::sql {

enum class Dialect { kPostgres, kSqlite };

// Offsets just past each top-level ';'. An unterminated quote or comment hides every ';'
// after it (the parser reports the unterminated token itself).
std::vector<size_t> statement_ends(std::string_view sql, Dialect dialect);

}  // namespace assay::sql
