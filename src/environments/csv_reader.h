// A small strict CSV reader (RFC 4180): comma-separated, fields optionally in double quotes
// with "" for a quote inside, records ending in "\n" or "\r\n". An empty unquoted field is
// NULL; a quoted empty field ("") is the empty string. Every record must have as many fields
// as the header. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/core/diagnostic.h"

namespace assay::environments {

struct CsvField {
  std::optional<std::string> value;  // nullopt: NULL
  int row = 0;                       // 1-based line where the field starts
  int col = 0;                       // 1-based character column where the field starts
};

struct CsvRecord {
  std::vector<CsvField> fields;
};

struct CsvTable {
  std::vector<CsvField> header;
  std::vector<CsvRecord> records;
};

// Parses `text` (the content of `file`, used only in locations). On the first mistake
// (invalid UTF-8, an unterminated quote, text after a closing quote, a wrong field count, an
// empty or duplicate header name, a field or row count over the limits) returns false and sets
// `error` to an environment_invalid diagnostic at the mistake's row and column.
bool read_csv(std::string_view text, const std::string& file, size_t max_records, CsvTable& out,
              Diagnostic& error);

}  // namespace assay::environments
