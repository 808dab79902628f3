#include "src/environments/inline_environment.h"

#include "src/environments/field_value.h"
#include "src/environments/limits.h"
#include "src/environments/schema_reader.h"

namespace assay::environments {
namespace {

using nlohmann::json;

Status invalid(const std::string& message) {
  return Status::error("environment_invalid", "inline environment: " + message);
}

}  // namespace

Result<Environment> inline_environment(const json& request_environment) {
  if (!request_environment.is_object()) return invalid("must be an object {schema, rows}");
  for (const auto& [key, value] : request_environment.items()) {
    if (key != "schema" && key != "rows")
      return invalid("unknown key '" + key + "' (schema, rows)");
  }
  const auto schema = request_environment.find("schema");
  if (schema == request_environment.end() || !schema->is_string()) {
    return invalid("'schema' must be a string of CREATE TABLE statements");
  }
  Environment env;
  env.name = "inline";
  env.schema_sql = schema->get<std::string>();
  if (env.schema_sql.size() > kMaxInlineSchemaBytes) {
    return Status::error("request_too_large", "inline environment: schema larger than " +
                                                  std::to_string(kMaxInlineSchemaBytes) + " bytes");
  }
  std::vector<Diagnostic> problems;
  if (!read_schema(env.schema_sql, "schema", env.tables, problems)) {
    const Diagnostic& first = problems.front();
    return invalid("schema " + std::to_string(first.location->row) + ":" +
                   std::to_string(first.location->col) + ": " + first.message);
  }
  const auto rows = request_environment.find("rows");
  if (rows == request_environment.end()) return env;
  if (!rows->is_object()) return invalid("'rows' must be an object of table name -> rows");
  size_t total = 0;
  for (const auto& [table_name, table_rows] : rows->items()) {
    Table* table = nullptr;
    for (Table& t : env.tables) {
      if (t.name == table_name) table = &t;
    }
    if (table == nullptr) return invalid("rows." + table_name + ": no such table in the schema");
    if (!table_rows.is_array()) return invalid("rows." + table_name + " must be an array");
    for (size_t i = 0; i < table_rows.size(); ++i) {
      if (++total > kMaxInlineRows) {
        return Status::error("request_too_large", "inline environment: more than " +
                                                      std::to_string(kMaxInlineRows) + " rows");
      }
      const std::string where = "rows." + table_name + "[" + std::to_string(i) + "]";
      const json& object = table_rows[i];
      if (!object.is_object()) return invalid(where + " must be an object of column -> value");
      Row row(table->columns.size());
      for (const auto& [column_name, value] : object.items()) {
        const auto index = table->column_index(column_name);
        if (!index) {
          return invalid(where + "." + column_name + ": no such column in table '" + table_name +
                         "'");
        }
        std::string why;
        if (!field_from_json(table->columns[*index], value, row[*index], why)) {
          return invalid(where + "." + column_name + ": " + why);
        }
      }
      for (size_t c = 0; c < table->columns.size(); ++c) {
        if (table->columns[c].not_null && std::holds_alternative<std::monostate>(row[c])) {
          return invalid(where + "." + table->columns[c].name + ": NULL in a NOT NULL column");
        }
      }
      table->rows.push_back(std::move(row));
    }
  }
  return env;
}

}  // namespace assay::environments
