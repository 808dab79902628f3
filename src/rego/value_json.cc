// Values from and to JSON text, and as Rego text: OPA reads JSON with Go's encoding/json
// (numbers kept as json.Number text, the last of repeated keys wins, invalid UTF-8 and lone
// surrogates become U+FFFD), writes it with json.Marshal (keys sorted, <, >, & escaped), and
// prints values with their String methods (strings quoted as strconv.Quote does).
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

#include "src/rego/value.h"

namespace assay::rego {
namespace {

// The recursive reader's own stack bound, whatever the caller's max_depth: deeper input is an
// error rather than a stack overflow on a small thread stack.
constexpr size_t kDepthCeiling = 5000;

constexpr char kHex[] = "0123456789abcdef";

void append_utf8(std::string& out, uint32_t rune) {
  if (rune < 0x80) {
    out.push_back(static_cast<char>(rune));
  } else if (rune < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (rune >> 6)));
    out.push_back(static_cast<char>(0x80 | (rune & 0x3F)));
  } else if (rune < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (rune >> 12)));
    out.push_back(static_cast<char>(0x80 | ((rune >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (rune & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (rune >> 18)));
    out.push_back(static_cast<char>(0x80 | ((rune >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((rune >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (rune & 0x3F)));
  }
}

constexpr uint32_t kReplacement = 0xFFFD;

// Decodes one UTF-8 sequence at s[i] as Go's utf8.DecodeRune does: an invalid sequence
// (overlong, surrogate, beyond U+10FFFF, truncated) yields U+FFFD and width 1.
uint32_t decode_utf8(std::string_view s, size_t i, size_t* width) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  *width = 1;
  if (b0 < 0x80) return b0;
  size_t need = 0;
  uint32_t rune = 0, min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1, rune = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2, rune = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3, rune = b0 & 0x07, min = 0x10000;
  } else {
    return kReplacement;
  }
  if (i + need >= s.size()) return kReplacement;  // truncated
  for (size_t k = 1; k <= need; ++k) {
    const unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) return kReplacement;
    rune = (rune << 6) | (b & 0x3F);
  }
  if (rune < min || rune > 0x10FFFF || (rune >= 0xD800 && rune <= 0xDFFF)) return kReplacement;
  *width = need + 1;
  return rune;
}

class JsonReader {
 public:
  JsonReader(std::string_view text, size_t max_depth)
      : text_(text), max_depth_(std::min(max_depth, kDepthCeiling)) {}

  std::optional<Value> read(std::string* error) {
    std::optional<Value> v = value(0);
    if (v) {
      skip_space();
      if (pos_ != text_.size()) {
        fail("unexpected data after the top-level value");
        v.reset();
      }
    }
    if (!v && error) *error = error_;
    return v;
  }

 private:
  std::nullopt_t fail(const std::string& what) {
    if (error_.empty()) error_ = "invalid JSON at byte " + std::to_string(pos_) + ": " + what;
    return std::nullopt;
  }

  std::string describe_here() const {
    if (pos_ >= text_.size()) return "unexpected end of input";
    const unsigned char c = static_cast<unsigned char>(text_[pos_]);
    if (c >= 0x20 && c < 0x7F) return std::string("unexpected character '") + text_[pos_] + "'";
    return std::string("unexpected byte 0x") + kHex[c >> 4] + kHex[c & 0xF];
  }

  void skip_space() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  std::optional<Value> value(size_t depth) {
    skip_space();
    if (pos_ >= text_.size()) return fail("unexpected end of input");
    switch (text_[pos_]) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"': {
        std::optional<std::string> s = string();
        if (!s) return std::nullopt;
        return Value::string(std::move(*s));
      }
      case 't':
        if (literal("true")) return Value::boolean(true);
        return fail("invalid literal (expected true)");
      case 'f':
        if (literal("false")) return Value::boolean(false);
        return fail("invalid literal (expected false)");
      case 'n':
        if (literal("null")) return Value::null();
        return fail("invalid literal (expected null)");
      default:
        if (text_[pos_] == '-' || (text_[pos_] >= '0' && text_[pos_] <= '9')) return number();
        return fail(describe_here());
    }
  }

  bool digits() {
    const size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    return pos_ > start;
  }

  std::optional<Value> number() {
    const size_t start = pos_;
    if (text_[pos_] == '-') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '0') {
      ++pos_;
    } else if (!digits()) {
      return fail("invalid number: expected a digit");
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (!digits()) return fail("invalid number: expected a digit after '.'");
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (!digits()) return fail("invalid number: expected a digit in the exponent");
    }
    const std::string_view literal = text_.substr(start, pos_ - start);
    // Plain integers that fit (the common case) skip the general parse.
    if (literal.size() <= 18 && literal.find_first_of(".eE") == std::string_view::npos &&
        literal != "-0") {
      int64_t i = 0;
      std::from_chars(literal.data(), literal.data() + literal.size(), i);
      return Value::integer(i);
    }
    std::optional<Number> n = Number::parse(literal);
    if (!n) {
      pos_ = start;
      return fail("number out of range");
    }
    return Value::number(std::move(*n));
  }

  bool hex4(uint32_t* out) {
    if (pos_ + 4 > text_.size()) return false;
    uint32_t v = 0;
    for (size_t k = 0; k < 4; ++k) {
      const char c = text_[pos_ + k];
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v |= static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        v |= static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    *out = v;
    return true;
  }

  std::optional<std::string> string() {
    ++pos_;  // the opening quote
    std::string out;
    while (true) {
      if (pos_ >= text_.size()) return fail("unterminated string");
      const unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c < 0x20) return fail("control character in string");
      if (c == '\\') {
        if (!escape(out)) return std::nullopt;
        continue;
      }
      if (c < 0x80) {
        out.push_back(static_cast<char>(c));
        ++pos_;
        continue;
      }
      size_t width = 1;
      const uint32_t rune = decode_utf8(text_, pos_, &width);
      if (rune == kReplacement && width == 1) {
        append_utf8(out, kReplacement);
      } else {
        out.append(text_.substr(pos_, width));
      }
      pos_ += width;
    }
  }

  bool escape(std::string& out) {
    ++pos_;  // the backslash
    if (pos_ >= text_.size()) {
      fail("unterminated string");
      return false;
    }
    const char c = text_[pos_++];
    switch (c) {
      case '"':
        out.push_back('"');
        return true;
      case '\\':
        out.push_back('\\');
        return true;
      case '/':
        out.push_back('/');
        return true;
      case 'b':
        out.push_back('\b');
        return true;
      case 'f':
        out.push_back('\f');
        return true;
      case 'n':
        out.push_back('\n');
        return true;
      case 'r':
        out.push_back('\r');
        return true;
      case 't':
        out.push_back('\t');
        return true;
      case 'u':
        break;
      default:
        --pos_;
        fail(std::string("invalid escape '\\") + c + "'");
        return false;
    }
    uint32_t rune = 0;
    if (!hex4(&rune)) {
      fail("invalid \\u escape");
      return false;
    }
    pos_ += 4;
    if (rune >= 0xD800 && rune <= 0xDFFF) {
      // A high surrogate followed by an escaped low one is one rune; anything else is U+FFFD.
      uint32_t low = 0;
      const size_t save = pos_;
      if (rune < 0xDC00 && text_.substr(pos_, 2) == "\\u" && (pos_ += 2, hex4(&low)) &&
          low >= 0xDC00 && low <= 0xDFFF) {
        pos_ += 4;
        rune = 0x10000 + ((rune - 0xD800) << 10) + (low - 0xDC00);
      } else {
        pos_ = save;
        rune = kReplacement;
      }
    }
    append_utf8(out, rune);
    return true;
  }

  std::optional<Value> array(size_t depth) {
    if (depth > max_depth_) return fail("nesting deeper than " + std::to_string(max_depth_));
    ++pos_;
    std::vector<Value> items;
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return Value::array(std::move(items));
    }
    while (true) {
      std::optional<Value> item = value(depth);
      if (!item) return std::nullopt;
      items.push_back(std::move(*item));
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return Value::array(std::move(items));
      }
      return fail("expected ',' or ']' in array, " + describe_here());
    }
  }

  std::optional<Value> object(size_t depth) {
    if (depth > max_depth_) return fail("nesting deeper than " + std::to_string(max_depth_));
    ++pos_;
    std::vector<ObjectEntry> entries;
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return Value::object(std::move(entries));
    }
    while (true) {
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != '"') {
        return fail("expected a string key in object, " + describe_here());
      }
      std::optional<std::string> key = string();
      if (!key) return std::nullopt;
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != ':') {
        return fail("expected ':' after object key, " + describe_here());
      }
      ++pos_;
      std::optional<Value> item = value(depth);
      if (!item) return std::nullopt;
      entries.emplace_back(Value::string(std::move(*key)), std::move(*item));
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        // Value::object keeps the last of repeated keys, as encoding/json does.
        return Value::object(std::move(entries));
      }
      return fail("expected ',' or '}' in object, " + describe_here());
    }
  }

  std::string_view text_;
  size_t max_depth_;
  size_t pos_ = 0;
  std::string error_;
};

// encoding/json's string encoding with HTML escaping (json.Marshal's default).
void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            out.append("\\u00");
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xF]);
          } else {
            out.push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    size_t width = 1;
    const uint32_t rune = decode_utf8(s, i, &width);
    if (rune == kReplacement && width == 1) {
      out.append("\\ufffd");
    } else if (rune == 0x2028 || rune == 0x2029) {
      out.append(rune == 0x2028 ? "\\u2028" : "\\u2029");
    } else {
      out.append(s.substr(i, width));
    }
    i += width;
  }
  out.push_back('"');
}

void append_json(std::string& out, const Value& v) {
  switch (v.kind()) {
    case ValueKind::kNull:
      out.append("null");
      return;
    case ValueKind::kBoolean:
      out.append(v.as_boolean() ? "true" : "false");
      return;
    case ValueKind::kNumber:
      out.append(v.as_number().to_string());
      return;
    case ValueKind::kString:
      append_json_string(out, v.as_string());
      return;
    case ValueKind::kArray:
    case ValueKind::kSet: {
      out.push_back('[');
      bool first = true;
      for (const Value& item : v.is_array() ? v.array_items() : v.set_items()) {
        if (!first) out.push_back(',');
        first = false;
        append_json(out, item);
      }
      out.push_back(']');
      return;
    }
    case ValueKind::kObject: {
      // Go marshals a map[string]any: keys are strings (others as their JSON text), sorted
      // by bytes; of keys that print alike the later in OPA's order wins. String keys alone
      // are already in that order (OPA orders strings by bytes too).
      const auto entries = v.object_entries();
      const bool string_keys = entries.empty() || (entries.front().first.is_string() &&
                                                   entries.back().first.is_string());
      if (string_keys) {
        out.push_back('{');
        for (size_t i = 0; i < entries.size(); ++i) {
          if (i > 0) out.push_back(',');
          append_json_string(out, entries[i].first.as_string());
          out.push_back(':');
          append_json(out, entries[i].second);
        }
        out.push_back('}');
        return;
      }
      std::vector<std::pair<std::string, const Value*>> members;
      members.reserve(v.size());
      for (const auto& [key, value] : v.object_entries()) {
        members.emplace_back(key.is_string() ? std::string(key.as_string()) : value_to_json(key),
                             &value);
      }
      std::stable_sort(members.begin(), members.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      out.push_back('{');
      bool first = true;
      for (size_t i = 0; i < members.size(); ++i) {
        if (i + 1 < members.size() && members[i + 1].first == members[i].first) continue;
        if (!first) out.push_back(',');
        first = false;
        append_json_string(out, members[i].first);
        out.push_back(':');
        append_json(out, *members[i].second);
      }
      out.push_back('}');
      return;
    }
  }
}

// strconv.IsPrint, approximated without Unicode tables: separators other than the ASCII
// space, format characters, controls, surrogates, private use and noncharacters are not
// printable; every other rune is taken as printable (Go also escapes unassigned runes).
bool is_go_printable(uint32_t r) {
  if (r < 0x20 || (r >= 0x7F && r <= 0xA0) || r == 0xAD) return false;
  if (r < 0x300) return true;
  struct Range {
    uint32_t lo, hi;
  };
  static constexpr Range kNotPrintable[] = {
      {0x0600, 0x0605},    {0x061C, 0x061C},   {0x06DD, 0x06DD},   {0x070F, 0x070F},
      {0x0890, 0x0891},    {0x08E2, 0x08E2},   {0x1680, 0x1680},   {0x180E, 0x180E},
      {0x2000, 0x200F},    {0x2028, 0x202F},   {0x205F, 0x2064},   {0x2066, 0x206F},
      {0x3000, 0x3000},    {0xD800, 0xF8FF},   {0xFDD0, 0xFDEF},   {0xFEFF, 0xFEFF},
      {0xFFF0, 0xFFFB},    {0x110BD, 0x110BD}, {0x110CD, 0x110CD}, {0x13430, 0x1343F},
      {0x1BCA0, 0x1BCA3},  {0x1D173, 0x1D17A}, {0xE0000, 0xE00FF}, {0xE01F0, 0xE0FFF},
      {0xF0000, 0x10FFFF},
  };
  if ((r & 0xFFFE) == 0xFFFE) return false;  // the last two runes of every plane
  for (const Range& range : kNotPrintable) {
    if (r >= range.lo && r <= range.hi) return false;
  }
  return r <= 0x10FFFF;
}

// strconv.Quote.
void append_go_quoted(std::string& out, std::string_view s) {
  out.push_back('"');
  for (size_t i = 0; i < s.size();) {
    size_t width = 1;
    const uint32_t r = decode_utf8(s, i, &width);
    if (r == kReplacement && width == 1) {
      const unsigned char b = static_cast<unsigned char>(s[i]);
      out.append("\\x");
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 0xF]);
      ++i;
      continue;
    }
    switch (r) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\a':
        out.append("\\a");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '\v':
        out.append("\\v");
        break;
      default:
        if (is_go_printable(r)) {
          out.append(s.substr(i, width));
        } else if (r < 0x20 || r == 0x7F) {
          out.append("\\x");
          out.push_back(kHex[r >> 4]);
          out.push_back(kHex[r & 0xF]);
        } else if (r < 0x10000) {
          out.append("\\u");
          for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kHex[(r >> shift) & 0xF]);
        } else {
          out.append("\\U");
          for (int shift = 28; shift >= 0; shift -= 4) out.push_back(kHex[(r >> shift) & 0xF]);
        }
    }
    i += width;
  }
  out.push_back('"');
}

void append_rego(std::string& out, const Value& v) {
  switch (v.kind()) {
    case ValueKind::kNull:
      out.append("null");
      return;
    case ValueKind::kBoolean:
      out.append(v.as_boolean() ? "true" : "false");
      return;
    case ValueKind::kNumber:
      out.append(v.as_number().to_string());
      return;
    case ValueKind::kString:
      append_go_quoted(out, v.as_string());
      return;
    case ValueKind::kArray:
    case ValueKind::kSet: {
      if (v.is_set() && v.size() == 0) {
        out.append("set()");
        return;
      }
      out.push_back(v.is_array() ? '[' : '{');
      bool first = true;
      for (const Value& item : v.is_array() ? v.array_items() : v.set_items()) {
        if (!first) out.append(", ");
        first = false;
        append_rego(out, item);
      }
      out.push_back(v.is_array() ? ']' : '}');
      return;
    }
    case ValueKind::kObject: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, value] : v.object_entries()) {
        if (!first) out.append(", ");
        first = false;
        append_rego(out, key);
        out.append(": ");
        append_rego(out, value);
      }
      out.push_back('}');
      return;
    }
  }
}

}  // namespace

std::optional<Value> value_from_json(std::string_view json, std::string* error, size_t max_depth) {
  return JsonReader(json, max_depth).read(error);
}

std::string value_to_json(const Value& value) {
  std::string out;
  append_json(out, value);
  return out;
}

std::string value_to_rego(const Value& value) {
  std::string out;
  append_rego(out, value);
  return out;
}

}  // namespace assay::rego
