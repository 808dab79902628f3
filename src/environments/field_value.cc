#include "src/environments/field_value.h"

#include <charconv>
#include <cmath>

namespace assay::environments {
namespace {

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int number_of(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

bool valid_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  const std::string_view y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!all_digits(y) || !all_digits(m) || !all_digits(d)) return false;
  const int year = number_of(y), month = number_of(m), day = number_of(d);
  if (month < 1 || month > 12 || day < 1) return false;
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29) return leap;
  return day <= kDays[month - 1];
}

bool valid_timestamp(std::string_view text) {
  if (text.size() < 19 || !valid_date(text.substr(0, 10))) return false;
  if (text[10] != ' ' && text[10] != 'T') return false;
  const std::string_view time = text.substr(11, 8);
  if (time[2] != ':' || time[5] != ':') return false;
  const std::string_view h = time.substr(0, 2), mi = time.substr(3, 2), s = time.substr(6, 2);
  if (!all_digits(h) || !all_digits(mi) || !all_digits(s)) return false;
  if (number_of(h) > 23 || number_of(mi) > 59 || number_of(s) > 59) return false;
  std::string_view rest = text.substr(19);
  if (!rest.empty() && rest[0] == '.') {  // fractional seconds
    rest.remove_prefix(1);
    size_t n = 0;
    while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
    if (n == 0) return false;
    rest.remove_prefix(n);
  }
  return rest.empty() || rest == "Z";
}

bool parse_integer(std::string_view text, int64_t& out) {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

bool parse_real(std::string_view text, double& out) {
  // Plain decimals only: no "inf", "nan" or hex floats, which SQL engines read differently.
  if (text.empty()) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) {
      return false;
    }
  }
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && std::isfinite(out);
}

std::string quoted(std::string_view text) {
  constexpr size_t kShown = 40;
  return "'" + std::string(text.substr(0, kShown)) + (text.size() > kShown ? "...'" : "'");
}

}  // namespace

bool field_from_text(const Column& column, std::string_view text, FieldValue& out,
                     std::string& why) {
  switch (column.kind) {
    case ColumnKind::kInteger: {
      int64_t value = 0;
      if (!parse_integer(text, value)) {
        why = quoted(text) + " is not a 64-bit integer";
        return false;
      }
      out = value;
      return true;
    }
    case ColumnKind::kReal: {
      double value = 0;
      if (!parse_real(text, value)) {
        why = quoted(text) + " is not a finite decimal number";
        return false;
      }
      out = value;
      return true;
    }
    case ColumnKind::kBoolean:
      if (text == "true" || text == "t" || text == "1") {
        out = true;
      } else if (text == "false" || text == "f" || text == "0") {
        out = false;
      } else {
        why = quoted(text) + " is not a boolean (true or false)";
        return false;
      }
      return true;
    case ColumnKind::kDate:
      if (!valid_date(text)) {
        why = quoted(text) + " is not a date (YYYY-MM-DD)";
        return false;
      }
      out = std::string(text);
      return true;
    case ColumnKind::kTimestamp:
      if (!valid_timestamp(text)) {
        why = quoted(text) + " is not a timestamp (YYYY-MM-DD HH:MM:SS)";
        return false;
      }
      out = std::string(text);
      return true;
    case ColumnKind::kText:
      out = std::string(text);
      return true;
  }
  return false;
}

bool field_from_json(const Column& column, const nlohmann::json& value, FieldValue& out,
                     std::string& why) {
  if (value.is_null()) {
    out = std::monostate{};
    return true;
  }
  switch (column.kind) {
    case ColumnKind::kInteger:
      if (value.is_number_integer()) {
        if (value.is_number_unsigned() && value.get<uint64_t>() > INT64_MAX) break;
        out = value.get<int64_t>();
        return true;
      }
      break;
    case ColumnKind::kReal:
      if (value.is_number()) {
        out = value.get<double>();
        return true;
      }
      break;
    case ColumnKind::kBoolean:
      if (value.is_boolean()) {
        out = value.get<bool>();
        return true;
      }
      break;
    case ColumnKind::kText:
    case ColumnKind::kDate:
    case ColumnKind::kTimestamp:
      if (value.is_string()) return field_from_text(column, value.get<std::string>(), out, why);
      break;
  }
  why = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).substr(0, 40) +
        " does not fit a column of type " + column.declared_type;
  return false;
}

nlohmann::json field_to_json(const FieldValue& value) {
  return std::visit(
      [](const auto& v) -> nlohmann::json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return nullptr;
        } else {
          return v;
        }
      },
      value);
}

}  // namespace assay::environments
