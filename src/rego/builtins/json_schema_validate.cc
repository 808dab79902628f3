// Validating documents against compiled JSON Schemas (json_schema.h) as gojsonschema's
// validateRecursive does, score included: anyOf and oneOf report the errors of the failing
// branch that matched best, which gojsonschema picks by a running score (+1 per check passed,
// -1 per error). Then json.verify_schema and json.match_schema, as OPA's
// v1/topdown/jsonschema.go wraps them.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string_view>

#include <re2/re2.h>

#include "src/rego/builtins/go_json.h"
#include "src/rego/builtins/json_documents.h"
#include "src/rego/builtins/json_schema.h"
#include "src/rego/builtins/text_support.h"

namespace assay::rego::builtins {

namespace {

using Index = SchemaNode::Index;

constexpr size_t kMaxValidationDepth = 2000;
constexpr uint64_t kMaxSteps = 10'000'000;
constexpr size_t kMaxDocumentDepth = 1000;
constexpr std::string_view kRoot = "(root)";

struct Result {
  std::vector<SchemaViolation> errors;
  int64_t score = 0;

  bool valid() const { return errors.empty(); }
  void merge(Result&& other) {
    errors.insert(errors.end(), std::make_move_iterator(other.errors.begin()),
                  std::make_move_iterator(other.errors.end()));
    score += other.score;
  }
};

std::string field_of(const std::string& context) {
  std::string prefix = std::string(kRoot) + ".";
  return context.starts_with(prefix) ? context.substr(prefix.size()) : context;
}

std::string types_text(const std::vector<std::string>& types) {
  if (types.size() == 1) return types[0];
  std::string out = "[";
  for (size_t i = 0; i < types.size(); ++i) out += (i > 0 ? "," : "") + types[i];
  return out + "]";
}

bool has_type(const SchemaNode& node, std::string_view type) {
  return std::find(node.types.begin(), node.types.end(), type) != node.types.end();
}

// Go's utf8.RuneCountInString.
int64_t rune_count(std::string_view s) {
  int64_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) {
    char32_t r;
    i += decode_rune(s, i, &r);
  }
  return n;
}

// A decimal number as digits × 10^exponent (sign apart), from its JSON text.
struct Decimal {
  bool negative = false;
  std::string digits;
  int64_t exponent = 0;
};

std::optional<Decimal> decimal_of(const Number& n) {
  std::string text = n.to_string();
  Decimal d;
  size_t i = 0;
  if (i < text.size() && text[i] == '-') {
    d.negative = true;
    ++i;
  }
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) d.digits += text[i];
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
      d.digits += text[i];
      --d.exponent;
    }
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    std::optional<Number> e = Number::parse(std::string_view(text).substr(i + 1));
    std::optional<int64_t> e64 = e ? e->to_int64() : std::nullopt;
    if (!e64 || *e64 > 100000 || *e64 < -100000) return std::nullopt;
    d.exponent += *e64;
  } else if (i != text.size()) {
    return std::nullopt;
  }
  return d;
}

// Whether value / multiple is an integer, exactly (gojsonschema divides big.Rats).
bool is_multiple(const Number& value, const Number& multiple) {
  std::optional<Decimal> a = decimal_of(value), b = decimal_of(multiple);
  if (a && b && std::llabs(a->exponent - b->exponent) <= 4000) {
    int64_t e = std::min(a->exponent, b->exponent);
    auto scaled = [&](const Decimal& d) {
      std::string text = d.digits;
      text.erase(0, std::min(text.find_first_not_of('0'), text.size()));  // not JSON's "01"
      if (text.empty()) return Number::parse("0");
      text.append(static_cast<size_t>(d.exponent - e), '0');
      return Number::parse(text);
    };
    std::optional<Number> x = scaled(*a), y = scaled(*b);
    std::string error;
    std::optional<Number> r = x && y ? Number::remainder(*x, *y, &error) : std::nullopt;
    if (r) return compare(*r, Number(int64_t{0})) == 0;
  }
  double q = value.to_double() / multiple.to_double();
  return std::isfinite(q) && q == std::floor(q);
}

class Validator {
 public:
  explicit Validator(const CompiledSchema& schema) : schema_(schema) {}

  bool too_costly() const { return too_costly_; }

  Result sub_validate(Index node, const Value& v, const std::string& context, size_t depth) {
    Result result;
    validate(node, v, &result, context, depth);
    return result;
  }

 private:
  void add_error(Result* result, const std::string& context, std::string type,
                 std::string description) {
    result->errors.push_back({std::move(type), field_of(context), std::move(description)});
    result->score -= 2;
  }

  void validate(Index index, const Value& v, Result* result, const std::string& context,
                size_t depth);
  void validate_combinators(const SchemaNode& node, const Value& v, Result* result,
                            const std::string& context, size_t depth);
  void validate_common(const SchemaNode& node, const Value& v, Result* result,
                       const std::string& context);
  void validate_array(const SchemaNode& node, const Value& v, Result* result,
                      const std::string& context, size_t depth);
  void validate_object(const SchemaNode& node, const Value& v, Result* result,
                       const std::string& context, size_t depth);
  void validate_string(const SchemaNode& node, const Value& v, Result* result,
                       const std::string& context);
  void validate_number(const SchemaNode& node, const Value& v, Result* result,
                       const std::string& context);

  const CompiledSchema& schema_;
  uint64_t steps_ = 0;
  bool too_costly_ = false;
};

void Validator::validate(Index index, const Value& v, Result* result, const std::string& context,
                         size_t depth) {
  if (too_costly_ || depth > kMaxValidationDepth || ++steps_ > kMaxSteps) {
    too_costly_ = true;
    return;
  }
  const SchemaNode& node = schema_.nodes[index];
  if (node.pass) {
    if (!*node.pass) add_error(result, context, "false", "False always fails validation");
    return;
  }
  if (node.ref) {
    validate(*node.ref, v, result, context, depth + 1);
    return;
  }
  std::string_view given;
  switch (v.kind()) {
    case ValueKind::kNull: given = "null"; break;
    case ValueKind::kBoolean: given = "boolean"; break;
    case ValueKind::kString: given = "string"; break;
    case ValueKind::kObject: given = "object"; break;
    case ValueKind::kNumber: given = v.as_number().is_integer() ? "integer" : "number"; break;
    default: given = "array"; break;
  }
  bool valid_type = has_type(node, given) || (given == "integer" && has_type(node, "number"));
  if (!node.types.empty() && !valid_type) {
    add_error(result, context, "invalid_type",
              "Invalid type. Expected: " + types_text(node.types) + ", given: " +
                  std::string(given));
    return;
  }
  validate_combinators(node, v, result, context, depth);
  switch (v.kind()) {
    case ValueKind::kArray:
      validate_array(node, v, result, context, depth);
      validate_common(node, v, result, context);
      break;
    case ValueKind::kObject:
      validate_object(node, v, result, context, depth);
      validate_common(node, v, result, context);
      for (const auto& [name, property] : node.properties) {
        if (const Value* item = v.find(Value::string(name))) {
          validate(property, *item, result, context + "." + name, depth + 1);
        }
      }
      break;
    default:
      validate_number(node, v, result, context);
      validate_common(node, v, result, context);
      validate_string(node, v, result, context);
      break;
  }
  ++result->score;
}

void Validator::validate_combinators(const SchemaNode& node, const Value& v, Result* result,
                                     const std::string& context, size_t depth) {
  if (!node.any_of.empty()) {
    bool validated = false;
    std::optional<Result> best;
    for (Index branch : node.any_of) {
      if (validated) break;
      Result r = sub_validate(branch, v, context, depth + 1);
      validated = r.valid();
      if (!validated && (!best || r.score > best->score)) best = std::move(r);
    }
    if (!validated) {
      add_error(result, context, "number_any_of", "Must validate at least one schema (anyOf)");
      if (best) result->merge(std::move(*best));
    }
  }
  if (!node.one_of.empty()) {
    int validated = 0;
    std::optional<Result> best;
    for (Index branch : node.one_of) {
      Result r = sub_validate(branch, v, context, depth + 1);
      if (r.valid()) {
        ++validated;
      } else if (validated == 0 && (!best || r.score > best->score)) {
        best = std::move(r);
      }
    }
    if (validated != 1) {
      add_error(result, context, "number_one_of", "Must validate one and only one schema (oneOf)");
      if (validated == 0 && best) result->merge(std::move(*best));
    }
  }
  if (!node.all_of.empty()) {
    size_t validated = 0;
    for (Index branch : node.all_of) {
      Result r = sub_validate(branch, v, context, depth + 1);
      if (r.valid()) ++validated;
      result->merge(std::move(r));
    }
    if (validated != node.all_of.size()) {
      add_error(result, context, "number_all_of", "Must validate all the schemas (allOf)");
    }
  }
  if (node.not_schema && sub_validate(*node.not_schema, v, context, depth + 1).valid()) {
    add_error(result, context, "number_not", "Must not validate the schema (not)");
  }
  if (!node.dependencies.empty() && v.is_object()) {
    for (const auto& [key, item] : v.object_entries()) {
      std::string_view name = key.as_string();
      auto it = std::find_if(node.dependencies.begin(), node.dependencies.end(),
                             [&](const auto& d) { return d.first == name; });
      if (it == node.dependencies.end()) continue;
      if (const auto* keys = std::get_if<std::vector<std::string>>(&it->second)) {
        for (const std::string& needed : *keys) {
          if (v.find(Value::string(needed)) == nullptr) {
            add_error(result, context, "missing_dependency", "Has a dependency on " + needed);
          }
        }
      } else {
        validate(std::get<Index>(it->second), v, result, context, depth + 1);
      }
    }
  }
  if (node.if_schema) {
    bool condition = sub_validate(*node.if_schema, v, context, depth + 1).valid();
    std::optional<Index> branch = condition ? node.then_schema : node.else_schema;
    if (branch) {
      Result r = sub_validate(*branch, v, context, depth + 1);
      if (!r.valid()) {
        add_error(result, context, condition ? "condition_then" : "condition_else",
                  condition ? "Must validate \"then\" as \"if\" was valid"
                            : "Must validate \"else\" as \"if\" was not valid");
        result->merge(std::move(r));
      }
    }
  }
  ++result->score;
}

void Validator::validate_common(const SchemaNode& node, const Value& v, Result* result,
                                const std::string& context) {
  if (node.const_json && schema_canonical_json(v) != *node.const_json) {
    add_error(result, context, "const", field_of(context) + " does not match: " + *node.const_json);
  }
  if (node.enum_present) {
    std::string text = schema_canonical_json(v);
    if (std::find(node.enum_json.begin(), node.enum_json.end(), text) == node.enum_json.end()) {
      std::string allowed;
      for (const std::string& option : node.enum_json) {
        allowed += (allowed.empty() ? "" : ", ") + option;
      }
      if (node.enum_json.empty()) allowed = "(none)";
      add_error(result, context, "enum",
                field_of(context) + " must be one of the following: " + allowed);
    }
  }
  ++result->score;
}

void Validator::validate_array(const SchemaNode& node, const Value& v, Result* result,
                               const std::string& context, size_t depth) {
  std::span<const Value> items = v.array_items();
  auto item_context = [&](size_t i) { return context + "." + std::to_string(i); };
  if (node.items_single) {
    for (size_t i = 0; i < items.size(); ++i) {
      result->merge(sub_validate(node.items[0], items[i], item_context(i), depth + 1));
    }
  } else if (!node.items.empty()) {
    size_t tuple = node.items.size();
    for (size_t i = 0; i < tuple && i < items.size(); ++i) {
      result->merge(sub_validate(node.items[i], items[i], item_context(i), depth + 1));
    }
    if (tuple < items.size()) {
      if (const bool* allowed = std::get_if<bool>(&node.additional_items)) {
        if (!*allowed) {
          add_error(result, context, "array_no_additional_items",
                    "No additional items allowed on array");
        }
      } else {
        for (size_t i = tuple; i < items.size(); ++i) {
          result->merge(sub_validate(std::get<Index>(node.additional_items), items[i],
                                     item_context(i), depth + 1));
        }
      }
    }
  }
  int64_t count = static_cast<int64_t>(items.size());
  if (node.min_items && count < *node.min_items) {
    add_error(result, context, "array_min_items",
              "Array must have at least " + std::to_string(*node.min_items) + " items");
  }
  if (node.max_items && count > *node.max_items) {
    add_error(result, context, "array_max_items",
              "Array must have at most " + std::to_string(*node.max_items) + " items");
  }
  if (node.unique_items) {
    std::map<std::string, size_t> seen;
    for (size_t j = 0; j < items.size(); ++j) {
      std::string text = schema_canonical_json(items[j]);
      auto it = seen.find(text);
      if (it != seen.end()) {
        add_error(result, context, "unique",
                  "array items[" + std::to_string(it->second) + "," + std::to_string(j) +
                      "] must be unique");
      }
      seen[text] = j;
    }
  }
  if (node.contains) {
    bool found = false;
    std::optional<Result> best;
    for (size_t i = 0; i < items.size() && !found; ++i) {
      Result r = sub_validate(*node.contains, items[i], item_context(i), depth + 1);
      found = r.valid();
      if (!found && (!best || r.score > best->score)) best = std::move(r);
    }
    if (!found) {
      add_error(result, context, "contains", "At least one of the items must match");
      if (best) result->merge(std::move(*best));
    }
  }
  ++result->score;
}

void Validator::validate_object(const SchemaNode& node, const Value& v, Result* result,
                                const std::string& context, size_t depth) {
  int64_t count = static_cast<int64_t>(v.size());
  if (node.min_properties && count < *node.min_properties) {
    add_error(result, context, "array_min_properties",
              "Must have at least " + std::to_string(*node.min_properties) + " properties");
  }
  if (node.max_properties && count > *node.max_properties) {
    add_error(result, context, "array_max_properties",
              "Must have at most " + std::to_string(*node.max_properties) + " properties");
  }
  for (const std::string& name : node.required) {
    if (v.find(Value::string(name)) != nullptr) {
      ++result->score;
    } else {
      add_error(result, context, "required", name + " is required");
    }
  }
  for (const auto& [key, item] : v.object_entries()) {
    std::string name(key.as_string());
    bool declared = std::any_of(node.properties.begin(), node.properties.end(),
                                [&](const auto& p) { return p.first == name; });
    bool pattern_matched = false;
    for (const SchemaNode::PatternProperty& pp : node.pattern_properties) {
      if (!re2::RE2::PartialMatch(name, *pp.regex)) continue;
      pattern_matched = true;
      result->merge(sub_validate(pp.schema, item, context + "." + name, depth + 1));
    }
    if (pattern_matched) ++result->score;
    if (declared || pattern_matched) continue;
    if (const bool* allowed = std::get_if<bool>(&node.additional_properties)) {
      if (!*allowed) {
        add_error(result, context, "additional_property_not_allowed",
                  "Additional property " + name + " is not allowed");
      }
    } else {
      result->merge(sub_validate(std::get<Index>(node.additional_properties), item,
                                 context + "." + name, depth + 1));
    }
  }
  if (node.property_names) {
    for (const auto& entry : v.object_entries()) {
      Result r = sub_validate(*node.property_names, entry.first, context, depth + 1);
      if (!r.valid()) {
        add_error(result, context, "invalid_property_name",
                  "Property name of \"" + std::string(entry.first.as_string()) +
                      "\" does not match");
        result->merge(std::move(r));
      }
    }
  }
  ++result->score;
}

void Validator::validate_string(const SchemaNode& node, const Value& v, Result* result,
                                const std::string& context) {
  if (!v.is_string()) return;
  std::string_view text = v.as_string();
  if (node.min_length || node.max_length) {
    int64_t length = rune_count(text);
    if (node.min_length && length < *node.min_length) {
      add_error(result, context, "string_gte",
                "String length must be greater than or equal to " +
                    std::to_string(*node.min_length));
    }
    if (node.max_length && length > *node.max_length) {
      add_error(result, context, "string_lte",
                "String length must be less than or equal to " + std::to_string(*node.max_length));
    }
  }
  if (node.pattern && !re2::RE2::PartialMatch(text, *node.pattern)) {
    add_error(result, context, "pattern", "Does not match pattern '" + node.pattern_text + "'");
  }
  ++result->score;
}

void Validator::validate_number(const SchemaNode& node, const Value& v, Result* result,
                                const std::string& context) {
  if (!v.is_number()) return;
  const Number& n = v.as_number();
  if (node.multiple_of && !is_multiple(n, *node.multiple_of)) {
    add_error(result, context, "multiple_of",
              "Must be a multiple of " + schema_number_text(*node.multiple_of));
  }
  if (node.maximum && compare(n, *node.maximum) > 0) {
    add_error(result, context, "number_lte",
              "Must be less than or equal to " + schema_number_text(*node.maximum));
  }
  if (node.exclusive_maximum && compare(n, *node.exclusive_maximum) >= 0) {
    add_error(result, context, "number_lt",
              "Must be less than " + schema_number_text(*node.exclusive_maximum));
  }
  if (node.minimum && compare(n, *node.minimum) < 0) {
    add_error(result, context, "number_gte",
              "Must be greater than or equal to " + schema_number_text(*node.minimum));
  }
  if (node.exclusive_minimum && compare(n, *node.exclusive_minimum) <= 0) {
    add_error(result, context, "number_gt",
              "Must be greater than " + schema_number_text(*node.exclusive_minimum));
  }
  ++result->score;
}

// OPA's astValueToJSONSchemaLoader: a JSON string, or an object or array taken as JSON.
std::optional<Value> loaded_json(const Value& v, std::string* error) {
  if (v.is_string()) {
    if (go_json_syntax_error(v.as_string())) {
      *error = "invalid JSON string";
      return std::nullopt;
    }
    std::optional<Value> parsed = value_from_json(v.as_string(), error, kMaxDocumentDepth);
    if (!parsed) *error = "document nests too deeply";
    return parsed;
  }
  if (!v.is_object() && !v.is_array()) {
    *error = "wrong type, expected string or object";
    return std::nullopt;
  }
  std::optional<Value> converted = schema_json_value(v, kMaxDocumentDepth);
  if (!converted) *error = "document nests too deeply";
  return converted;
}

Value result_pair(bool valid, Value detail) {
  return Value::array({Value::boolean(valid), std::move(detail)});
}

}  // namespace

std::optional<std::vector<SchemaViolation>> validate_against_schema(const CompiledSchema& schema,
                                                                    const Value& document,
                                                                    std::string* error) {
  Validator validator(schema);
  Result result = validator.sub_validate(schema.root, document, std::string(kRoot), 0);
  if (validator.too_costly()) {
    *error = "schema validation too deep or too costly";
    return std::nullopt;
  }
  return std::move(result.errors);
}

BuiltinResult json_verify_schema(BuiltinContext&, std::span<const Value> args) {
  std::string error;
  std::optional<Value> schema = loaded_json(args[0], &error);
  if (schema) {
    if (compile_schema(*schema, &error)) {
      return BuiltinResult::value(result_pair(true, Value::null()));
    }
  }
  return BuiltinResult::value(result_pair(false, Value::string("jsonschema: " + error)));
}

BuiltinResult json_match_schema(BuiltinContext&, std::span<const Value> args) {
  std::string error;
  std::optional<Value> document = loaded_json(args[0], &error);
  if (!document) return builtin_error(error);
  std::optional<Value> schema_json = loaded_json(args[1], &error);
  if (!schema_json) return builtin_error(error);
  std::optional<CompiledSchema> schema = compile_schema(*schema_json, &error);
  if (!schema) return builtin_error(error);
  std::optional<std::vector<SchemaViolation>> violations =
      validate_against_schema(*schema, *document, &error);
  if (!violations) return builtin_error(error);
  std::vector<Value> errors;
  for (const SchemaViolation& v : *violations) {
    errors.push_back(Value::object({
        {Value::string("desc"), Value::string(v.description)},
        {Value::string("error"), Value::string(v.field + ": " + v.description)},
        {Value::string("field"), Value::string(v.field)},
        {Value::string("type"), Value::string(v.type)},
    }));
  }
  bool valid = errors.empty();
  return BuiltinResult::value(result_pair(valid, Value::array(std::move(errors))));
}

}  // namespace assay::rego::builtins
