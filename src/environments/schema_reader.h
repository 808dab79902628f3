// Reads the tables of an environment from CREATE TABLE statements, with libpg_query's parse
// tree (PostgreSQL's own grammar), so the schema means what PostgreSQL would make of it. Only
// CREATE TABLE is accepted, with column types that SQLite and PostgreSQL both understand
// (integers, reals, numerics, text, varchar, char, boolean, date, timestamp).
// Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "src/core/diagnostic.h"
#include "src/environments/environment.h"

namespace assay::environments {

// Appends the tables declared in `sql` (the content of `file`) to `tables`, without rows.
// Every mistake (a syntax error, another kind of statement, an unsupported type, a duplicate
// table or column, too many tables or columns) becomes an environment_invalid diagnostic at
// its row and column in `file`; returns false when there was any.
bool read_schema(std::string_view sql, const std::string& file, std::vector<Table>& tables,
                 std::vector<Diagnostic>& problems);

// The kind of values a PostgreSQL type name (the last part, as in the parse tree: int4,
// float8, varchar, ...) holds; false when the type is not supported.
bool column_kind_of(std::string_view type_name, ColumnKind& kind);

}  // namespace assay::environments
