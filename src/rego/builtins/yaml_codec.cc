// YAML for the yaml.* built-ins, as sigs.k8s.io/yaml over go-yaml v2 reads and writes it (see
// yaml_codec.h).
#include "src/rego/builtins/yaml_codec.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "src/rego/builtins/text_support.h"

namespace assay::rego::builtins {

namespace {

// Nodes decoded per document at most: aliases can make a small text a huge tree.
constexpr size_t kMaxYamlNodes = 1'000'000;
constexpr size_t kMaxYamlDepth = 1000;

// ---- Scalars: go-yaml v2's resolve() -------------------------------------------------------

enum class ScalarKind { kNull, kBool, kInt, kFloat, kString };

struct Resolved {
  ScalarKind kind = ScalarKind::kString;
  bool boolean = false;
  std::string number;  // kInt: decimal text; kFloat: Go's JSON text of the float64
  double real = 0;
};

bool one_of(std::string_view s, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), s) != words.end();
}

// strconv.ParseInt(s, 0, 64) / ParseUint as decimal text; nullopt when s is no integer.
std::optional<std::string> parse_go_int(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '_'), s.end());
  bool negative = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.erase(0, 1);
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) base = 16, s.erase(0, 2);
  else if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) base = 8, s.erase(0, 2);
  else if (s.size() > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) base = 2, s.erase(0, 2);
  else if (s.size() > 1 && s[0] == '0') base = 8, s.erase(0, 1);
  if (s.empty()) return std::nullopt;
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value, base);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  if (negative && value > uint64_t{1} << 63) return std::nullopt;
  if (negative && value != 0) return "-" + std::to_string(value);
  return std::to_string(value);
}

bool yaml_style_float(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

// encoding/json's text for a float64.
std::string go_json_float(double f) {
  double a = std::fabs(f);
  bool exponent = a != 0 && (a < 1e-6 || a >= 1e21);
  std::string s = go_format_float(f, exponent ? 'e' : 'f', -1);
  size_t n = s.size();
  if (exponent && n >= 4 && s[n - 4] == 'e' && s[n - 3] == '-' && s[n - 2] == '0') s.erase(n - 2, 1);
  return s;
}

Resolved resolve_plain(std::string_view s) {
  Resolved r;
  if (one_of(s, {"", "~", "null", "Null", "NULL"})) {
    r.kind = ScalarKind::kNull;
  } else if (one_of(s, {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"})) {
    r.kind = ScalarKind::kBool;
    r.boolean = true;
  } else if (one_of(s, {"n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"})) {
    r.kind = ScalarKind::kBool;
  } else if (one_of(s, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"})) {
    r.kind = ScalarKind::kFloat;
    r.real = s.find("nan") != std::string_view::npos || s.find("NaN") != std::string_view::npos || s.find("NAN") != std::string_view::npos
                 ? NAN : (s[0] == '-' ? -INFINITY : INFINITY);
  } else if (!s.empty() && (std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-' || s[0] == '+' || s[0] == '.')) {
    if (auto i = parse_go_int(std::string(s))) {
      r.kind = ScalarKind::kInt;
      r.number = *i;
    } else if (yaml_style_float(s)) {
      r.kind = ScalarKind::kFloat;
      r.real = std::strtod(std::string(s).c_str(), nullptr);
    }
  }
  if (r.kind == ScalarKind::kFloat && std::isfinite(r.real)) r.number = go_json_float(r.real);
  return r;
}

// ---- Reading -------------------------------------------------------------------------------

class Reader {
 public:
  std::optional<Value> convert(const YAML::Node& node, size_t depth, std::string* error) {
    if (++nodes_ > kMaxYamlNodes || depth > kMaxYamlDepth) {
      *error = "yaml: document contains excessive aliasing";
      return std::nullopt;
    }
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        return Value::null();
      case YAML::NodeType::Scalar: return scalar(node, error);
      case YAML::NodeType::Sequence: {
        std::vector<Value> items;
        for (const YAML::Node& item : node) {
          std::optional<Value> v = convert(item, depth + 1, error);
          if (!v) return std::nullopt;
          items.push_back(std::move(*v));
        }
        return Value::array(std::move(items));
      }
      case YAML::NodeType::Map: {
        std::vector<ObjectEntry> entries;
        for (const auto& entry : node) {
          std::optional<std::string> key = key_text(entry.first, error);
          if (!key) return std::nullopt;
          std::optional<Value> v = convert(entry.second, depth + 1, error);
          if (!v) return std::nullopt;
          Value k = Value::string(std::move(*key));
          auto same = std::find_if(entries.begin(), entries.end(), [&](const ObjectEntry& e) { return e.first == k; });
          if (same != entries.end()) {
            same->second = std::move(*v);  // the last value of a repeated key wins
          } else {
            entries.emplace_back(std::move(k), std::move(*v));
          }
        }
        return Value::object(std::move(entries));
      }
    }
    return Value::null();
  }

 private:
  std::optional<Value> scalar(const YAML::Node& node, std::string* error) {
    const std::string& text = node.Scalar();
    if (node.Tag() != "?") return Value::string(text);  // quoted or explicitly tagged
    Resolved r = resolve_plain(text);
    switch (r.kind) {
      case ScalarKind::kNull: return Value::null();
      case ScalarKind::kBool: return Value::boolean(r.boolean);
      case ScalarKind::kString: return Value::string(text);
      case ScalarKind::kInt:
      case ScalarKind::kFloat:
        if (r.number.empty()) {
          *error = "json: unsupported value: " + text;
          return std::nullopt;
        }
        if (auto n = Number::parse(r.number)) return Value::number(*n);
        return Value::string(text);
    }
    return Value::string(text);
  }

  // sigs.k8s.io/yaml turns non-string keys into strings.
  std::optional<std::string> key_text(const YAML::Node& key, std::string* error) {
    if (key.Type() == YAML::NodeType::Null) return std::string("null");
    if (key.Type() != YAML::NodeType::Scalar) {
      *error = "yaml: invalid map key: unsupported key type";
      return std::nullopt;
    }
    if (key.Tag() != "?") return key.Scalar();
    Resolved r = resolve_plain(key.Scalar());
    switch (r.kind) {
      case ScalarKind::kNull: return std::string("null");
      case ScalarKind::kBool: return std::string(r.boolean ? "true" : "false");
      case ScalarKind::kInt: return r.number;
      case ScalarKind::kFloat: return go_format_float(r.real, 'g', -1);
      case ScalarKind::kString: return key.Scalar();
    }
    return key.Scalar();
  }

  size_t nodes_ = 0;
};

// yaml-cpp's parser messages in libyaml's words, where they mean the same.
std::string go_yaml_message(const std::string& message) {
  static const std::pair<std::string_view, std::string_view> kWords[] = {
      {"end of sequence flow not found", "did not find expected ',' or ']'"},
      {"end of map flow not found", "did not find expected ',' or '}'"},
      {"illegal map value", "mapping values are not allowed in this context"},
      {"end of map not found", "did not find expected key"},
      {"end of sequence not found", "did not find expected '-' indicator"},
      {"unknown anchor", "found undefined alias"},
  };
  for (const auto& [from, to] : kWords) {
    if (message.find(from) != std::string::npos) return std::string(to);
  }
  return message;
}

// ---- Writing (go-yaml v2's emitter in block style) -----------------------------------------

bool needs_quotes(std::string_view s) {
  if (s.empty() || resolve_plain(s).kind != ScalarKind::kString) return true;
  if (s.front() == ' ' || s.back() == ' ' || s.back() == ':') return true;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(s.front()) != std::string_view::npos) {
    bool indicator_alone = (s.front() == '-' || s.front() == '?' || s.front() == ':') && s.size() > 1 && s[1] != ' ';
    if (!indicator_alone) return true;
  }
  return s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos ||
         s.find('\t') != std::string_view::npos;
}

bool printable(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7F) return false;
  }
  return true;
}

std::string scalar_text(std::string_view s) {
  if (!printable(s)) {
    std::string out;
    std::string error;
    std::vector<Value> one{Value::string(std::string(s))};
    return go_sprintf("%q", one, &error).value_or("\"\"");
  }
  if (!needs_quotes(s)) return std::string(s);
  if (resolve_plain(s).kind != ScalarKind::kString) return "\"" + std::string(s) + "\"";
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

class Emitter {
 public:
  std::string take() { return std::move(out_); }

  // A node at `indent`; `inline_start` when the caller already wrote "key: " or "- ".
  void node(const Value& v, size_t indent) {
    switch (v.kind()) {
      case ValueKind::kArray: return sequence(v.array_items(), indent);
      case ValueKind::kSet: return sequence(v.set_items(), indent);
      case ValueKind::kObject: return mapping(v, indent);
      default: out_ += scalar(v, indent); out_ += '\n';
    }
  }

 private:
  std::string scalar(const Value& v, size_t indent) {
    switch (v.kind()) {
      case ValueKind::kNull: return "null";
      case ValueKind::kBoolean: return v.as_boolean() ? "true" : "false";
      case ValueKind::kNumber: {
        std::string text = v.as_number().to_string();
        if (text.find_first_of(".eE") == std::string::npos && (v.as_number().to_int64() || text[0] != '-')) {
          if (v.as_number().to_int64() || text.size() < 20) return text;
        }
        return go_format_float(v.as_number().to_double(), 'g', -1);
      }
      case ValueKind::kString: {
        std::string_view s = v.as_string();
        if (s.find('\n') == std::string_view::npos || !printable_lines(s)) return scalar_text(s);
        return literal(s, indent);
      }
      default: return "";
    }
  }

  static bool printable_lines(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == '\n' || (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F); });
  }

  std::string literal(std::string_view s, size_t indent) {
    size_t trailing = 0;
    while (trailing < s.size() && s[s.size() - 1 - trailing] == '\n') ++trailing;
    std::string out = "|";
    if (s.front() == ' ') out += "2";
    out += trailing == 0 ? "-" : trailing == 1 ? "" : "+";
    std::string pad(indent + 2, ' ');
    size_t start = 0;
    std::string_view body = s.substr(0, s.size() - (trailing > 1 ? 0 : trailing));
    while (start <= body.size()) {
      size_t end = body.find('\n', start);
      std::string_view line = body.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
      out += "\n";
      if (!line.empty()) out += pad + std::string(line);
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
    return out;
  }

  static bool is_block(const Value& v) {
    return (v.is_array() || v.is_set() || v.is_object()) && v.size() > 0;
  }

  void sequence(std::span<const Value> items, size_t indent) {
    if (items.empty()) {
      out_ += "[]\n";
      return;
    }
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out_ += std::string(indent, ' ');
      out_ += "- ";
      if (is_block(items[i])) {
        node(items[i], indent + 2);
      } else {
        out_ += scalar_or_empty(items[i], indent + 2);
        out_ += '\n';
      }
    }
  }

  void mapping(const Value& v, size_t indent) {
    if (v.size() == 0) {
      out_ += "{}\n";
      return;
    }
    std::vector<std::pair<std::string, const Value*>> entries;
    for (const auto& [key, member] : v.object_entries()) {
      entries.emplace_back(key.is_string() ? std::string(key.as_string()) : value_to_json(key), &member);
    }
    std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 0; i < entries.size(); ++i) {
      if (i > 0) out_ += std::string(indent, ' ');
      out_ += scalar_text(entries[i].first);
      out_ += ":";
      const Value& member = *entries[i].second;
      if (!is_block(member)) {
        out_ += " " + scalar_or_empty(member, indent) + "\n";
      } else if (member.is_object()) {
        out_ += "\n" + std::string(indent + 2, ' ');
        node(member, indent + 2);
      } else {  // go-yaml v2 does not indent a sequence under a key
        out_ += "\n" + std::string(indent, ' ');
        node(member, indent);
      }
    }
  }

  std::string scalar_or_empty(const Value& v, size_t indent) {
    if (v.is_array() || v.is_set()) return "[]";
    if (v.is_object()) return "{}";
    return scalar(v, indent);
  }

  std::string out_;
};

}  // namespace

std::optional<Value> yaml_to_value(std::string_view text, std::string* error) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
    int line = std::clamp(e.mark.line + 1, 1, lines);
    *error = "yaml: line " + std::to_string(line) + ": " + go_yaml_message(e.msg);
    return std::nullopt;
  }
  try {
    return Reader().convert(root, 0, error);
  } catch (const YAML::Exception& e) {
    *error = "yaml: " + e.msg;
    return std::nullopt;
  }
}

std::string value_to_yaml(const Value& value) {
  Emitter emitter;
  emitter.node(value, 0);
  return emitter.take();
}

}  // namespace assay::rego::builtins
