// JSON Schema as OPA's json.verify_schema and json.match_schema apply it (its fork of
// xeipuuv/gojsonschema): drafts 4, 6 and 7 and their "hybrid" (the default, every keyword of
// the three), $ref to the schema's own document ("#", "#/definitions/x"), the same compile-time
// error texts ("has a primitive type that is NOT VALID -- ...") and the same validation errors
// (type, field, description, and their order where Go's is deterministic; where Go walks a
// map, ours walks keys in sorted order).
//
// A compiled schema is a plain table of nodes; $ref links are indexes, so recursive schemas
// are cycles in the table. Compiling and validating are bounded in depth and work: hostile
// schemas ($ref cycles, deep nesting, exponential anyOf) end with an error, never a hang.
// Everything here is a pure function of its arguments: thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "src/rego/number.h"
#include "src/rego/value.h"

namespace re2 {
class RE2;
}

namespace assay::rego::builtins {

struct SchemaNode {
  using Index = size_t;
  std::optional<bool> pass;  // the schemas `true` and `false`
  std::optional<Index> ref;  // $ref: validation is the referenced node's alone
  std::vector<std::string> types;
  std::vector<std::pair<std::string, Index>> properties;  // sorted by name
  std::variant<bool, Index> additional_properties = true;
  struct PatternProperty {
    std::string pattern;
    std::shared_ptr<const re2::RE2> regex;
    Index schema;
  };
  std::vector<PatternProperty> pattern_properties;
  std::optional<Index> property_names;
  std::vector<std::pair<std::string, std::variant<std::vector<std::string>, Index>>> dependencies;
  std::vector<Index> items;
  bool items_single = false;  // "items": one schema for every element (not a tuple)
  std::variant<bool, Index> additional_items = true;
  std::optional<Number> multiple_of, minimum, maximum, exclusive_minimum, exclusive_maximum;
  std::optional<int64_t> min_length, max_length, min_properties, max_properties, min_items,
      max_items;
  std::shared_ptr<const re2::RE2> pattern;
  std::string pattern_text;
  std::string format;
  std::vector<std::string> required;
  bool unique_items = false;
  std::optional<Index> contains;
  std::optional<std::string> const_json;  // canonical JSON (schema_canonical_json)
  bool enum_present = false;
  std::vector<std::string> enum_json;
  std::vector<Index> one_of, any_of, all_of;
  std::optional<Index> not_schema, if_schema, then_schema, else_schema;
};

struct CompiledSchema {
  std::vector<SchemaNode> nodes;
  SchemaNode::Index root = 0;
};

// A schema document (after schema_json_value) compiled; nullopt with *error set to
// gojsonschema's message when it is not a valid schema.
std::optional<CompiledSchema> compile_schema(const Value& schema, std::string* error);

// One validation error as OPA reports it: {"error", "type", "field", "desc"}.
struct SchemaViolation {
  std::string type;
  std::string field;
  std::string description;
};

// The violations of `document` (after schema_json_value) against `schema`, in gojsonschema's
// order; nullopt with *error set when validation needs more than its bounds allow.
std::optional<std::vector<SchemaViolation>> validate_against_schema(const CompiledSchema& schema,
                                                                    const Value& document,
                                                                    std::string* error);

// A Rego value as the JSON value Go would decode from it: sets become arrays, object keys
// that are not strings become their JSON text. nullopt past `max_depth` levels.
std::optional<Value> schema_json_value(const Value& value, size_t max_depth);

// gojsonschema's marshalWithoutNumber: the JSON text of a value with numbers as float64 write
// them, used to compare values for const, enum and uniqueItems.
std::string schema_canonical_json(const Value& value);

// A number as Go prints a big.Float with %v (shortest 'g'): "5", "0.5", "1e+21".
std::string schema_number_text(const Number& number);

}  // namespace assay::rego::builtins
