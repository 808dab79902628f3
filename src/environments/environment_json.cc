#include "src/environments/environment_json.h"

namespace assay::environments {

nlohmann::json environment_to_json(const Environment& environment, bool row_counts) {
  using nlohmann::json;
  json tables = json::array();
  for (const Table& table : environment.tables) {
    json columns = json::array();
    for (const Column& column : table.columns) {
      columns.push_back({{"name", column.name},
                         {"type", column.declared_type},
                         {"kind", to_string(column.kind)},
                         {"not_null", column.not_null}});
    }
    json entry = {{"name", table.name}, {"columns", columns}};
    if (row_counts) entry["rows"] = table.rows.size();
    tables.push_back(std::move(entry));
  }
  json out = {
      {"name", environment.name}, {"description", environment.description}, {"tables", tables}};
  if (row_counts) {
    json files = json::array();
    for (const auto& [path, content] : environment.files) files.push_back(path);
    out["files"] = files;
    out["python_modules"] = environment.python_modules;
    out["policy"] = environment.policy;
    out["rego"] = {{"data", environment.rego_data.has_value()},
                   {"input", environment.rego_input.has_value()}};
  }
  return out;
}

}  // namespace assay::environments
