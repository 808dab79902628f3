#include "src/environments/csv_reader.h"

#include <set>

#include "src/core/text_position.h"
#include "src/environments/limits.h"

namespace assay::environments {
namespace {

Diagnostic csv_error(const std::string& file, int row, int col, std::string message) {
  return Diagnostic{"environment_invalid", std::move(message), Location{file, row, col},
                    Severity::kError,      std::nullopt,       "environments"};
}

// Walks the text once, tracking line and character column for locations.
class CsvScanner {
 public:
  CsvScanner(std::string_view text, const std::string& file) : text_(text), file_(file) {}

  // Reads one record into `fields`; false at the end of the text or on an error.
  bool next_record(std::vector<CsvField>& fields, Diagnostic& error, bool& failed) {
    fields.clear();
    if (pos_ >= text_.size()) return false;
    for (;;) {
      CsvField field;
      field.row = row_;
      field.col = col_;
      if (!read_field(field, error)) {
        failed = true;
        return false;
      }
      fields.push_back(std::move(field));
      if (fields.size() > kMaxColumnsPerTable) {
        failed = true;
        error = csv_error(file_, row_, col_,
                          "more than " + std::to_string(kMaxColumnsPerTable) + " fields");
        return false;
      }
      if (pos_ >= text_.size()) return true;
      const char c = text_[pos_];
      if (c == ',') {
        advance(1);
        continue;
      }
      if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
      if (text_[pos_] == '\n') {
        advance(1);
        return true;
      }
      failed = true;
      error = csv_error(file_, row_, col_, "unexpected character after a field");
      return false;
    }
  }

 private:
  bool read_field(CsvField& field, Diagnostic& error) {
    std::string value;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      const int quote_row = row_, quote_col = col_;
      advance(1);
      for (;;) {
        if (pos_ >= text_.size()) {
          error = csv_error(file_, quote_row, quote_col, "unterminated quoted field");
          return false;
        }
        const char c = text_[pos_];
        if (c == '"') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
            value += '"';
            advance(2);
            continue;
          }
          advance(1);
          break;
        }
        value += c;
        advance(1);
        if (value.size() > kMaxFieldBytes) return too_long(field, error);
      }
      if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
        error = csv_error(file_, row_, col_, "text after the closing quote of a field");
        return false;
      }
      field.value = std::move(value);
      return true;
    }
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ',' || c == '\n' || c == '\r') break;
      if (c == '"') {
        error = csv_error(file_, row_, col_, "a quote inside an unquoted field");
        return false;
      }
      value += c;
      advance(1);
      if (value.size() > kMaxFieldBytes) return too_long(field, error);
    }
    if (!value.empty()) field.value = std::move(value);
    return true;
  }

  bool too_long(const CsvField& field, Diagnostic& error) {
    error = csv_error(file_, field.row, field.col,
                      "field longer than " + std::to_string(kMaxFieldBytes) + " bytes");
    return false;
  }

  // Moves over `bytes` bytes, counting characters (UTF-8 continuation bytes do not count).
  void advance(size_t bytes) {
    for (size_t i = 0; i < bytes && pos_ < text_.size(); ++i, ++pos_) {
      const unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '\n') {
        ++row_;
        col_ = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++col_;
      }
    }
  }

  std::string_view text_;
  const std::string& file_;
  size_t pos_ = 0;
  int row_ = 1;
  int col_ = 1;
};

}  // namespace

bool read_csv(std::string_view text, const std::string& file, size_t max_records, CsvTable& out,
              Diagnostic& error) {
  out = CsvTable{};
  if (const size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    const TextPosition at = position_of_byte(text, bad);
    error = csv_error(file, at.row, at.col, "invalid UTF-8 (or a NUL byte)");
    return false;
  }
  // A byte order mark, as spreadsheet programs write, is not part of the first column's name.
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  CsvScanner scanner(text, file);
  bool failed = false;
  if (!scanner.next_record(out.header, error, failed)) {
    if (!failed) error = csv_error(file, 1, 1, "empty file: a header row is required");
    return false;
  }
  std::set<std::string> names;
  for (const CsvField& name : out.header) {
    if (!name.value || name.value->empty()) {
      error = csv_error(file, name.row, name.col, "empty column name in the header");
      return false;
    }
    if (!names.insert(*name.value).second) {
      error = csv_error(file, name.row, name.col, "duplicate column '" + *name.value + "'");
      return false;
    }
  }
  CsvRecord record;
  while (scanner.next_record(record.fields, error, failed)) {
    if (record.fields.size() != out.header.size()) {
      const CsvField& first = record.fields.front();
      error = csv_error(file, first.row, first.col,
                        "expected " + std::to_string(out.header.size()) + " fields, found " +
                            std::to_string(record.fields.size()));
      return false;
    }
    if (out.records.size() >= max_records) {
      error = csv_error(file, record.fields.front().row, 1,
                        "more than " + std::to_string(max_records) + " rows");
      return false;
    }
    out.records.push_back(std::move(record));
  }
  return !failed;
}

}  // namespace assay::environments
