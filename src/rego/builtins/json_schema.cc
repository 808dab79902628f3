// Compiling JSON Schemas (json_schema.h): gojsonschema's parseSchema keyword by keyword, in
// its order, with its error texts; $ref resolved inside the schema's own document through a
// pool keyed by the reference, so each reference is compiled once and cycles close on
// themselves.
#include <algorithm>
#include <climits>
#include <cmath>
#include <map>
#include <string_view>

#include <re2/re2.h>

#include "src/rego/builtins/go_json.h"
#include "src/rego/builtins/json_schema.h"
#include "src/rego/builtins/text_support.h"

namespace assay::rego::builtins {

namespace {

using Index = SchemaNode::Index;

constexpr int kDraft4 = 4;
constexpr int kDraft6 = 6;
constexpr int kDraft7 = 7;
constexpr int kHybrid = INT_MAX;

constexpr size_t kMaxNodes = 100000;
constexpr size_t kMaxParseDepth = 500;

constexpr std::string_view kValidTypes[] = {"array",  "boolean", "integer", "number",
                                            "null",   "object",  "string"};

const Value* member(const Value& object, std::string_view key) {
  return object.find(Value::string(std::string(key)));
}

std::string invalid_type(std::string_view expected, std::string_view given) {
  return "Invalid type. Expected: " + std::string(expected) + ", given: " + std::string(given);
}

std::string must_be_of_a(std::string_view x, std::string_view y) {
  return std::string(x) + " must be of a " + std::string(y);
}

std::string must_be_of_an(std::string_view x, std::string_view y) {
  return std::string(x) + " must be of an " + std::string(y);
}

const std::string kParseError = "Expected: valid schema, given: Invalid JSON";

// gojsonschema's mustBeInteger: a JSON number that is an integer written without a fraction.
std::optional<int64_t> schema_integer(const Value& v) {
  if (!v.is_number() || !v.as_number().is_integer()) return std::nullopt;
  std::string text = v.as_number().to_string();
  if (text.find_first_of(".eE") != std::string::npos) return std::nullopt;
  return v.as_number().to_int64();
}

class SchemaCompiler {
 public:
  SchemaCompiler(const Value& document, int draft) : document_(document), draft_(draft) {}

  std::optional<CompiledSchema> run(std::string* error) {
    Index root = new_node();
    if (!parse(document_, root, 0)) {
      *error = error_;
      return std::nullopt;
    }
    CompiledSchema out;
    out.nodes = std::move(nodes_);
    out.root = root;
    return out;
  }

 private:
  bool fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }

  Index new_node() {
    nodes_.emplace_back();
    return nodes_.size() - 1;
  }

  // A new node parsed from `v`; nullopt on error.
  std::optional<Index> subschema(const Value& v, size_t depth) {
    Index index = new_node();
    if (!parse(v, index, depth + 1)) return std::nullopt;
    return index;
  }

  bool optional_string(const Value& m, std::string_view key, std::string* out = nullptr) {
    const Value* v = member(m, key);
    if (v == nullptr) return true;
    if (!v->is_string()) return fail(invalid_type("string", key));
    if (out != nullptr) *out = std::string(v->as_string());
    return true;
  }

  // gojsonschema's getSlice: nullptr when absent; an error when not an array.
  bool optional_array(const Value& m, std::string_view key, std::span<const Value>* out) {
    *out = {};
    const Value* v = member(m, key);
    if (v == nullptr) return true;
    if (!v->is_array()) return fail(must_be_of_an(key, "array"));
    *out = v->array_items();
    return true;
  }

  bool schema_or_bool(const Value& v) { return v.is_object() || v.is_boolean(); }

  bool parse(const Value& v, Index index, size_t depth);
  bool parse_reference(const std::string& ref, Index index, size_t depth);
  bool parse_keywords(const Value& m, Index index, size_t depth);
  bool parse_numbers(const Value& m, Index index);
  bool parse_counts(const Value& m, Index index);
  bool parse_combinators(const Value& m, Index index, size_t depth);
  std::optional<Index> optional_subschema(const Value& m, std::string_view key, size_t depth,
                                          bool* present);

  const Value& document_;
  int draft_;
  std::vector<SchemaNode> nodes_;
  std::map<std::string, Index> ref_pool_;
  std::string error_;
};

bool SchemaCompiler::parse(const Value& v, Index index, size_t depth) {
  if (depth > kMaxParseDepth || nodes_.size() > kMaxNodes) {
    return fail("schema nests too deeply or is too large");
  }
  if (draft_ >= kDraft6 && v.is_boolean()) {
    nodes_[index].pass = v.as_boolean();
    return true;
  }
  if (!v.is_object()) return fail(kParseError);
  std::string_view id_key = draft_ == kDraft4 ? "id" : "$id";
  if (draft_ == kHybrid && member(v, "id") != nullptr) id_key = "id";
  if (!optional_string(v, id_key)) return false;
  if (const Value* definitions = member(v, "definitions")) {
    if (!definitions->is_object()) return fail(invalid_type("array of schemas", "definitions"));
    for (const auto& [name, definition] : definitions->object_entries()) {
      if (!schema_or_bool(definition)) return fail(invalid_type("array of schemas", "definitions"));
      if (!subschema(definition, depth)) return false;
    }
  }
  if (!optional_string(v, "title") || !optional_string(v, "description")) return false;
  if (const Value* ref = member(v, "$ref")) {
    if (!ref->is_string()) return fail(invalid_type("string", "$ref"));
    return parse_reference(std::string(ref->as_string()), index, depth);
  }
  return parse_keywords(v, index, depth);
}

// The node a local reference ("#", "#/definitions/a", "") points at, compiled once.
bool SchemaCompiler::parse_reference(const std::string& ref, Index index, size_t depth) {
  if (auto pooled = ref_pool_.find(ref); pooled != ref_pool_.end()) {
    nodes_[index].ref = pooled->second;
    return true;
  }
  if (!ref.empty() && ref[0] != '#') {
    return fail("cannot load reference " + ref + ": only references within the schema are supported");
  }
  const Value* target = &document_;
  std::string_view pointer = ref.empty() ? std::string_view() : std::string_view(ref).substr(1);
  if (!pointer.empty()) {
    if (pointer[0] != '/') return fail("JSON pointer must be empty or start with a \"/\"");
    pointer.remove_prefix(1);
    while (true) {
      size_t slash = pointer.find('/');
      std::string token;
      std::string_view raw = pointer.substr(0, slash);
      for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
          token += raw[i + 1] == '0' ? '~' : '/';
          ++i;
        } else {
          token += raw[i];
        }
      }
      if (target->is_object()) {
        target = member(*target, token);
        if (target == nullptr) return fail("Object has no key '" + token + "'");
      } else if (target->is_array()) {
        std::optional<int64_t> i = schema_integer(Value::number(
            Number::parse(token).value_or(Number(int64_t{-1}))));
        if (!i || *i < 0 || static_cast<size_t>(*i) >= target->size()) {
          return fail("Out of bound array[0," + std::to_string(target->size()) + "] index '" +
                      token + "'");
        }
        target = &target->array_items()[static_cast<size_t>(*i)];
      } else {
        return fail("Invalid token reference '" + token + "'");
      }
      if (slash == std::string_view::npos) break;
      pointer.remove_prefix(slash + 1);
    }
  }
  Index referenced = new_node();
  ref_pool_.emplace(ref, referenced);  // before parsing, so that cycles find it
  nodes_[index].ref = referenced;
  if (!schema_or_bool(*target)) return fail("valid schema must be of type object");
  return parse(*target, referenced, depth + 1);
}

std::optional<Index> SchemaCompiler::optional_subschema(const Value& m, std::string_view key,
                                                        size_t depth, bool* present) {
  const Value* v = member(m, key);
  *present = v != nullptr;
  if (v == nullptr) return std::nullopt;
  if (!schema_or_bool(*v)) {
    fail(must_be_of_an(key, "object"));
    return std::nullopt;
  }
  return subschema(*v, depth);
}

bool SchemaCompiler::parse_keywords(const Value& m, Index index, size_t depth) {
  if (const Value* type = member(m, "type")) {
    std::vector<std::string_view> names;
    if (type->is_string()) {
      names.push_back(type->as_string());
    } else if (type->is_array()) {
      for (const Value& t : type->array_items()) {
        if (!t.is_string()) return fail(invalid_type("type", "string/array of strings"));
        names.push_back(t.as_string());
      }
    } else {
      return fail(invalid_type("type", "string/array of strings"));
    }
    for (std::string_view name : names) {
      if (std::find(std::begin(kValidTypes), std::end(kValidTypes), name) == std::end(kValidTypes)) {
        return fail("has a primitive type that is NOT VALID -- given: /" + std::string(name) +
                    "/ Expected valid values are:[array boolean integer number null object "
                    "string]");
      }
      std::vector<std::string>& types = nodes_[index].types;
      if (std::find(types.begin(), types.end(), name) != types.end()) {
        return fail(std::string(name) + " type is duplicated");
      }
      types.emplace_back(name);
    }
  }
  if (const Value* properties = member(m, "properties")) {
    if (!properties->is_object()) return fail("properties must be of type object");
    for (const auto& [name, property] : properties->object_entries()) {
      std::optional<Index> child = subschema(property, depth);
      if (!child) return false;
      nodes_[index].properties.emplace_back(std::string(name.as_string()), *child);
    }
  }
  if (const Value* additional = member(m, "additionalProperties")) {
    if (additional->is_boolean()) {
      nodes_[index].additional_properties = additional->as_boolean();
    } else if (additional->is_object()) {
      std::optional<Index> child = subschema(*additional, depth);
      if (!child) return false;
      nodes_[index].additional_properties = *child;
    } else {
      return fail(invalid_type("boolean/valid schema", "additionalProperties"));
    }
  }
  if (const Value* patterns = member(m, "patternProperties")) {
    if (!patterns->is_object()) return fail(invalid_type("valid schema", "patternProperties"));
    for (const auto& [key, property] : patterns->object_entries()) {
      std::string pattern(key.as_string()), regex_error;
      std::shared_ptr<const re2::RE2> regex = compiled_regex(pattern, &regex_error);
      if (!regex) return fail("Invalid regex pattern '" + pattern + "'");
      std::optional<Index> child = subschema(property, depth);
      if (!child) return false;
      nodes_[index].pattern_properties.push_back({pattern, regex, *child});
    }
  }
  if (const Value* names = member(m, "propertyNames"); names != nullptr && draft_ >= kDraft6) {
    if (!schema_or_bool(*names)) return fail(invalid_type("valid schema", "patternProperties"));
    std::optional<Index> child = subschema(*names, depth);
    if (!child) return false;
    nodes_[index].property_names = *child;
  }
  if (const Value* dependencies = member(m, "dependencies")) {
    if (!dependencies->is_object()) return fail("dependencies must be of type object");
    const std::string kBadDependency = "dependency must be of type schema or array of strings";
    for (const auto& [key, dependency] : dependencies->object_entries()) {
      std::string name(key.as_string());
      if (dependency.is_array()) {
        std::vector<std::string> keys;
        for (const Value& k : dependency.array_items()) {
          if (!k.is_string()) return fail(kBadDependency);
          keys.emplace_back(k.as_string());
        }
        // As gojsonschema, an empty list registers nothing.
        if (!keys.empty()) nodes_[index].dependencies.emplace_back(name, std::move(keys));
      } else if (schema_or_bool(dependency)) {
        std::optional<Index> child = subschema(dependency, depth);
        if (!child) return false;
        nodes_[index].dependencies.emplace_back(name, *child);
      } else {
        return fail(kBadDependency);
      }
    }
  }
  if (const Value* items = member(m, "items")) {
    const std::string kBadItems = invalid_type("valid schema/array of schemas", "items");
    if (items->is_array()) {
      for (const Value& item : items->array_items()) {
        if (!schema_or_bool(item)) return fail(kBadItems);
        std::optional<Index> child = subschema(item, depth);
        if (!child) return false;
        nodes_[index].items.push_back(*child);
      }
    } else if (schema_or_bool(*items)) {
      std::optional<Index> child = subschema(*items, depth);
      if (!child) return false;
      nodes_[index].items.push_back(*child);
      nodes_[index].items_single = true;
    } else {
      return fail(kBadItems);
    }
  }
  if (const Value* additional = member(m, "additionalItems")) {
    if (additional->is_boolean()) {
      nodes_[index].additional_items = additional->as_boolean();
    } else if (additional->is_object()) {
      std::optional<Index> child = subschema(*additional, depth);
      if (!child) return false;
      nodes_[index].additional_items = *child;
    } else {
      return fail(invalid_type("boolean/valid schema", "additionalItems"));
    }
  }
  if (!parse_numbers(m, index)) return false;
  if (!parse_counts(m, index)) return false;
  return parse_combinators(m, index, depth);
}

// multipleOf, minimum, maximum and their exclusive forms, as each draft spells them.
bool SchemaCompiler::parse_numbers(const Value& m, Index index) {
  SchemaNode& node = nodes_[index];
  if (const Value* multiple = member(m, "multipleOf")) {
    if (!multiple->is_number()) return fail(invalid_type("number", "multipleOf"));
    if (compare(multiple->as_number(), Number(int64_t{0})) <= 0) {
      return fail("multipleOf must be strictly greater than 0");
    }
    node.multiple_of = multiple->as_number();
  }
  struct Bound {
    std::string_view key, exclusive_key;
    std::optional<Number>* inclusive;
    std::optional<Number>* exclusive;
  };
  const Bound bounds[] = {
      {"minimum", "exclusiveMinimum", &node.minimum, &node.exclusive_minimum},
      {"maximum", "exclusiveMaximum", &node.maximum, &node.exclusive_maximum},
  };
  for (const Bound& bound : bounds) {
    if (const Value* v = member(m, bound.key)) {
      if (!v->is_number()) return fail(must_be_of_a(bound.key, "number"));
      *bound.inclusive = v->as_number();
    }
    const Value* exclusive = member(m, bound.exclusive_key);
    if (exclusive == nullptr) continue;
    bool boolean_form = draft_ == kDraft4 || (draft_ == kHybrid && exclusive->is_boolean());
    if (boolean_form) {
      if (!exclusive->is_boolean()) return fail(invalid_type("boolean", bound.exclusive_key));
      if (!*bound.inclusive) {
        return fail(std::string(bound.exclusive_key) + " cannot be used without " +
                    std::string(bound.key));
      }
      if (exclusive->as_boolean()) {
        *bound.exclusive = *bound.inclusive;
        bound.inclusive->reset();
      }
    } else if (exclusive->is_number()) {
      *bound.exclusive = exclusive->as_number();
    } else {
      return fail(invalid_type(draft_ == kHybrid ? "boolean/number" : "number",
                               bound.exclusive_key));
    }
  }
  return true;
}

// The length and count limits, pattern, format, required and uniqueItems.
bool SchemaCompiler::parse_counts(const Value& m, Index index) {
  SchemaNode& node = nodes_[index];
  auto count = [&](std::string_view key, std::optional<int64_t>* out) {
    const Value* v = member(m, key);
    if (v == nullptr) return true;
    std::optional<int64_t> n = schema_integer(*v);
    if (!n) return fail(must_be_of_an(key, "integer"));
    if (*n < 0) return fail(std::string(key) + " must be greater than or equal to 0");
    *out = *n;
    return true;
  };
  if (!count("minLength", &node.min_length) || !count("maxLength", &node.max_length)) return false;
  if (node.min_length && node.max_length && *node.min_length > *node.max_length) {
    return fail("minLength cannot be greater than maxLength");
  }
  if (const Value* pattern = member(m, "pattern")) {
    if (!pattern->is_string()) return fail(invalid_type("string", "pattern"));
    std::string regex_error;
    node.pattern_text = std::string(pattern->as_string());
    node.pattern = compiled_regex(node.pattern_text, &regex_error);
    if (!node.pattern) return fail("pattern must be a valid regex");
  }
  if (!optional_string(m, "format", &node.format)) return false;
  if (!count("minProperties", &node.min_properties) ||
      !count("maxProperties", &node.max_properties)) {
    return false;
  }
  if (node.min_properties && node.max_properties && *node.min_properties > *node.max_properties) {
    return fail("minProperties cannot be greater than maxProperties");
  }
  std::span<const Value> required;
  if (!optional_array(m, "required", &required)) return false;
  for (const Value& name : required) {
    if (!name.is_string()) return fail(invalid_type("string", "required"));
    std::string text(name.as_string());
    if (std::find(node.required.begin(), node.required.end(), text) != node.required.end()) {
      return fail("required items must be unique");
    }
    node.required.push_back(std::move(text));
  }
  if (!count("minItems", &node.min_items) || !count("maxItems", &node.max_items)) return false;
  if (const Value* unique = member(m, "uniqueItems")) {
    if (!unique->is_boolean()) return fail(must_be_of_a("uniqueItems", "boolean"));
    node.unique_items = unique->as_boolean();
  }
  return true;
}

// contains, const, enum, oneOf, anyOf, allOf, not, if/then/else.
bool SchemaCompiler::parse_combinators(const Value& m, Index index, size_t depth) {
  if (const Value* contains = member(m, "contains"); contains != nullptr && draft_ >= kDraft6) {
    std::optional<Index> child = subschema(*contains, depth);
    if (!child) return false;
    nodes_[index].contains = *child;
  }
  if (const Value* constant = member(m, "const"); constant != nullptr && draft_ >= kDraft6) {
    nodes_[index].const_json = schema_canonical_json(*constant);
  }
  std::span<const Value> values;
  if (!optional_array(m, "enum", &values)) return false;
  nodes_[index].enum_present = member(m, "enum") != nullptr;
  for (const Value& v : values) {
    std::string text = schema_canonical_json(v);
    std::vector<std::string>& allowed = nodes_[index].enum_json;
    if (std::find(allowed.begin(), allowed.end(), text) != allowed.end()) {
      return fail("enum items must be unique");
    }
    allowed.push_back(std::move(text));
  }
  struct List {
    std::string_view key;
    std::vector<Index> SchemaNode::*field;
  };
  for (const List& list : {List{"oneOf", &SchemaNode::one_of}, List{"anyOf", &SchemaNode::any_of},
                           List{"allOf", &SchemaNode::all_of}}) {
    if (!optional_array(m, list.key, &values)) return false;
    for (const Value& v : values) {
      std::optional<Index> child = subschema(v, depth);
      if (!child) return false;
      (nodes_[index].*(list.field)).push_back(*child);
    }
  }
  bool present = false;
  std::optional<Index> not_schema = optional_subschema(m, "not", depth, &present);
  if (present && !not_schema) return false;
  nodes_[index].not_schema = not_schema;
  if (draft_ >= kDraft7) {
    struct Conditional {
      std::string_view key;
      std::optional<Index> SchemaNode::*field;
    };
    for (const Conditional& c : {Conditional{"if", &SchemaNode::if_schema},
                                 Conditional{"then", &SchemaNode::then_schema},
                                 Conditional{"else", &SchemaNode::else_schema}}) {
      std::optional<Index> child = optional_subschema(m, c.key, depth, &present);
      if (present && !child) return false;
      nodes_[index].*(c.field) = child;
    }
  }
  return true;
}

void append_canonical(std::string* out, const Value& v) {
  switch (v.kind()) {
    case ValueKind::kNumber: {
      double d = v.as_number().to_double();
      if (!std::isfinite(d)) {
        *out += v.as_number().to_string();
        return;
      }
      // encoding/json's float64 form: 'f' between 1e-6 and 1e21, 'e' outside, "e-07" as "e-7".
      double magnitude = std::fabs(d);
      if (magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21)) {
        std::string text = go_format_float(d, 'e', -1);
        size_t n = text.size();
        if (n >= 4 && text[n - 4] == 'e' && text[n - 3] == '-' && text[n - 2] == '0') {
          text.erase(n - 2, 1);
        }
        *out += text;
      } else {
        *out += go_format_float(d, 'f', -1);
      }
      return;
    }
    case ValueKind::kArray:
    case ValueKind::kSet: {
      *out += '[';
      bool first = true;
      for (const Value& item : v.is_array() ? v.array_items() : v.set_items()) {
        if (!first) *out += ',';
        first = false;
        append_canonical(out, item);
      }
      *out += ']';
      return;
    }
    case ValueKind::kObject: {
      *out += '{';
      bool first = true;
      for (const auto& [key, item] : v.object_entries()) {
        if (!first) *out += ',';
        first = false;
        append_go_json_string(out, key.is_string() ? key.as_string() : go_json_marshal(key));
        *out += ':';
        append_canonical(out, item);
      }
      *out += '}';
      return;
    }
    default:
      *out += go_json_marshal(v);
  }
}

std::optional<Value> json_value(const Value& v, size_t depth, size_t max_depth) {
  if (!v.is_collection()) return v;
  if (depth >= max_depth) return std::nullopt;
  if (v.is_object()) {
    ObjectBuilder builder;
    for (const auto& [key, item] : v.object_entries()) {
      std::optional<Value> converted = json_value(item, depth + 1, max_depth);
      if (!converted) return std::nullopt;
      Value name = key.is_string() ? key : Value::string(go_json_marshal(key));
      builder.insert(std::move(name), std::move(*converted));
    }
    return std::move(builder).build();
  }
  std::vector<Value> items;
  for (const Value& item : v.is_array() ? v.array_items() : v.set_items()) {
    std::optional<Value> converted = json_value(item, depth + 1, max_depth);
    if (!converted) return std::nullopt;
    items.push_back(std::move(*converted));
  }
  return Value::array(std::move(items));
}

}  // namespace

std::optional<CompiledSchema> compile_schema(const Value& schema, std::string* error) {
  int draft = kHybrid;
  if (!schema.is_boolean()) {
    if (!schema.is_object()) {
      *error = "schema is invalid";
      return std::nullopt;
    }
    if (const Value* url = member(schema, "$schema")) {
      if (!url->is_string()) {
        *error = "$schema must be of type string";
        return std::nullopt;
      }
      std::string_view text = url->as_string();
      if (text.ends_with('#')) text.remove_suffix(1);
      if (text == "http://json-schema.org/draft-04/schema") draft = kDraft4;
      if (text == "http://json-schema.org/draft-06/schema") draft = kDraft6;
      if (text == "http://json-schema.org/draft-07/schema") draft = kDraft7;
    }
  }
  return SchemaCompiler(schema, draft).run(error);
}

std::optional<Value> schema_json_value(const Value& value, size_t max_depth) {
  return json_value(value, 0, max_depth);
}

std::string schema_canonical_json(const Value& value) {
  std::string out;
  append_canonical(&out, value);
  return out;
}

std::string schema_number_text(const Number& number) {
  return go_format_float(number.to_double(), 'g', -1);
}

}  // namespace assay::rego::builtins
