// Conversions: to_number, and the deprecated cast_* functions v0 policies still call, as OPA's
// topdown/casts.go. to_number accepts what Go's strconv.ParseFloat accepts and fails with its
// messages ("strconv.ParseFloat: parsing \"x\": invalid syntax").
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(char c) { return is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'f'); }

// Go's strconv.Quote, for the texts the messages show: printable ASCII and valid multi-byte
// UTF-8 as they are, the rest escaped.
std::string go_quote(std::string_view s) {
  static const char* const kHex = "0123456789abcdef";
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\a':
        out += "\\a";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\v':
        out += "\\v";
        continue;
      default:
        break;
    }
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
      continue;
    }
    if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
      continue;
    }
    // A multi-byte sequence: copy it when well formed, escape the lead byte otherwise.
    size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    bool valid = length > 0 && c <= 0xF4 && i + length <= s.size();
    for (size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    }
    if (valid) {
      out.append(s.substr(i, length));
      i += length - 1;
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out + "\"";
}

// Go's underscoreOK: underscores only between digits (or after a base prefix).
bool underscores_ok(std::string_view s) {
  char saw = '^';
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' &&
      (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = lower(s[1]) == 'x';
  }
  for (; i < s.size(); ++i) {
    if (is_digit(s[i]) || (hex && is_hex_digit(s[i]))) {
      saw = '0';
      continue;
    }
    if (s[i] == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

// A float literal as strconv.ParseFloat reads it (decimal, or hex with a p exponent; digits may
// be separated by underscores), without its special names. On success, `json` is the decimal
// literal in JSON's grammar (empty for hex literals).
bool parse_go_float(std::string_view s, std::string& json, bool& hex) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  hex = s.size() - i >= 2 && s[i] == '0' && lower(s[i + 1]) == 'x';
  if (hex) i += 2;
  std::string integer, fraction;
  bool saw_dot = false, saw_digits = false, underscores = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '_') {
      underscores = true;
    } else if (c == '.') {
      if (saw_dot) break;
      saw_dot = true;
    } else if (hex ? is_hex_digit(c) : is_digit(c)) {
      saw_digits = true;
      (saw_dot ? fraction : integer) += c;
    } else {
      break;
    }
  }
  if (!saw_digits) return false;
  std::string exponent;
  if (i < s.size() && lower(s[i]) == (hex ? 'p' : 'e')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      if (s[i] == '-') exponent += '-';
      ++i;
    }
    if (i >= s.size() || !is_digit(s[i])) return false;
    for (; i < s.size() && (is_digit(s[i]) || s[i] == '_'); ++i) {
      if (s[i] == '_') {
        underscores = true;
      } else {
        exponent += s[i];
      }
    }
  } else if (hex) {
    return false;  // hex mantissas need an exponent
  }
  if (i != s.size()) return false;
  if (underscores && !underscores_ok(s)) return false;
  if (hex) return true;
  // JSON wants one leading zero at most, digits on both sides of a dot.
  size_t first = integer.find_first_not_of('0');
  integer = first == std::string::npos ? "0" : integer.substr(first);
  json = (negative ? "-" : "") + integer;
  if (!fraction.empty()) json += "." + fraction;
  if (!exponent.empty()) json += "e" + exponent;
  return true;
}

BuiltinResult to_number(BuiltinContext&, std::span<const Value> args) {
  const Value& x = args[0];
  switch (x.kind()) {
    case ValueKind::kNull:
      return BuiltinResult::value(Value::integer(0));
    case ValueKind::kBoolean:
      return BuiltinResult::value(Value::integer(x.as_boolean() ? 1 : 0));
    case ValueKind::kNumber:
      return BuiltinResult::value(x);
    case ValueKind::kString:
      break;
    default:
      return operand_type_error(1, x, "one of {null, boolean, number, string}");
  }
  std::string_view text = x.as_string();
  std::string_view unsigned_text = text.substr(std::min(text.find_first_not_of("+-"), text.size()));
  std::string name;
  for (char c : unsigned_text.substr(0, 9)) name += lower(c);
  if (unsigned_text.size() <= 8 && (name == "inf" || name == "infinity" || name == "nan")) {
    return operand_type_error(1, x, "valid number string");
  }
  std::string json;
  bool hex = false;
  auto parse_error = [&](std::string_view why) {
    return BuiltinResult::error("eval_builtin_error", "strconv.ParseFloat: parsing " +
                                                          go_quote(text) + ": " + std::string(why));
  };
  if (!parse_go_float(text, json, hex)) return parse_error("invalid syntax");
  // strtod rounds as ParseFloat does: an infinite result is ParseFloat's range error.
  std::string plain;
  for (char c : text) {
    if (c != '_') plain += c;
  }
  errno = 0;
  double approximate = std::strtod(plain.c_str(), nullptr);
  if (std::isinf(approximate)) return parse_error("value out of range");
  if (hex) return BuiltinResult::value(Value::number(Number::from_double(approximate)));
  // OPA keeps the string's own digits (0.1 stays exactly 0.1); a value too small for a double
  // is still that decimal, unless its exponent is past any Number's reach (then it is 0).
  size_t e = json.find('e');
  if (approximate == 0 && e != std::string::npos && json.size() - e > 8) {
    return BuiltinResult::value(Value::integer(0));
  }
  std::optional<Number> exact = Number::parse(json);
  if (!exact) return parse_error("invalid syntax");
  return BuiltinResult::value(Value::number(*exact));
}

// Deprecated casts: the value itself when of the wanted kind; arrays and sets convert.
BuiltinResult cast_array(BuiltinContext&, std::span<const Value> args) {
  const Value& x = args[0];
  if (x.is_array()) return BuiltinResult::value(x);
  if (x.is_set()) {
    return BuiltinResult::value(
        Value::array(std::vector<Value>(x.set_items().begin(), x.set_items().end())));
  }
  return operand_type_error(1, x, "one of {array, set}");
}

BuiltinResult cast_set(BuiltinContext&, std::span<const Value> args) {
  const Value& x = args[0];
  if (x.is_set()) return BuiltinResult::value(x);
  if (x.is_array()) {
    return BuiltinResult::value(
        Value::set(std::vector<Value>(x.array_items().begin(), x.array_items().end())));
  }
  return operand_type_error(1, x, "one of {array, set}");
}

template <ValueKind kKind>
BuiltinResult cast_identity(BuiltinContext&, std::span<const Value> args) {
  if (args[0].kind() == kKind) return BuiltinResult::value(args[0]);
  static const char* const kNames[] = {"null",  "boolean", "number", "string",
                                       "array", "object",  "set"};
  return operand_type_error(1, args[0], kNames[static_cast<int>(kKind)]);
}

const BuiltinImplementation kToNumber{&to_number};
const BuiltinImplementation kCastArray{&cast_array};
const BuiltinImplementation kCastSet{&cast_set};
const BuiltinImplementation kCastString{&cast_identity<ValueKind::kString>};
const BuiltinImplementation kCastBoolean{&cast_identity<ValueKind::kBoolean>};
const BuiltinImplementation kCastNull{&cast_identity<ValueKind::kNull>};
const BuiltinImplementation kCastObject{&cast_identity<ValueKind::kObject>};

}  // namespace

Rows conversions_builtins() {
  return {
      fn("to_number", kConversions, {{"x", Any(N(), S(), B(), Nl())}}, {"num", N()})
          .impl(kToNumber),
      fn("cast_array", kConversions, {{"", A()}}, {"", ArrayOf(A())}).deprecated().impl(kCastArray),
      fn("cast_set", kConversions, {{"", A()}}, {"", SetOf(A())}).deprecated().impl(kCastSet),
      fn("cast_string", kConversions, {{"", A()}}, {"", S()}).deprecated().impl(kCastString),
      fn("cast_boolean", kConversions, {{"", A()}}, {"", B()}).deprecated().impl(kCastBoolean),
      fn("cast_null", kConversions, {{"", A()}}, {"", Nl()}).deprecated().impl(kCastNull),
      fn("cast_object", kConversions, {{"", A()}}, {"", ObjectOf(A(), A())})
          .deprecated()
          .impl(kCastObject),
  };
}

}  // namespace assay::rego::builtins
