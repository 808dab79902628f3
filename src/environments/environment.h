// Environment: a virtual test environment as data, the small database and documents that an
// artefact runs against (sandboxes/environments/<name>/, or inline in a request).
//
// Tables come from schema.sql (CREATE TABLE statements read with libpg_query), rows from
// fixtures/<table>.csv, already checked against the declared column types. Plain values:
// thread-compatible, and safe to share read-only between threads once loaded.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace assay::environments {

// How a value of a column is stored and compared; from the declared SQL type.
enum class ColumnKind { kInteger, kReal, kText, kBoolean, kDate, kTimestamp };

struct Column {
  std::string name;
  std::string declared_type;  // as PostgreSQL names it: int4, float8, varchar, date, ...
  ColumnKind kind = ColumnKind::kText;
  bool not_null = false;
};

// One field of a row: NULL, or a value of the column's kind (dates and timestamps as text).
using FieldValue = std::variant<std::monostate, int64_t, double, std::string, bool>;
using Row = std::vector<FieldValue>;  // in the table's column order

struct Table {
  std::string name;
  std::vector<Column> columns;
  std::vector<Row> rows;

  // Index of the column named `name`, or nullopt.
  std::optional<size_t> column_index(const std::string& name) const;
};

struct Environment {
  std::string name;
  std::string description;
  std::string schema_sql;     // the CREATE TABLE text, for engines that load it as is
  std::vector<Table> tables;  // in schema order
  // Extra files for scripts: path relative to the workspace -> content.
  std::map<std::string, std::string> files;
  std::optional<nlohmann::json> rego_data;
  std::optional<nlohmann::json> rego_input;
  std::vector<std::string> python_modules;
  std::string policy;  // sandbox profile name; empty: the validator's default

  // The table named `name`, or nullptr.
  const Table* find_table(const std::string& name) const;
};

const char* to_string(ColumnKind kind);

}  // namespace assay::environments
