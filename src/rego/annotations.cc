#include "src/rego/annotations.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>

#include "src/rego/annotation_yaml.h"
#include "src/rego/parser.h"

namespace assay::rego {
namespace {

using annotation_yaml::go_format_s;
using annotation_yaml::go_quote;
using annotation_yaml::Value;

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Go's net/url.Parse, whose errors OPA reports for related_resources refs. Parse accepts most
// strings (a relative path with spaces is a URL); it refuses control characters, bad escapes, a
// leading ':', a colon in the first segment of a relative path, and bad hosts, ports or user info.

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int Unhex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  return (c | 0x20) - 'a' + 10;
}

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Go's unescape() checks, for a host or for any other part.
std::string UnescapeError(std::string_view s, bool host) {
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '%') {
      if (i + 2 >= s.size() || !IsHex(s[i + 1]) || !IsHex(s[i + 2])) {
        return "invalid URL escape " + go_quote(s.substr(i, 3));
      }
      // In a host, %-escapes are for non-ASCII bytes only (and %25 in IPv6 zones).
      if (host && Unhex(s[i + 1]) < 8 && s.substr(i, 3) != "%25") {
        return "invalid URL escape " + go_quote(s.substr(i, 3));
      }
      i += 3;
      continue;
    }
    char c = s[i];
    if (host && static_cast<unsigned char>(c) < 0x80 && !IsAlnum(c) &&
        std::string_view("!$&'()*+,;=:[]<>\"-_.~").find(c) == std::string_view::npos) {
      return "invalid character " + go_quote(s.substr(i, 1)) + " in host name";
    }
    ++i;
  }
  return "";
}

bool ValidOptionalPort(std::string_view port) {
  if (port.empty()) return true;
  if (port[0] != ':') return false;
  return std::all_of(port.begin() + 1, port.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string HostError(std::string_view host) {
  if (!host.empty() && host[0] == '[') {
    size_t close = host.rfind(']');
    if (close == std::string_view::npos) return "missing ']' in host";
    std::string_view port = host.substr(close + 1);
    if (!ValidOptionalPort(port)) return "invalid port " + go_quote(port) + " after host";
  } else if (size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    std::string_view port = host.substr(colon);
    if (!ValidOptionalPort(port)) return "invalid port " + go_quote(port) + " after host";
  }
  return UnescapeError(host, true);
}

std::string AuthorityError(std::string_view authority) {
  size_t at = authority.rfind('@');
  std::string error =
      HostError(at == std::string_view::npos ? authority : authority.substr(at + 1));
  if (!error.empty() || at == std::string_view::npos) return error;
  std::string_view userinfo = authority.substr(0, at);
  for (char c : userinfo) {
    if (!IsAlnum(c) && std::string_view("-._:~!$&'()*+,;=%@").find(c) == std::string_view::npos) {
      return "net/url: invalid userinfo";
    }
  }
  size_t colon = userinfo.find(':');
  error = UnescapeError(userinfo.substr(0, colon), false);
  if (error.empty() && colon != std::string_view::npos) {
    error = UnescapeError(userinfo.substr(colon + 1), false);
  }
  return error;
}

// Go's parse(rawURL, viaRequest=false): the reason it fails, or empty.
std::string UrlError(std::string_view u) {
  for (char c : u) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return "net/url: invalid control character in URL";
    }
  }
  if (u == "*") return "";
  std::string_view scheme;
  std::string_view rest = u;
  for (size_t i = 0; i < u.size(); ++i) {
    char c = u[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
      if (i == 0) break;
      continue;
    }
    if (c == ':') {
      if (i == 0) return "missing protocol scheme";
      scheme = u.substr(0, i);
      rest = u.substr(i + 1);
    }
    break;
  }
  if (!rest.empty() && rest.back() == '?' && std::count(rest.begin(), rest.end(), '?') == 1) {
    rest.remove_suffix(1);
  } else {
    rest = rest.substr(0, rest.find('?'));
  }
  if (rest.substr(0, 1) != "/") {
    if (!scheme.empty()) return "";  // opaque: mailto:x
    if (rest.substr(0, rest.find('/')).find(':') != std::string_view::npos) {
      return "first path segment in URL cannot contain colon";
    }
  }
  if ((!scheme.empty() || rest.substr(0, 3) != "///") && rest.substr(0, 2) == "//") {
    std::string_view authority = rest.substr(2);
    size_t slash = authority.find('/');
    rest = slash == std::string_view::npos ? std::string_view() : authority.substr(slash);
    std::string error = AuthorityError(authority.substr(0, slash));
    if (!error.empty()) return error;
  }
  return UnescapeError(rest, false);
}

// Go's url.Parse error message, or empty when it parses.
std::string GoUrlParseError(std::string_view raw) {
  size_t hash = raw.find('#');
  std::string_view u = raw.substr(0, hash);
  std::string error = UrlError(u);
  if (!error.empty()) return "parse " + go_quote(u) + ": " + error;
  if (hash != std::string_view::npos) {
    error = UnescapeError(raw.substr(hash + 1), false);
    if (!error.empty()) return "parse " + go_quote(raw) + ": " + error;
  }
  return "";
}

// ---------------------------------------------------------------------------------------------
// OPA's checks of the decoded values.

// OPA's convertYAMLMapKeyTypes: a map yaml.v3 could not key by strings, reached through lists
// and such maps, is "invalid map key type(s): a/0/b". (A map with string keys is not looked
// into, as in OPA.)
std::string MapKeyError(const Value& v, std::vector<std::string>* path) {
  if (v.kind == Value::Kind::kMap && !v.string_keys) {
    for (size_t i = 0; i < v.keys.size(); ++i) {
      const Value& key = v.keys[i];
      if (key.kind != Value::Kind::kString) {
        std::string joined;
        for (size_t i = 0; i < path->size(); ++i) joined += (i ? "/" : "") + (*path)[i];
        return "invalid map key type(s): " + joined;
      }
      path->push_back(key.text);
      std::string error = MapKeyError(v.values[i], path);
      path->pop_back();
      if (!error.empty()) return error;
    }
  } else if (v.kind == Value::Kind::kSeq) {
    for (size_t i = 0; i < v.items.size(); ++i) {
      path->push_back(std::to_string(i));
      std::string error = MapKeyError(v.items[i], path);
      path->pop_back();
      if (!error.empty()) return error;
    }
  }
  return "";
}

std::string MapKeyError(const Value& v) {
  std::vector<std::string> path;
  return MapKeyError(v, &path);
}

// The value of `key` in a decoded map, or null.
const Value* Entry(const Value& map, std::string_view key) {
  for (size_t i = 0; i < map.keys.size(); ++i) {
    if (map.keys[i].kind == Value::Kind::kString && map.keys[i].text == key) {
      return &map.values[i];
    }
  }
  return nullptr;
}

// OPA's getSafeString: the value of `key` when it is a string, else "".
std::string SafeString(const Value& map, std::string_view key) {
  const Value* v = Entry(map, key);
  return v && v->kind == Value::Kind::kString ? v->text : "";
}

std::string RelatedResourceError(const Value& v, RelatedResource* out) {
  if (std::string error = MapKeyError(v); !error.empty()) return error;
  if (v.kind == Value::Kind::kString) {
    if (v.text.empty()) return "ref URL may not be empty string";
    out->ref = v.text;
    return GoUrlParseError(v.text);
  }
  if (v.kind == Value::Kind::kMap) {
    out->description = std::string(Trim(SafeString(v, "description")));
    out->ref = std::string(Trim(SafeString(v, "ref")));
    if (out->ref.empty()) return "'ref' value required in object";
    return GoUrlParseError(out->ref);
  }
  return "invalid value type, must be string or map";
}

// OPA's parseAuthorString: the last word, when it is <...>, is the email.
std::string AuthorStringError(std::string_view s, Author* out) {
  std::vector<std::string_view> words;
  for (size_t i = 0; i < s.size();) {
    while (i < s.size() && IsAsciiSpace(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && !IsAsciiSpace(s[i])) ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  if (words.empty()) return "author is an empty string";
  std::string_view last = words.back();
  if (last.size() >= 2 && last.front() == '<' && last.back() == '>') {
    out->email = std::string(last.substr(1, last.size() - 2));
    words.pop_back();
  }
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out->name += " ";
    out->name += words[i];
  }
  return "";
}

std::string AuthorError(const Value& v, Author* out) {
  if (std::string error = MapKeyError(v); !error.empty()) return error;
  if (v.kind == Value::Kind::kString) return AuthorStringError(v.text, out);
  if (v.kind == Value::Kind::kMap) {
    out->name = std::string(Trim(SafeString(v, "name")));
    out->email = std::string(Trim(SafeString(v, "email")));
    if (out->name.empty() && out->email.empty()) {
      return "'name' and/or 'email' values required in object";
    }
    return "";
  }
  return "invalid value type, must be string or map";
}

// OPA's error text for a failed ParseTerm: its ast.Errors (without the source excerpt).
std::string ParseErrorsText(const std::vector<RegoError>& errors) {
  auto one = [](const RegoError& e) {
    return std::to_string(e.location.row) + ":" + std::to_string(e.location.col) + ": " + e.code +
           ": " + e.message;
  };
  if (errors.size() == 1) return "1 error occurred: " + one(errors[0]);
  std::string out = std::to_string(errors.size()) + " errors occurred:";
  for (const RegoError& e : errors) out += "\n" + one(e);
  return out;
}

// OPA's ParseRef: a term that is a ref (a lone `input` or `data` is one); null otherwise, with
// the reason in *error.
TermPtr ParseRef(const std::string& text, std::string* error) {
  ParsedTerm parsed = parse_term(text, ParseOptions{});
  if (!parsed.errors.empty()) {
    *error = ParseErrorsText(parsed.errors);
    return nullptr;
  }
  if (parsed.term->kind != TermKind::kRef) {
    *error = "expected ref but got " + std::string(Trim(text));
    return nullptr;
  }
  return std::move(parsed.term);
}

// OPA's parseSchemaRef: `schema` or a ref below it.
TermPtr ParseSchemaRef(const std::string& text) {
  ParsedTerm parsed = parse_term(text, ParseOptions{});
  if (!parsed.errors.empty()) return nullptr;
  TermPtr& t = parsed.term;
  if (t->kind == TermKind::kVar && t->text == "schema") {
    auto ref = std::make_unique<Term>(TermKind::kRef, t->location);
    ref->items.push_back(std::move(t));
    return ref;
  }
  if (t->kind == TermKind::kRef && t->items[0]->kind == TermKind::kVar &&
      t->items[0]->text == "schema") {
    return std::move(t);
  }
  return nullptr;
}

// The comment that holds line `line` of the block's YAML; the first one when unknown.
SourceLocation LineLocation(const Annotation& a, int line) {
  if (a.lines.empty()) return a.location;
  if (line < 0) return a.lines.front();
  return a.lines[std::min(static_cast<size_t>(line), a.lines.size() - 1)];
}

std::string NumberText(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

// A decoded value as a Rego term, for rego.metadata.* and the type checker.
TermPtr ToTerm(const Value& v, const Annotation& a) {
  auto t = std::make_unique<Term>(TermKind::kNull, LineLocation(a, v.line));
  switch (v.kind) {
    case Value::Kind::kNull:
      break;
    case Value::Kind::kBool:
      t->kind = TermKind::kBoolean;
      t->boolean = v.boolean;
      break;
    case Value::Kind::kInt:
      t->kind = TermKind::kNumber;
      t->text = std::to_string(v.integer);
      break;
    case Value::Kind::kUint:
      t->kind = TermKind::kNumber;
      t->text = std::to_string(v.uinteger);
      break;
    case Value::Kind::kFloat:
      // Rego has no NaN or infinities; OPA fails on them only when it builds the metadata
      // object, so they are kept here as the strings Go prints.
      t->kind = std::isfinite(v.number) ? TermKind::kNumber : TermKind::kString;
      t->text = std::isnan(v.number)   ? "NaN"
                : std::isinf(v.number) ? (v.number > 0 ? "+Inf" : "-Inf")
                                       : NumberText(v.number);
      break;
    case Value::Kind::kString:
      t->kind = TermKind::kString;
      t->text = v.text;
      break;
    case Value::Kind::kSeq:
      t->kind = TermKind::kArray;
      for (const Value& item : v.items) t->items.push_back(ToTerm(item, a));
      break;
    case Value::Kind::kMap:
      t->kind = TermKind::kObject;
      for (size_t i = 0; i < v.keys.size(); ++i) {
        t->items.push_back(ToTerm(v.keys[i], a));
        t->items.push_back(ToTerm(v.values[i], a));
      }
      break;
  }
  return t;
}

// OPA's metadataParser.Parse after the YAML decoded: the checks in OPA's order.
std::string FillFields(annotation_yaml::RawAnnotation& raw, Annotation* a) {
  a->scope = std::move(raw.scope);
  a->entrypoint = raw.entrypoint;
  a->title = std::move(raw.title);
  a->description = std::move(raw.description);
  a->organizations = std::move(raw.organizations);

  for (const Value& v : raw.related_resources) {
    RelatedResource rr;
    if (std::string error = RelatedResourceError(v, &rr); !error.empty()) {
      return "invalid related-resource definition " + go_format_s(v) + ": " + error;
    }
    a->related_resources.push_back(std::move(rr));
  }

  if (raw.compile.kind == Value::Kind::kMap) {
    a->compile = std::make_unique<CompileAnnotation>();
    if (const Value* unknowns = Entry(raw.compile, "unknowns");
        unknowns && unknowns->kind == Value::Kind::kSeq) {
      for (const Value& u : unknowns->items) {
        TermPtr ref;
        if (u.kind == Value::Kind::kString) {
          std::string error;
          ref = ParseRef(u.text, &error);
          if (!ref) return "invalid unknowns element " + go_quote(u.text) + ": " + error;
        }
        a->compile->unknowns.push_back(std::move(ref));
      }
    }
    if (const Value* mask = Entry(raw.compile, "mask_rule");
        mask && mask->kind == Value::Kind::kString) {
      ParsedTerm parsed = parse_term(mask->text, ParseOptions{});
      if (!parsed.errors.empty()) {
        return "invalid mask_rule annotation " + go_quote(mask->text) + ": " +
               ParseErrorsText(parsed.errors);
      }
      TermPtr& t = parsed.term;
      if (t->kind == TermKind::kVar || t->kind == TermKind::kString) {
        auto ref = std::make_unique<Term>(TermKind::kRef, t->location);
        ref->items.push_back(std::move(t));
        a->compile->mask_rule = std::move(ref);
      } else if (t->kind == TermKind::kRef) {
        a->compile->mask_rule = std::move(t);
      } else {
        return "invalid mask_rule annotation type " + go_quote(mask->text) + ": string";
      }
    }
  }

  for (const Value& item : raw.schemas) {
    // OPA takes a pair of the item's map (Go's map order; here the first in the text).
    std::string key;
    const Value* value = nullptr;
    if (item.kind == Value::Kind::kMap && !item.keys.empty()) {
      key = item.keys[0].text;
      value = &item.values[0];
    }
    SchemaAnnotation schema;
    std::string ignored;
    schema.path = ParseRef(key, &ignored);
    if (!schema.path) return "invalid document reference";
    if (value && value->kind == Value::Kind::kString) {
      schema.schema = ParseSchemaRef(value->text);
      if (!schema.schema) return "invalid schema reference";
    } else if (value && value->kind == Value::Kind::kMap && value->string_keys) {
      if (std::string error = MapKeyError(*value); !error.empty()) {
        return "invalid schema definition: " + error;
      }
      schema.definition = ToTerm(*value, *a);
    } else {
      return "invalid schema declaration for path " + go_quote(key);
    }
    a->schemas.push_back(std::move(schema));
  }

  for (const Value& v : raw.authors) {
    Author author;
    if (std::string error = AuthorError(v, &author); !error.empty()) {
      return "invalid author definition " + go_format_s(v) + ": " + error;
    }
    a->authors.push_back(std::move(author));
  }

  if (raw.custom.kind == Value::Kind::kMap && !raw.custom.keys.empty()) {
    for (const Value& value : raw.custom.values) {
      if (std::string error = MapKeyError(value); !error.empty()) return error;
    }
    a->custom = ToTerm(raw.custom, *a);
  }
  return "";
}

const char* TargetName(AnnotationTarget target) {
  switch (target) {
    case AnnotationTarget::kPackage:
      return "package";
    case AnnotationTarget::kImport:
      return "import";
    case AnnotationTarget::kRule:
      return "rule";
    case AnnotationTarget::kNone:
      break;
  }
  return "";
}

}  // namespace

std::optional<AnnotationError> read_annotation(Annotation* a) {
  if (a->yaml.size() > kMaxAnnotationBytes) {
    return AnnotationError{a->location,
                           "METADATA block too large: " + std::to_string(a->yaml.size()) +
                               " bytes (at most " + std::to_string(kMaxAnnotationBytes) + ")"};
  }
  annotation_yaml::RawAnnotation raw;
  if (auto error = annotation_yaml::decode_raw_annotation(a->yaml, &raw)) {
    return AnnotationError{LineLocation(*a, error->line), std::move(error->message)};
  }
  if (std::string error = FillFields(raw, a); !error.empty()) {
    return AnnotationError{a->location, std::move(error)};
  }
  return std::nullopt;
}

std::vector<AnnotationError> attach_annotations(Module* module) {
  struct Statement {
    SourceLocation at;
    AnnotationTarget target;
    size_t index;
  };
  std::vector<Statement> statements;
  if (module->package) {
    statements.push_back({module->package_location, AnnotationTarget::kPackage, 0});
  }
  for (size_t i = 0; i < module->imports.size(); ++i) {
    statements.push_back({module->imports[i].location, AnnotationTarget::kImport, i});
  }
  for (size_t i = 0; i < module->rules.size(); ++i) {
    statements.push_back({module->rules[i].location, AnnotationTarget::kRule, i});
  }
  std::stable_sort(statements.begin(), statements.end(),
                   [](const auto& x, const auto& y) { return x.at.offset < y.at.offset; });

  std::vector<AnnotationError> errors;
  for (Annotation& a : module->annotations) {
    // OPA: the first statement that starts on a later row than the `# METADATA` comment.
    auto next = std::partition_point(statements.begin(), statements.end(),
                                     [&](const auto& s) { return s.at.row <= a.location.row; });
    if (next != statements.end()) {
      a.target = next->target;
      a.target_index = next->index;
    }
    if (a.scope.empty()) {
      switch (a.target) {
        case AnnotationTarget::kRule:
          a.scope = a.entrypoint ? "document" : "rule";
          break;
        case AnnotationTarget::kPackage:
          a.scope = "package";
          break;
        case AnnotationTarget::kImport:
          a.scope = "import";  // not a scope: OPA's way to say what the block sits on
          break;
        case AnnotationTarget::kNone:
          break;
      }
    }
    std::string have = a.target == AnnotationTarget::kNone
                           ? ""
                           : std::string(" (have ") + TargetName(a.target) + ")";
    if (a.scope == "rule" || a.scope == "document") {
      if (a.target != AnnotationTarget::kRule) {
        errors.push_back(
            {a.location, "annotation scope '" + a.scope + "' must be applied to rule" + have});
      }
    } else if (a.scope == "package" || a.scope == "subpackages") {
      if (a.target != AnnotationTarget::kPackage) {
        errors.push_back(
            {a.location, "annotation scope '" + a.scope + "' must be applied to package" + have});
      }
    } else {
      errors.push_back({a.location, "invalid annotation scope '" + a.scope +
                                        "'. Use one of 'rule', 'document', 'package', or "
                                        "'subpackages'"});
    }
    if (a.entrypoint && a.scope != "document" && a.scope != "package") {
      errors.push_back(
          {a.location,
           "annotation entrypoint applied to non-document or package scope '" + a.scope + "'"});
    }
  }
  return errors;
}

}  // namespace assay::rego
