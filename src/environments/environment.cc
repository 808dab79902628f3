#include "src/environments/environment.h"

namespace assay::environments {

std::optional<size_t> Table::column_index(const std::string& column) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == column) return i;
  }
  return std::nullopt;
}

const Table* Environment::find_table(const std::string& table) const {
  for (const Table& t : tables) {
    if (t.name == table) return &t;
  }
  return nullptr;
}

const char* to_string(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::kInteger:
      return "integer";
    case ColumnKind::kReal:
      return "real";
    case ColumnKind::kText:
      return "text";
    case ColumnKind::kBoolean:
      return "boolean";
    case ColumnKind::kDate:
      return "date";
    case ColumnKind::kTimestamp:
      return "timestamp";
  }
  return "text";
}

}  // namespace assay::environments
