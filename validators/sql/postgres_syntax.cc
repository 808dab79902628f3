#include "validators/sql/postgres_syntax.h"

#include <pg_query.h>

#include <algorithm>
#include <string>
#include <vector>

#include "src/core/text_position.h"
#include "validators/sql/statement_boundaries.h"

namespace assay::sql {
namespace {

// Owns a PgQuerySplitResult for the length of a scope.
struct SplitResult {
  explicit SplitResult(PgQuerySplitResult r) : result(r) {}
  ~SplitResult() { pg_query_free_split_result(result); }
  SplitResult(const SplitResult&) = delete;
  SplitResult& operator=(const SplitResult&) = delete;
  PgQuerySplitResult result;
};

}  // namespace

SyntaxCheck check_postgres_syntax(std::string_view sql) {
  SyntaxCheck check;
  size_t start = 0;  // where the text still to parse begins in `sql`
  while (start < sql.size()) {
    const std::string text(sql.substr(start));
    SplitResult split(pg_query_split_with_parser(text.c_str()));
    const PgQueryError* error = split.result.error;
    if (error == nullptr) {
      check.statements += static_cast<size_t>(split.result.n_stmts);
      break;
    }
    // cursorpos is 1-based and counts characters; 0 means PostgreSQL gave no position.
    const size_t local_offset =
        error->cursorpos > 0 ? byte_offset_of_char(text, static_cast<size_t>(error->cursorpos - 1))
                             : 0;
    check.errors.push_back(SyntaxError{error->message, start + local_offset});
    if (check.errors.size() >= kMaxSyntaxErrorsPerFile) break;
    // Resume after the end of the broken statement.
    const std::vector<size_t> ends = statement_ends(text, Dialect::kPostgres);
    const auto next = std::upper_bound(ends.begin(), ends.end(), local_offset);
    if (next == ends.end()) break;
    start += *next;
  }
  return check;
}

}  // namespace assay::sql
