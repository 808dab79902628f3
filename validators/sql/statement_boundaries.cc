#include "validators/sql/statement_boundaries.h"

#include <cctype>
#include <string>

namespace assay::sql {
namespace {

constexpr size_t kNotFound = std::string_view::npos;

bool is_identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// End (offset of the last character) of the quoted token opened at `open`, or npos.
// A doubled closing quote stands for the quote itself, in both dialects.
size_t quoted_end(std::string_view sql, size_t open, char close, bool backslash_escapes) {
  for (size_t i = open + 1; i < sql.size(); ++i) {
    if (backslash_escapes && sql[i] == '\\') {
      ++i;
    } else if (sql[i] == close) {
      if (i + 1 < sql.size() && sql[i + 1] == close && close != ']') {
        ++i;
        continue;
      }
      return i;
    }
  }
  return kNotFound;
}

// PostgreSQL block comments nest.
size_t block_comment_end(std::string_view sql, size_t open, bool nested) {
  int depth = 0;
  for (size_t i = open; i + 1 < sql.size(); ++i) {
    if (sql[i] == '/' && sql[i + 1] == '*') {
      if (nested || depth == 0) ++depth;
      ++i;
    } else if (sql[i] == '*' && sql[i + 1] == '/') {
      ++i;
      if (--depth == 0) return i;
    }
  }
  return kNotFound;
}

// PostgreSQL dollar quoting: $tag$ ... $tag$ where tag is empty or an identifier.
size_t dollar_quote_end(std::string_view sql, size_t open) {
  size_t i = open + 1;
  while (i < sql.size() && sql[i] != '$') {
    if (!is_identifier_char(sql[i]) || std::isdigit(static_cast<unsigned char>(sql[open + 1]))) {
      return open;  // "$1" and the like are parameters, not quotes
    }
    ++i;
  }
  if (i >= sql.size()) return open;
  const std::string_view tag = sql.substr(open, i - open + 1);
  const size_t close = sql.find(tag, i + 1);
  return close == kNotFound ? kNotFound : close + tag.size() - 1;
}

}  // namespace

std::vector<size_t> statement_ends(std::string_view sql, Dialect dialect) {
  const bool postgres = dialect == Dialect::kPostgres;
  std::vector<size_t> ends;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    size_t end = i;
    if (c == '\'') {
      // E'...' strings take backslash escapes in PostgreSQL.
      const bool escapes = postgres && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                           (i == 1 || !is_identifier_char(sql[i - 2]));
      end = quoted_end(sql, i, '\'', escapes);
    } else if (c == '"') {
      end = quoted_end(sql, i, '"', false);
    } else if (!postgres && (c == '`' || c == '[')) {
      end = quoted_end(sql, i, c == '[' ? ']' : '`', false);
    } else if (postgres && c == '$' && (i == 0 || !is_identifier_char(sql[i - 1]))) {
      end = dollar_quote_end(sql, i);
    } else if (c == '-' && next == '-') {
      end = sql.find('\n', i);
    } else if (c == '/' && next == '*') {
      end = block_comment_end(sql, i, postgres);
    } else if (c == ';') {
      ends.push_back(i + 1);
    }
    if (end == kNotFound) break;
    i = end;
  }
  return ends;
}

}  // namespace assay::sql
