#include "src/environments/schema_reader.h"

#include <pg_query.h>

#include <set>

#include "src/core/text_position.h"
#include "src/environments/limits.h"

namespace assay::environments {
namespace {

using nlohmann::json;

// Owns a PgQueryParseResult for the length of a scope.
struct ParseResult {
  explicit ParseResult(PgQueryParseResult r) : result(r) {}
  ~ParseResult() { pg_query_free_parse_result(result); }
  ParseResult(const ParseResult&) = delete;
  ParseResult& operator=(const ParseResult&) = delete;
  PgQueryParseResult result;
};

class SchemaReader {
 public:
  SchemaReader(std::string_view sql, const std::string& file, std::vector<Diagnostic>& problems)
      : sql_(sql), file_(file), problems_(problems) {}

  void report(size_t byte_offset, std::string message) {
    const TextPosition at = position_of_byte(sql_, byte_offset);
    problems_.push_back(Diagnostic{"environment_invalid", std::move(message),
                                   Location{file_, at.row, at.col}, Severity::kError, std::nullopt,
                                   "environments"});
  }

  void read_statement(const json& raw, std::vector<Table>& tables) {
    const size_t stmt_offset = raw.value("stmt_location", 0);
    const json& stmt = raw.at("stmt");
    if (!stmt.contains("CreateStmt")) {
      report(skip_space(stmt_offset),
             "only CREATE TABLE statements may appear in a schema, found " +
                 (stmt.empty() ? std::string("nothing") : stmt.begin().key()));
      return;
    }
    const json& create = stmt["CreateStmt"];
    const json& relation = create.at("relation");
    const size_t table_offset = relation.value("location", stmt_offset);
    Table table;
    table.name = relation.value("relname", "");
    if (relation.contains("schemaname")) {
      report(table_offset, "a table in a schema ('" + relation.value("schemaname", "") + "." +
                               table.name + "') is not supported; name the table alone");
      return;
    }
    for (const Table& other : tables) {
      if (other.name == table.name) {
        report(table_offset, "table '" + table.name + "' is declared twice");
        return;
      }
    }
    if (tables.size() >= kMaxTables) {
      report(table_offset, "more than " + std::to_string(kMaxTables) + " tables");
      return;
    }
    std::set<std::string> names;
    for (const json& element : create.value("tableElts", json::array())) {
      if (!element.contains("ColumnDef")) continue;  // table constraints: PRIMARY KEY (a, b)
      const json& def = element["ColumnDef"];
      const size_t column_offset = def.value("location", table_offset);
      Column column;
      column.name = def.value("colname", "");
      if (!names.insert(column.name).second) {
        report(column_offset,
               "column '" + column.name + "' of table '" + table.name + "' is declared twice");
        continue;
      }
      const json& type = def.at("typeName");
      const json& type_names = type.value("names", json::array());
      if (!type_names.empty()) {
        column.declared_type = type_names.back()["String"].value("sval", "");
      }
      if (type.contains("arrayBounds")) {
        report(type.value("location", column_offset), "array columns are not supported");
        continue;
      }
      if (!column_kind_of(column.declared_type, column.kind)) {
        report(type.value("location", column_offset),
               "column type '" + column.declared_type +
                   "' is not supported (use integer, bigint, real, double precision, numeric, "
                   "text, varchar, boolean, date or timestamp)");
        continue;
      }
      for (const json& constraint : def.value("constraints", json::array())) {
        const std::string contype = constraint["Constraint"].value("contype", "");
        if (contype == "CONSTR_NOTNULL" || contype == "CONSTR_PRIMARY") column.not_null = true;
      }
      table.columns.push_back(std::move(column));
      if (table.columns.size() > kMaxColumnsPerTable) {
        report(column_offset, "more than " + std::to_string(kMaxColumnsPerTable) + " columns");
        return;
      }
    }
    if (table.columns.empty()) {
      report(table_offset, "table '" + table.name + "' has no columns");
      return;
    }
    tables.push_back(std::move(table));
  }

 private:
  // pg gives the statement's start before leading blanks and comments; point at its text.
  size_t skip_space(size_t offset) const {
    while (offset < sql_.size()) {
      const char c = sql_[offset];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++offset;
      } else if (sql_.substr(offset, 2) == "--") {
        const size_t end = sql_.find('\n', offset);
        offset = end == std::string_view::npos ? sql_.size() : end + 1;
      } else {
        break;
      }
    }
    return offset;
  }

  std::string_view sql_;
  const std::string& file_;
  std::vector<Diagnostic>& problems_;
};

}  // namespace

bool column_kind_of(std::string_view type_name, ColumnKind& kind) {
  static const std::pair<std::string_view, ColumnKind> kKinds[] = {
      {"int2", ColumnKind::kInteger},        {"int4", ColumnKind::kInteger},
      {"int8", ColumnKind::kInteger},        {"serial", ColumnKind::kInteger},
      {"bigserial", ColumnKind::kInteger},   {"smallserial", ColumnKind::kInteger},
      {"float4", ColumnKind::kReal},         {"float8", ColumnKind::kReal},
      {"numeric", ColumnKind::kReal},        {"text", ColumnKind::kText},
      {"varchar", ColumnKind::kText},        {"bpchar", ColumnKind::kText},
      {"bool", ColumnKind::kBoolean},        {"date", ColumnKind::kDate},
      {"timestamp", ColumnKind::kTimestamp}, {"timestamptz", ColumnKind::kTimestamp},
  };
  for (const auto& [name, k] : kKinds) {
    if (name == type_name) {
      kind = k;
      return true;
    }
  }
  return false;
}

bool read_schema(std::string_view sql, const std::string& file, std::vector<Table>& tables,
                 std::vector<Diagnostic>& problems) {
  const size_t problems_before = problems.size();
  SchemaReader reader(sql, file, problems);
  if (sql.size() > kMaxSchemaBytes) {
    reader.report(0, "schema larger than " + std::to_string(kMaxSchemaBytes) + " bytes");
    return false;
  }
  if (const size_t bad = find_invalid_utf8(sql); bad != std::string_view::npos) {
    reader.report(bad, "invalid UTF-8 (or a NUL byte)");
    return false;
  }
  const std::string text(sql);
  ParseResult parsed(pg_query_parse(text.c_str()));
  if (const PgQueryError* error = parsed.result.error) {
    // cursorpos is 1-based and counts characters; 0 means no position.
    const size_t offset = error->cursorpos > 0
                              ? byte_offset_of_char(sql, static_cast<size_t>(error->cursorpos - 1))
                              : 0;
    reader.report(offset, std::string("syntax error: ") + error->message);
    return false;
  }
  try {
    const json tree = json::parse(parsed.result.parse_tree);
    for (const json& raw : tree.value("stmts", json::array())) reader.read_statement(raw, tables);
  } catch (const json::exception& e) {
    reader.report(0, std::string("unreadable parse tree: ") + e.what());
  }
  if (tables.empty() && problems.size() == problems_before) {
    reader.report(0, "the schema declares no table");
  }
  return problems.size() == problems_before;
}

}  // namespace assay::environments
