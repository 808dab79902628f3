#include "src/rego/annotation_yaml.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "src/rego/annotations.h"

namespace assay::rego::annotation_yaml {
namespace {

// yaml.v3 stops collecting type errors nowhere; a block with thousands of them would make a
// message of megabytes, so we keep the first ones.
constexpr size_t kMaxTypeErrors = 20;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// ---------------------------------------------------------------------------------------------
// Scalars as yaml.v3 resolves them.

// Go's strconv.ParseUint(s, 0, 64) (prefixes 0x, 0o, 0b, 0; no sign).
bool ParseGoUint(std::string_view s, uint64_t* out) {
  if (s.empty()) return false;
  int base = 10;
  if (s[0] == '0') {
    char p = s.size() >= 3 ? static_cast<char>(s[1] | 0x20) : 0;
    if (p == 'b' || p == 'o' || p == 'x') {
      base = p == 'b' ? 2 : p == 'o' ? 8 : 16;
      s.remove_prefix(2);
    } else {
      base = 8;
      s.remove_prefix(1);
    }
  }
  uint64_t n = 0;
  for (char c : s) {
    int d = IsDigit(c)                               ? c - '0'
            : (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? (c | 0x20) - 'a' + 10
                                                     : 99;
    if (d >= base) return false;
    if (n > (UINT64_MAX - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) return false;
    n = n * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  *out = n;
  return true;
}

// Go's strconv.ParseInt(s, 0, 64).
bool ParseGoInt(std::string_view s, int64_t* out) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  uint64_t n = 0;
  if (!ParseGoUint(s, &n)) return false;
  if (negative) {
    if (n > static_cast<uint64_t>(INT64_MAX) + 1) return false;
    *out = n == static_cast<uint64_t>(INT64_MAX) + 1 ? INT64_MIN : -static_cast<int64_t>(n);
  } else {
    if (n > static_cast<uint64_t>(INT64_MAX)) return false;
    *out = static_cast<int64_t>(n);
  }
  return true;
}

// yaml.v3's yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool IsYamlFloat(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    return i > start;
  };
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  } else {
    if (!digits()) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

// Go's strconv.ParseFloat on a decimal literal: fails only on overflow.
bool ParseGoFloat(const std::string& s, double* out) {
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return false;
  if (errno == ERANGE && std::isinf(v)) return false;
  *out = v;
  return true;
}

bool Digits(std::string_view s, size_t* i, size_t min, size_t max, int* value) {
  size_t start = *i;
  int v = 0;
  while (*i < s.size() && *i - start < max && IsDigit(s[*i])) v = v * 10 + (s[(*i)++] - '0');
  *value = v;
  return *i - start >= min;
}

// yaml.v3's parseTimestamp: 2006-1-2, 2006-1-2T15:4:5.999999999Z07:00 (T or t), or
// 2006-1-2 15:4:5.999999999.
bool IsTimestamp(std::string_view s) {
  size_t i = 0;
  int year, month, day, hour, minute, second;
  if (!Digits(s, &i, 4, 4, &year) || i == s.size() || s[i] != '-') return false;
  ++i;
  if (!Digits(s, &i, 1, 2, &month) || i == s.size() || s[i] != '-') return false;
  ++i;
  if (!Digits(s, &i, 1, 2, &day) || month < 1 || month > 12 || day < 1 || day > 31) return false;
  if (i == s.size()) return true;
  char sep = s[i++];
  if (sep != 'T' && sep != 't' && sep != ' ') return false;
  if (!Digits(s, &i, 1, 2, &hour) || i == s.size() || s[i++] != ':') return false;
  if (!Digits(s, &i, 1, 2, &minute) || i == s.size() || s[i++] != ':') return false;
  if (!Digits(s, &i, 1, 2, &second) || hour > 23 || minute > 59 || second > 59) return false;
  int fraction;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!Digits(s, &i, 1, 9, &fraction)) return false;
  }
  if (sep == ' ') return i == s.size();
  if (i < s.size() && s[i] == 'Z') return i + 1 == s.size();
  if (i == s.size() || (s[i] != '+' && s[i] != '-')) return false;
  ++i;
  int zh, zm;
  if (!Digits(s, &i, 2, 2, &zh) || i == s.size() || s[i++] != ':') return false;
  return Digits(s, &i, 2, 2, &zm) && i == s.size();
}

// A scalar with the tag yaml.v3 gives it ("!!str", "!!int", ...) and its value.
struct Scalar {
  std::string tag;
  Value value;
};

Scalar String(std::string tag, const std::string& text) {
  Scalar s{std::move(tag), {}};
  s.value.kind = Value::Kind::kString;
  s.value.text = text;
  return s;
}

// yaml.v3's resolve() of a plain (unquoted, untagged) scalar.
Scalar ResolvePlain(const std::string& in) {
  Scalar s;
  Value& v = s.value;
  if (in.empty() || in == "~" || in == "null" || in == "Null" || in == "NULL") {
    s.tag = "!!null";
    return s;
  }
  if (in == "true" || in == "True" || in == "TRUE" || in == "false" || in == "False" ||
      in == "FALSE") {
    s.tag = "!!bool";
    v.kind = Value::Kind::kBool;
    v.boolean = in[0] == 't' || in[0] == 'T';
    return s;
  }
  if (in == ".nan" || in == ".NaN" || in == ".NAN" || in == ".inf" || in == ".Inf" ||
      in == ".INF" || in == "+.inf" || in == "+.Inf" || in == "+.INF" || in == "-.inf" ||
      in == "-.Inf" || in == "-.INF") {
    s.tag = "!!float";
    v.kind = Value::Kind::kFloat;
    v.number = in[1] == 'n' || in[1] == 'N' ? std::nan("") : in[0] == '-' ? -HUGE_VAL : HUGE_VAL;
    return s;
  }
  char hint = in[0];
  if (hint == '.') {
    if (IsYamlFloat(in) && ParseGoFloat(in, &v.number)) {
      s.tag = "!!float";
      v.kind = Value::Kind::kFloat;
      return s;
    }
  } else if (IsDigit(hint) || hint == '+' || hint == '-') {
    if (IsTimestamp(in)) return String("!!timestamp", in);
    std::string plain;
    for (char c : in) {
      if (c != '_') plain.push_back(c);
    }
    if (ParseGoInt(plain, &v.integer)) {
      s.tag = "!!int";
      v.kind = Value::Kind::kInt;
      return s;
    }
    if (ParseGoUint(plain, &v.uinteger)) {
      s.tag = "!!int";
      v.kind = Value::Kind::kUint;
      return s;
    }
    if (IsYamlFloat(plain) && ParseGoFloat(plain, &v.number)) {
      s.tag = "!!float";
      v.kind = Value::Kind::kFloat;
      return s;
    }
  }
  return String("!!str", in);
}

// ---------------------------------------------------------------------------------------------
// The decoder: yaml.v3's unmarshalling of a yaml-cpp document.

const char* const kCoreTagPrefix = "tag:yaml.org,2002:";

class Decoder {
 public:
  explicit Decoder(std::string_view yaml) : yaml_(yaml), budget_(4 * yaml.size() + 1024) {}

  std::optional<YamlError> Decode(const YAML::Node& root, RawAnnotation* raw);

 private:
  // What yaml.v3 would make of the scalar n, or nullopt after a failure (a tag that does not fit).
  std::optional<Scalar> Resolve(const YAML::Node& n);
  // The tag yaml.v3 names in a type error about n.
  std::string ShortTag(const YAML::Node& n);
  // Counts n against the budget; false (with the failure set) when it is spent.
  bool Visit(const YAML::Node& n);
  void Fail(const YAML::Node& n, std::string message);
  void TypeError(const YAML::Node& n, std::string_view go_type);
  // yaml.v3 refuses a map with a repeated key before decoding it.
  bool UniqueKeys(const YAML::Node& map);

  void DecodeString(const YAML::Node& n, std::string* out);
  void DecodeBool(const YAML::Node& n, bool* out);
  void DecodeStringList(const YAML::Node& n, std::vector<std::string>* out);
  void DecodeAnyList(const YAML::Node& n, std::vector<Value>* out);
  void DecodeMapList(const YAML::Node& n, std::vector<Value>* out);
  // Go's map[string]any: keys decoded as strings, values as any.
  void DecodeStringMap(const YAML::Node& n, std::string_view go_type, Value* out);
  void DecodeAny(const YAML::Node& n, Value* out);

  std::string_view yaml_;
  size_t budget_;
  int depth_ = 0;
  std::vector<YAML::Node> path_;  // the collections being decoded, to tell a cycle
  std::optional<YamlError> failure_;
  std::vector<std::string> type_errors_;
  int first_type_error_line_ = -1;
};

std::optional<Scalar> Decoder::Resolve(const YAML::Node& n) {
  const std::string& tag = n.Tag();
  const std::string& text = n.Scalar();
  if (tag == "?") return ResolvePlain(text);
  if (tag == "!" || tag.empty()) return String("!!str", text);
  if (tag.rfind(kCoreTagPrefix, 0) != 0) return String(tag, text);  // a local tag: !thing
  std::string short_tag = "!!" + tag.substr(std::char_traits<char>::length(kCoreTagPrefix));
  if (short_tag == "!!null" || short_tag == "!!bool" || short_tag == "!!int" ||
      short_tag == "!!float" || short_tag == "!!timestamp") {
    Scalar s = ResolvePlain(text);
    if (s.tag == short_tag || (short_tag == "!!float" && s.tag == "!!int")) {
      if (s.value.kind == Value::Kind::kInt && short_tag == "!!float") {
        s.value.kind = Value::Kind::kFloat;
        s.value.number = static_cast<double>(s.value.integer);
      }
      s.tag = short_tag;
      return s;
    }
    Fail(n, "yaml: cannot decode " + s.tag + " `" + text + "` as a " + short_tag);
    return std::nullopt;
  }
  return String(short_tag, text);
}

std::string Decoder::ShortTag(const YAML::Node& n) {
  const std::string& tag = n.Tag();
  if (tag.rfind(kCoreTagPrefix, 0) == 0) {
    return "!!" + tag.substr(std::char_traits<char>::length(kCoreTagPrefix));
  }
  if (!tag.empty() && tag != "?" && tag != "!") return tag;
  if (n.IsSequence()) return "!!seq";
  if (n.IsMap()) return "!!map";
  if (n.IsNull()) return "!!null";
  if (tag == "!") return "!!str";
  return ResolvePlain(n.Scalar()).tag;
}

bool Decoder::Visit(const YAML::Node& n) {
  if (failure_) return false;
  if (budget_ == 0) {
    Fail(n, "yaml: document contains excessive aliasing");
    return false;
  }
  --budget_;
  return true;
}

void Decoder::Fail(const YAML::Node& n, std::string message) {
  if (!failure_) failure_ = YamlError{n.Mark().line, std::move(message)};
}

void Decoder::TypeError(const YAML::Node& n, std::string_view go_type) {
  std::string tag = ShortTag(n);
  std::string value;
  if (n.IsScalar()) {
    const std::string& text = n.Scalar();
    value = text.size() > 10 ? " `" + text.substr(0, 7) + "...`" : " `" + text + "`";
  }
  int line = n.Mark().line;
  if (type_errors_.empty()) first_type_error_line_ = line;
  if (type_errors_.size() < kMaxTypeErrors) {
    type_errors_.push_back("line " + std::to_string(line + 1) + ": cannot unmarshal " + tag +
                           value + " into " + std::string(go_type));
  }
}

bool Decoder::UniqueKeys(const YAML::Node& map) {
  // yaml.v3 compares keys by kind and text; so do we, in linear time.
  std::unordered_map<std::string, int> first_line;
  bool unique = true;
  for (const auto& entry : map) {
    const YAML::Node& key = entry.first;
    if (!Visit(key)) return false;
    std::string id = std::to_string(static_cast<int>(key.Type())) + ":" +
                     (key.IsScalar() ? key.Scalar() : std::string());
    auto [at, inserted] = first_line.emplace(std::move(id), key.Mark().line);
    if (inserted) continue;
    unique = false;
    if (type_errors_.empty()) first_type_error_line_ = key.Mark().line;
    if (type_errors_.size() < kMaxTypeErrors) {
      std::string text = key.IsScalar() ? key.Scalar() : std::string();
      type_errors_.push_back("line " + std::to_string(key.Mark().line + 1) + ": mapping key " +
                             go_quote(text) + " already defined at line " +
                             std::to_string(at->second + 1));
    }
  }
  return unique;
}

void Decoder::DecodeString(const YAML::Node& n, std::string* out) {
  if (!Visit(n) || n.IsNull()) return;
  if (!n.IsScalar()) return TypeError(n, "string");
  // yaml.v3 sets any scalar into a string as written (1.0 stays "1.0"), after checking its tag.
  if (Resolve(n)) *out = n.Scalar();
}

void Decoder::DecodeBool(const YAML::Node& n, bool* out) {
  if (!Visit(n) || n.IsNull()) return;
  if (!n.IsScalar()) return TypeError(n, "bool");
  std::optional<Scalar> s = Resolve(n);
  if (!s) return;
  if (s->value.kind == Value::Kind::kNull) return;
  if (s->value.kind == Value::Kind::kBool) {
    *out = s->value.boolean;
    return;
  }
  // yaml.v3 keeps YAML 1.1's spellings for a typed bool.
  static const char* const kTrue[] = {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON"};
  static const char* const kFalse[] = {"n", "N", "no", "No", "NO", "off", "Off", "OFF"};
  if (s->value.kind == Value::Kind::kString) {
    for (const char* t : kTrue) {
      if (s->value.text == t) {
        *out = true;
        return;
      }
    }
    for (const char* f : kFalse) {
      if (s->value.text == f) {
        *out = false;
        return;
      }
    }
  }
  TypeError(n, "bool");
}

void Decoder::DecodeStringList(const YAML::Node& n, std::vector<std::string>* out) {
  if (!Visit(n) || n.IsNull()) return;
  if (!n.IsSequence()) return TypeError(n, "[]string");
  for (const YAML::Node& item : n) {
    out->emplace_back();
    DecodeString(item, &out->back());
  }
}

void Decoder::DecodeAnyList(const YAML::Node& n, std::vector<Value>* out) {
  if (!Visit(n) || n.IsNull()) return;
  if (!n.IsSequence()) return TypeError(n, "[]interface {}");
  for (const YAML::Node& item : n) {
    out->emplace_back();
    DecodeAny(item, &out->back());
  }
}

void Decoder::DecodeMapList(const YAML::Node& n, std::vector<Value>* out) {
  if (!Visit(n) || n.IsNull()) return;
  if (!n.IsSequence()) return TypeError(n, "[]map[string]interface {}");
  for (const YAML::Node& item : n) {
    out->emplace_back();
    DecodeStringMap(item, "map[string]interface {}", &out->back());
  }
}

void Decoder::DecodeStringMap(const YAML::Node& n, std::string_view go_type, Value* out) {
  out->line = n.Mark().line;
  if (!Visit(n) || n.IsNull()) return;
  if (!n.IsMap()) return TypeError(n, go_type);
  if (!UniqueKeys(n)) return;
  out->kind = Value::Kind::kMap;
  for (const auto& entry : n) {
    Value key;
    key.kind = Value::Kind::kString;
    key.line = entry.first.Mark().line;
    DecodeString(entry.first, &key.text);
    Value value;
    DecodeAny(entry.second, &value);
    out->keys.push_back(std::move(key));
    out->values.push_back(std::move(value));
  }
}

void Decoder::DecodeAny(const YAML::Node& n, Value* out) {
  out->line = n.Mark().line;
  if (!Visit(n) || n.IsNull()) return;
  if (n.IsScalar()) {
    std::optional<Scalar> s = Resolve(n);
    if (!s) return;
    *out = std::move(s->value);
    out->line = n.Mark().line;
    if (out->kind == Value::Kind::kNull) return;
    // Into `any`, yaml.v3 keeps timestamps and other tags as the text.
    if (s->tag == "!!timestamp") out->text = n.Scalar();
    return;
  }
  if (depth_ + 1 >= kMaxAnnotationDepth) {
    for (const YAML::Node& ancestor : path_) {
      if (!ancestor.is(n)) continue;
      // A cycle: yaml-cpp lets an anchored collection contain its own alias (`&a [*a]`).
      size_t pos = static_cast<size_t>(std::max(0, n.Mark().pos));
      std::string name;
      if (pos < yaml_.size() && yaml_[pos] == '&') {
        for (size_t i = pos + 1;
             i < yaml_.size() && !std::isspace(static_cast<unsigned char>(yaml_[i])) &&
             std::string_view(",[]{}").find(yaml_[i]) == std::string_view::npos;
             ++i) {
          name.push_back(yaml_[i]);
        }
      }
      return Fail(n, "yaml: anchor '" + name + "' value contains itself");
    }
    return Fail(n, "yaml: line " + std::to_string(n.Mark().line + 1) + ": exceeded max depth of " +
                       std::to_string(kMaxAnnotationDepth));
  }
  ++depth_;
  path_.push_back(n);
  if (n.IsSequence()) {
    out->kind = Value::Kind::kSeq;
    for (const YAML::Node& item : n) {
      out->items.emplace_back();
      DecodeAny(item, &out->items.back());
      if (failure_) break;
    }
  } else if (n.IsMap() && UniqueKeys(n)) {
    out->kind = Value::Kind::kMap;
    for (const auto& entry : n) {
      if (failure_) break;
      const YAML::Node& key = entry.first;
      if (!key.IsScalar() && !key.IsNull()) {
        Fail(key, "yaml: invalid map key: " + ShortTag(key));
        break;
      }
      Value k;
      DecodeAny(key, &k);
      if (k.kind != Value::Kind::kString || (key.Tag() == "?" && ShortTag(key) != "!!str")) {
        out->string_keys = false;  // yaml.v3 makes it a map[any]any
      }
      Value v;
      DecodeAny(entry.second, &v);
      out->keys.push_back(std::move(k));
      out->values.push_back(std::move(v));
    }
  }
  path_.pop_back();
  --depth_;
}

std::optional<YamlError> Decoder::Decode(const YAML::Node& root, RawAnnotation* raw) {
  if (root.IsNull() || !root.IsDefined()) return std::nullopt;
  if (!root.IsMap()) {
    TypeError(root, "ast.rawAnnotation");
  } else {
    // yaml.v3's mappingStruct: known keys by name, unknown keys skipped, a known key twice an
    // error.
    std::unordered_set<std::string> seen;
    for (const auto& entry : root) {
      if (failure_) break;
      const YAML::Node& key = entry.first;
      const YAML::Node& value = entry.second;
      std::string name;
      DecodeString(key, &name);
      if (!key.IsScalar() && !key.IsNull()) continue;
      static const char* const kFields[] = {
          "compile",           "custom",  "scope",   "title",     "description", "organizations",
          "related_resources", "authors", "schemas", "entrypoint"};
      if (std::find_if(std::begin(kFields), std::end(kFields),
                       [&](const char* f) { return name == f; }) == std::end(kFields)) {
        continue;
      }
      if (!seen.insert(name).second) {
        if (type_errors_.empty()) first_type_error_line_ = key.Mark().line;
        if (type_errors_.size() < kMaxTypeErrors) {
          type_errors_.push_back("line " + std::to_string(key.Mark().line + 1) + ": field " + name +
                                 " already set in type ast.rawAnnotation");
        }
        continue;
      }
      if (name == "scope") DecodeString(value, &raw->scope);
      if (name == "title") DecodeString(value, &raw->title);
      if (name == "description") DecodeString(value, &raw->description);
      if (name == "organizations") DecodeStringList(value, &raw->organizations);
      if (name == "related_resources") DecodeAnyList(value, &raw->related_resources);
      if (name == "authors") DecodeAnyList(value, &raw->authors);
      if (name == "schemas") DecodeMapList(value, &raw->schemas);
      if (name == "entrypoint") DecodeBool(value, &raw->entrypoint);
      if (name == "custom") DecodeStringMap(value, "map[string]interface {}", &raw->custom);
      if (name == "compile") DecodeStringMap(value, "map[string]interface {}", &raw->compile);
    }
  }
  if (failure_) return failure_;
  if (type_errors_.empty()) return std::nullopt;
  std::string message = "yaml: unmarshal errors:";
  for (const std::string& e : type_errors_) message += "\n  " + e;
  return YamlError{first_type_error_line_, std::move(message)};
}

// ---------------------------------------------------------------------------------------------
// Syntax: what yaml-cpp refuses, and what it accepts but libyaml does not.

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

size_t Indent(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && line[i] == ' ') ++i;
  return i;
}

// A line that cannot be a `key: value` (no ': ', no ':' at its end): a comment, blank, or text
// that libyaml refuses where a key is due.
bool HasNoMappingValue(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == ':' && (i + 1 == line.size() || line[i + 1] == ' ' || line[i + 1] == '\t')) {
      return false;
    }
  }
  return true;
}

bool IsOrphanLine(std::string_view line, size_t indent) {
  size_t i = Indent(line);
  if (i != indent || i == line.size() || line[i] == '#' || line[i] == '-') return false;
  return HasNoMappingValue(line);
}

// The common block (`title: ...`, `description: ...`, `scope: rule`, `entrypoint: true`, one
// plain single-line ASCII scalar per key) decoded without yaml-cpp, whose setup alone costs more
// than parsing a whole small policy. Anything else, including every way to get an error, is left
// to the full decoder: returns false then, with *raw untouched.
bool DecodeSimple(std::string_view yaml, RawAnnotation* raw) {
  RawAnnotation simple;
  bool seen[4] = {false, false, false, false};
  for (std::string_view line : Lines(yaml)) {
    if (line.empty()) continue;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    for (size_t i = 0; i < colon; ++i) {
      char c = line[i];
      bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                  (i > 0 && ((c >= '0' && c <= '9') || c == '-'));
      if (!word) return false;
    }
    std::string_view key = line.substr(0, colon);
    std::string_view value = line.substr(colon + 1);
    if (!value.empty()) {
      // ` value`: a plain scalar that cannot be anything but itself on one line.
      if (value.size() < 2 || value[0] != ' ' || value.back() == ' ') return false;
      value.remove_prefix(1);
      if (std::string_view("-?:,[]{}#&*!|>'\"%@` ").find(value[0]) != std::string_view::npos) {
        return false;
      }
      for (size_t i = 0; i < value.size(); ++i) {
        char c = value[i];
        if (c < 0x20 || c > 0x7e) return false;
        if ((c == ':' || c == '#') &&
            (i + 1 == value.size() || value[i + 1] == ' ' || (c == '#' && value[i - 1] == ' '))) {
          return false;
        }
      }
    }
    static const std::string_view kKeys[] = {"scope", "title", "description", "entrypoint"};
    size_t k = std::find(std::begin(kKeys), std::end(kKeys), key) - std::begin(kKeys);
    if (k == std::size(kKeys)) {
      // An unknown key, ignored as yaml.v3 does, unless it is a known one the full decoder
      // has to read.
      static const std::string_view kOthers[] = {"compile",           "custom",  "organizations",
                                                 "related_resources", "authors", "schemas"};
      if (std::find(std::begin(kOthers), std::end(kOthers), key) != std::end(kOthers)) {
        return false;
      }
      continue;
    }
    if (seen[k]) return false;
    seen[k] = true;
    Scalar resolved = ResolvePlain(std::string(value));
    if (k == 3) {
      if (resolved.value.kind == Value::Kind::kNull) continue;
      if (resolved.value.kind != Value::Kind::kBool) return false;
      simple.entrypoint = resolved.value.boolean;
      continue;
    }
    std::string text = resolved.value.kind == Value::Kind::kNull ? "" : std::string(value);
    (k == 0 ? simple.scope : k == 1 ? simple.title : simple.description) = std::move(text);
  }
  *raw = std::move(simple);
  return true;
}

// yaml.v3's failures on the characters of the text: what libyaml's reader refuses.
std::optional<YamlError> CheckCharacters(std::string_view text) {
  int line = 0;
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    uint32_t cp = c;
    size_t len = 1;
    if (c >= 0xf0) {
      len = 4;
      cp = c & 0x07;
    } else if (c >= 0xe0) {
      len = 3;
      cp = c & 0x0f;
    } else if (c >= 0xc0) {
      len = 2;
      cp = c & 0x1f;
    }
    for (size_t k = 1; k < len && i + k < text.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
    }
    if (c == '\n') ++line;
    // libyaml's printable set; invalid UTF-8 is the lexer's to report.
    bool printable = cp == 0x09 || cp == 0x0a || cp == 0x0d || (cp >= 0x20 && cp <= 0x7e) ||
                     cp == 0x85 || (cp >= 0xa0 && cp <= 0xd7ff) ||
                     (cp >= 0xe000 && cp <= 0xfffd && cp != 0xfeff) ||
                     (cp >= 0x10000 && cp <= 0x10ffff) || (c >= 0x80 && c < 0xc0);
    if (!printable) return YamlError{line, "yaml: control characters are not allowed"};
    i += len;
  }
  return std::nullopt;
}

// libyaml's words for yaml-cpp's syntax errors where the two mean the same.
std::string LibyamlMessage(const std::string& message, std::string_view yaml, int pos) {
  static const std::pair<const char*, const char*> kWords[] = {
      {YAML::ErrorMsg::MAP_VALUE, "mapping values are not allowed in this context"},
      {YAML::ErrorMsg::END_OF_MAP, "did not find expected key"},
      {YAML::ErrorMsg::END_OF_SEQ, "did not find expected '-' indicator"},
      {YAML::ErrorMsg::END_OF_SEQ_FLOW, "did not find expected ',' or ']'"},
      {YAML::ErrorMsg::END_OF_MAP_FLOW, "did not find expected ',' or '}'"},
      {YAML::ErrorMsg::BLOCK_ENTRY, "block sequence entries are not allowed in this context"},
      {YAML::ErrorMsg::MAP_KEY, "mapping keys are not allowed in this context"},
      {YAML::ErrorMsg::TAB_IN_INDENTATION, "found a tab character that violates indentation"},
      {YAML::ErrorMsg::UNKNOWN_TOKEN, "found character that cannot start any token"},
      {YAML::ErrorMsg::EOF_IN_SCALAR, "found unexpected end of stream"},
      {YAML::ErrorMsg::DOC_IN_SCALAR, "found unexpected document indicator"},
      {YAML::ErrorMsg::FLOW_END, "did not find expected node content"},
      {YAML::ErrorMsg::INVALID_ESCAPE, "found unknown escape character"},
  };
  for (const auto& [cpp, lib] : kWords) {
    if (message.rfind(cpp, 0) == 0) return lib;
  }
  if (message.rfind(YAML::ErrorMsg::UNKNOWN_ANCHOR, 0) == 0) {
    std::string name;
    for (size_t i = static_cast<size_t>(std::max(0, pos)) + 1;
         i < yaml.size() && !std::isspace(static_cast<unsigned char>(yaml[i])) &&
         std::string_view(",[]{}").find(yaml[i]) == std::string_view::npos;
         ++i) {
      name.push_back(yaml[i]);
    }
    return "unknown anchor '" + name + "' referenced";
  }
  return message;
}

// libyaml requires `:` after a key in a block mapping; yaml-cpp takes a lone scalar there as a key
// with a null value. Finds the first such key, looking at each collection once.
class OrphanKeys {
 public:
  explicit OrphanKeys(const std::vector<std::string_view>& lines) : lines_(lines) {}

  std::optional<int> Find(const YAML::Node& n) {
    if (!n.IsMap() && !n.IsSequence()) return std::nullopt;
    if (!seen_.insert(n.Mark().pos).second) return std::nullopt;  // an alias: seen already
    if (n.IsSequence()) {
      for (const YAML::Node& item : n) {
        if (auto line = Find(item)) return line;
      }
      return std::nullopt;
    }
    for (const auto& entry : n) {
      const YAML::Node& key = entry.first;
      if (n.Style() == YAML::EmitterStyle::Block && key.IsScalar() && entry.second.IsNull()) {
        int line = key.Mark().line;
        if (line >= 0 && static_cast<size_t>(line) < lines_.size()) {
          std::string_view text = lines_[line];
          size_t col = std::min(text.size(), static_cast<size_t>(std::max(0, key.Mark().column)));
          std::string_view before = text.substr(0, col);
          while (!before.empty() && before.back() == ' ') before.remove_suffix(1);
          bool explicit_key = !before.empty() && before.back() == '?';
          if (!explicit_key && HasNoMappingValue(text.substr(col))) return line;
        }
      }
      if (auto line = Find(key)) return line;
      if (auto line = Find(entry.second)) return line;
    }
    return std::nullopt;
  }

 private:
  const std::vector<std::string_view>& lines_;
  std::unordered_set<int> seen_;
};

// yaml.v3 prints no line for an error on the first line.
std::string AtLine(int line, std::string_view message) {
  if (line <= 0) return "yaml: " + std::string(message);
  return "yaml: line " + std::to_string(line + 1) + ": " + std::string(message);
}

// ---------------------------------------------------------------------------------------------
// Go's formatting.

std::string GoFloat(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string sci(buf, end);  // d.ddde+XX, shortest
  size_t e = sci.find('e');
  int exp = std::atoi(sci.c_str() + e + 1);
  // %v is %g with the shortest digits, which switches to the exponent form from 1e+06.
  if (exp < -4 || exp >= 6) {
    std::string mantissa = sci.substr(0, e);
    std::string digits = std::to_string(std::abs(exp));
    if (digits.size() < 2) digits = "0" + digits;
    return mantissa + "e" + (exp < 0 ? "-" : "+") + digits;
  }
  auto [end2, ec2] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return std::string(buf, end2);
}

bool KeyLess(const Value& a, const Value& b) {
  if (a.kind != b.kind) return a.kind < b.kind;
  switch (a.kind) {
    case Value::Kind::kBool:
      return a.boolean < b.boolean;
    case Value::Kind::kInt:
      return a.integer < b.integer;
    case Value::Kind::kUint:
      return a.uinteger < b.uinteger;
    case Value::Kind::kFloat:
      return a.number < b.number;
    case Value::Kind::kString:
      return a.text < b.text;
    default:
      return false;
  }
}

}  // namespace

std::string go_format_s(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kNull:
      return "%!s(<nil>)";
    case Value::Kind::kBool:
      return std::string("%!s(bool=") + (v.boolean ? "true" : "false") + ")";
    case Value::Kind::kInt:
      return "%!s(int=" + std::to_string(v.integer) + ")";
    case Value::Kind::kUint:
      return "%!s(uint64=" + std::to_string(v.uinteger) + ")";
    case Value::Kind::kFloat: {
      return "%!s(float64=" + GoFloat(v.number) + ")";
    }
    case Value::Kind::kString:
      return v.text;
    case Value::Kind::kSeq: {
      std::string out = "[";
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (i > 0) out += " ";
        out += go_format_s(v.items[i]);
      }
      return out + "]";
    }
    case Value::Kind::kMap: {
      // Go prints maps with their keys sorted.
      std::vector<size_t> order(v.keys.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return KeyLess(v.keys[a], v.keys[b]); });
      std::string out = "map[";
      for (size_t i = 0; i < order.size(); ++i) {
        if (i > 0) out += " ";
        out += go_format_s(v.keys[order[i]]) + ":" + go_format_s(v.values[order[i]]);
      }
      return out + "]";
    }
  }
  return "";
}

std::string go_quote(std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\v':
        out += "\\v";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += "\\x";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

std::optional<YamlError> decode_raw_annotation(std::string_view yaml, RawAnnotation* raw) {
  if (DecodeSimple(yaml, raw)) return std::nullopt;
  if (auto bad = CheckCharacters(yaml)) return bad;
  std::vector<std::string_view> lines = Lines(yaml);
  // yaml-cpp marks errors found at the end of the text on the line after the last one.
  int last_line =
      static_cast<int>(lines.size()) - (lines.size() > 1 && lines.back().empty() ? 2 : 1);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::DeepRecursion& e) {
    int line = std::min(e.mark.line, last_line);
    return YamlError{line,
                     AtLine(line, "exceeded max depth of " + std::to_string(kMaxAnnotationDepth))};
  } catch (const YAML::ParserException& e) {
    int line = std::min(e.mark.line, last_line);
    std::string message = LibyamlMessage(e.msg, yaml, e.mark.pos);
    if (e.msg == YAML::ErrorMsg::MAP_VALUE && line > 0 &&
        static_cast<size_t>(line) < lines.size()) {
      // yaml-cpp reads lines without `:` above a `key:` as one long key; libyaml refuses the
      // first of them.
      size_t indent = Indent(lines[line]);
      int first = line;
      while (first > 0 && IsOrphanLine(lines[first - 1], indent)) --first;
      if (first < line) {
        return YamlError{first, AtLine(first, "could not find expected ':'")};
      }
    }
    if (e.msg.rfind(YAML::ErrorMsg::UNKNOWN_ANCHOR, 0) == 0) {
      return YamlError{line, "yaml: " + message};  // yaml.v3 names no line for this one
    }
    return YamlError{line, AtLine(line, message)};
  } catch (const std::exception& e) {
    return YamlError{-1, std::string("yaml: ") + e.what()};
  }
  try {
    if (auto line = OrphanKeys(lines).Find(root)) {
      return YamlError{*line, AtLine(*line, "could not find expected ':'")};
    }
    return Decoder(yaml).Decode(root, raw);
  } catch (const std::exception& e) {
    return YamlError{-1, std::string("yaml: ") + e.what()};
  }
}

}  // namespace assay::rego::annotation_yaml
