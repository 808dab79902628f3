#include "validators/sql/sqlite_syntax.h"

#include <sqlite3.h>

#include <cctype>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "validators/sql/statement_boundaries.h"

namespace assay::sql {
namespace {

struct ConnectionCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Connection = std::unique_ptr<sqlite3, ConnectionCloser>;

// An empty, defensive, in-memory database for this thread.
sqlite3* thread_connection() {
  thread_local Connection connection = [] {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      sqlite3_close_v2(db);
      throw std::runtime_error("cannot open an in-memory SQLite database");
    }
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
    return Connection(db);
  }();
  return connection.get();
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Reads the next word of `text` from `at` (skipping spaces), upper-cased; advances `at`.
std::string next_word(std::string_view text, size_t& at) {
  while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
  std::string word;
  while (at < text.size() && is_word_char(text[at])) {
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(text[at++])));
  }
  return word;
}

// CREATE [TEMP|TEMPORARY] TRIGGER ...
bool is_create_trigger(std::string_view statement) {
  size_t at = 0;
  if (next_word(statement, at) != "CREATE") return false;
  std::string word = next_word(statement, at);
  if (word == "TEMP" || word == "TEMPORARY") word = next_word(statement, at);
  return word == "TRIGGER";
}

// True when the semicolon that ends `piece` follows the keyword END (a trigger body's end).
bool ends_with_end_keyword(std::string_view piece) {
  size_t i = piece.size() - 1;  // the ';'
  while (i > 0 && std::isspace(static_cast<unsigned char>(piece[i - 1]))) --i;
  if (i < 3) return false;
  const std::string_view word = piece.substr(i - 3, 3);
  const bool is_end = std::toupper(static_cast<unsigned char>(word[0])) == 'E' &&
                      std::toupper(static_cast<unsigned char>(word[1])) == 'N' &&
                      std::toupper(static_cast<unsigned char>(word[2])) == 'D';
  return is_end && (i == 3 || !is_word_char(piece[i - 4]));
}

// Statements as [begin, end) byte ranges. A trigger's body holds semicolons: the trigger ends
// at the first one after the keyword END, as sqlite3_complete() decides, in linear time.
std::vector<std::pair<size_t, size_t>> split_statements(std::string_view sql) {
  std::vector<std::pair<size_t, size_t>> statements;
  size_t begin = 0;
  bool in_trigger = is_create_trigger(sql);
  for (size_t end : statement_ends(sql, Dialect::kSqlite)) {
    const std::string_view piece = sql.substr(begin, end - begin);
    if (in_trigger && !ends_with_end_keyword(piece)) continue;
    statements.emplace_back(begin, end);
    begin = end;
    in_trigger = is_create_trigger(sql.substr(begin));
  }
  if (begin < sql.size()) statements.emplace_back(begin, sql.size());
  return statements;
}

// Errors that only say a name is unknown to the empty database.
bool is_unknown_name_error(std::string_view message) {
  return message.starts_with("no such ") || message.starts_with("unknown database");
}

}  // namespace

SyntaxCheck check_sqlite_syntax(std::string_view sql) {
  SyntaxCheck check;
  sqlite3* db = thread_connection();
  for (const auto& [begin, end] : split_statements(sql)) {
    const char* text = sql.data() + begin;
    const char* stop = sql.data() + end;
    // One range may still hold several statements (";;" or a statement the parser ends early).
    while (text < stop) {
      sqlite3_stmt* statement = nullptr;
      const char* tail = nullptr;
      const int rc = sqlite3_prepare_v2(db, text, static_cast<int>(stop - text), &statement, &tail);
      const bool compiled = statement != nullptr;
      sqlite3_finalize(statement);
      if (rc == SQLITE_OK) {
        if (compiled) ++check.statements;
      } else {
        const std::string message = sqlite3_errmsg(db);
        if (!is_unknown_name_error(message)) {
          const int offset = sqlite3_error_offset(db);
          // No offset (e.g. "incomplete input"): the error is at the end of the statement.
          const size_t at = offset >= 0 ? static_cast<size_t>(offset) + (text - sql.data())
                                        : static_cast<size_t>(stop - sql.data());
          check.errors.push_back(SyntaxError{message, at});
          if (check.errors.size() >= kMaxSyntaxErrorsPerFile) return check;
          break;  // the rest of this statement is unreliable; resume at the next one
        }
        ++check.statements;  // parsed; only a name is unknown
        break;
      }
      if (tail == nullptr || tail <= text) break;
      text = tail;
    }
  }
  return check;
}

}  // namespace assay::sql
