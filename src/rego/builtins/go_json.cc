// JSON as Go's encoding/json writes and scans it (see go_json.h).
#include "src/rego/builtins/go_json.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "src/rego/builtins/text_support.h"

namespace assay::rego::builtins {

namespace {

// ---- Writing ------------------------------------------------------------------------------

class Writer {
 public:
  Writer(std::string_view prefix, std::string_view indent, bool pretty)
      : prefix_(prefix), indent_(indent), pretty_(pretty) {}

  void value(const Value& v, size_t depth) {
    if (out_.size() > kMaxOutputBytes) return;
    switch (v.kind()) {
      case ValueKind::kNull: out_ += "null"; return;
      case ValueKind::kBoolean: out_ += v.as_boolean() ? "true" : "false"; return;
      case ValueKind::kNumber: out_ += v.as_number().to_string(); return;
      case ValueKind::kString: append_go_json_string(&out_, v.as_string()); return;
      case ValueKind::kArray: return array(v.array_items(), depth);
      case ValueKind::kSet: return array(v.set_items(), depth);
      case ValueKind::kObject: return object(v, depth);
    }
  }

  std::optional<std::string> take() {
    if (out_.size() > kMaxOutputBytes) return std::nullopt;
    return std::move(out_);
  }

 private:
  void newline(size_t depth) {
    if (!pretty_) return;
    out_ += '\n';
    out_ += prefix_;
    for (size_t i = 0; i < depth; ++i) out_ += indent_;
  }

  void array(std::span<const Value> items, size_t depth) {
    out_ += '[';
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out_ += ',';
      newline(depth + 1);
      value(items[i], depth + 1);
    }
    if (!items.empty()) newline(depth);
    out_ += ']';
  }

  void object(const Value& v, size_t depth) {
    // Go marshals a map[string]any: keys are strings (others become their JSON text), sorted.
    std::vector<std::pair<std::string, const Value*>> entries;
    for (const auto& [key, member] : v.object_entries()) {
      entries.emplace_back(key.is_string() ? std::string(key.as_string()) : go_json_marshal(key), &member);
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    out_ += '{';
    for (size_t i = 0; i < entries.size(); ++i) {
      if (i > 0) out_ += ',';
      newline(depth + 1);
      append_go_json_string(&out_, entries[i].first);
      out_ += pretty_ ? ": " : ":";
      value(*entries[i].second, depth + 1);
    }
    if (!entries.empty()) newline(depth);
    out_ += '}';
  }

  std::string out_;
  std::string_view prefix_, indent_;
  bool pretty_;
};

// ---- Scanning -----------------------------------------------------------------------------

// Go's quoteChar for scanner messages.
std::string quote_char(unsigned char c) {
  if (c == '\'') return "'\\''";
  if (c == '"') return "'\"'";
  std::string s;
  append_rune(&s, c);
  std::vector<Value> one{Value::string(s)};
  std::string error;
  std::string quoted = go_sprintf("%q", one, &error).value_or("\"?\"");
  return "'" + quoted.substr(1, quoted.size() - 2) + "'";
}

class Scanner {
 public:
  explicit Scanner(std::string_view text) : s_(text) {}

  std::optional<std::string> run() {
    if (!value(0)) return error_;
    skip_space();
    if (i_ < s_.size()) {
      invalid("after top-level value");
      return error_;
    }
    return std::nullopt;
  }

 private:
  bool eof() const { return i_ >= s_.size(); }
  unsigned char c() const { return static_cast<unsigned char>(s_[i_]); }
  void skip_space() {
    while (!eof() && (c() == ' ' || c() == '\t' || c() == '\n' || c() == '\r')) ++i_;
  }
  bool fail(std::string message) {
    error_ = std::move(message);
    return false;
  }
  bool invalid(std::string_view context) {
    if (eof()) return fail("unexpected end of JSON input");
    return fail("invalid character " + quote_char(c()) + " " + std::string(context));
  }

  bool value(size_t depth) {
    skip_space();
    if (eof()) return fail("unexpected end of JSON input");
    if (depth >= kMaxJsonDepth) return fail("exceeded max depth");
    switch (c()) {
      case '{': return object(depth);
      case '[': return array(depth);
      case '"': return string();
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default:
        if (c() == '-' || (c() >= '0' && c() <= '9')) return number();
        return invalid("looking for beginning of value");
    }
  }

  bool object(size_t depth) {
    ++i_;
    skip_space();
    if (!eof() && c() == '}') {
      ++i_;
      return true;
    }
    while (true) {
      skip_space();
      if (eof() || c() != '"') return invalid("looking for beginning of object key string");
      if (!string()) return false;
      skip_space();
      if (eof() || c() != ':') return invalid("after object key");
      ++i_;
      if (!value(depth + 1)) return false;
      skip_space();
      if (!eof() && c() == ',') {
        ++i_;
        continue;
      }
      if (!eof() && c() == '}') {
        ++i_;
        return true;
      }
      return invalid("after object key:value pair");
    }
  }

  bool array(size_t depth) {
    ++i_;
    skip_space();
    if (!eof() && c() == ']') {
      ++i_;
      return true;
    }
    while (true) {
      if (!value(depth + 1)) return false;
      skip_space();
      if (!eof() && c() == ',') {
        ++i_;
        continue;
      }
      if (!eof() && c() == ']') {
        ++i_;
        return true;
      }
      return invalid("after array element");
    }
  }

  bool string() {
    ++i_;
    while (!eof()) {
      unsigned char ch = c();
      if (ch == '"') {
        ++i_;
        return true;
      }
      if (ch < 0x20) return invalid("in string literal");
      ++i_;
      if (ch != '\\') continue;
      if (eof()) break;
      if (std::string_view("\"\\/bfnrt").find(static_cast<char>(c())) != std::string_view::npos) {
        ++i_;
      } else if (c() == 'u') {
        ++i_;
        for (int k = 0; k < 4; ++k) {
          if (eof()) break;
          if (!std::isxdigit(c())) return invalid("in \\u hexadecimal character escape");
          ++i_;
        }
      } else {
        return invalid("in string escape code");
      }
    }
    return fail("unexpected end of JSON input");
  }

  bool digits() {
    size_t start = i_;
    while (!eof() && c() >= '0' && c() <= '9') ++i_;
    return i_ > start;
  }

  bool number() {
    if (c() == '-') {
      ++i_;
      if (eof() || c() < '0' || c() > '9') return invalid("in numeric literal");
    }
    if (c() == '0') {
      ++i_;
    } else {
      digits();
    }
    if (!eof() && c() == '.') {
      ++i_;
      if (eof() || c() < '0' || c() > '9') return invalid("after decimal point in numeric literal");
      digits();
    }
    if (!eof() && (c() == 'e' || c() == 'E')) {
      ++i_;
      if (!eof() && (c() == '+' || c() == '-')) ++i_;
      if (eof() || c() < '0' || c() > '9') return invalid("in exponent of numeric literal");
      digits();
    }
    return true;
  }

  bool literal(std::string_view word) {
    ++i_;
    for (size_t k = 1; k < word.size(); ++k, ++i_) {
      if (eof()) return fail("unexpected end of JSON input");
      if (c() != static_cast<unsigned char>(word[k])) {
        return invalid("in literal " + std::string(word) + " (expecting " +
                       quote_char(static_cast<unsigned char>(word[k])) + ")");
      }
    }
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
  std::string error_;
};

}  // namespace

void append_go_json_string(std::string* out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      switch (b) {
        case '"': *out += "\\\""; continue;
        case '\\': *out += "\\\\"; continue;
        case '\b': *out += "\\b"; continue;
        case '\f': *out += "\\f"; continue;
        case '\n': *out += "\\n"; continue;
        case '\r': *out += "\\r"; continue;
        case '\t': *out += "\\t"; continue;
        default: break;
      }
      if (b < 0x20 || b == '<' || b == '>' || b == '&') {
        *out += "\\u00";
        out->push_back(kHex[b >> 4]);
        out->push_back(kHex[b & 15]);
      } else {
        out->push_back(static_cast<char>(b));
      }
      continue;
    }
    char32_t r;
    size_t width = decode_rune(s, i, &r);
    if (width == 1 && r == 0xFFFD) {
      *out += "\\ufffd";
    } else if (r == 0x2028 || r == 0x2029) {
      *out += r == 0x2028 ? "\\u2028" : "\\u2029";
    } else {
      out->append(s.substr(i, width));
    }
    i += width;
  }
  out->push_back('"');
}

std::string go_json_marshal(const Value& value) {
  Writer writer("", "", false);
  writer.value(value, 0);
  return writer.take().value_or("");
}

std::optional<std::string> go_json_marshal_indent(const Value& value, std::string_view prefix,
                                   std::string_view indent) {
  Writer writer(prefix, indent, true);
  writer.value(value, 0);
  return writer.take();
}

std::optional<std::string> go_json_syntax_error(std::string_view text) {
  return Scanner(text).run();
}

}  // namespace assay::rego::builtins
