#include "tests/support/json_schema.h"

namespace assay::testing {
namespace {

using nlohmann::json;

bool has_type(const json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  return false;
}

const json& resolve(const json& schema, const json& document) {
  if (!schema.contains("$ref")) return schema;
  std::string pointer = schema["$ref"].get<std::string>();
  if (pointer.rfind("#", 0) != 0) throw std::runtime_error("external $ref " + pointer);
  return document.at(json::json_pointer(pointer.substr(1)));
}

}  // namespace

std::string schema_mismatch(const json& value, const json& raw_schema, const json& document,
                            const std::string& path) {
  const json& schema = resolve(raw_schema, document);
  if (schema.contains("type")) {
    const json& types = schema["type"];
    bool matches = false;
    if (types.is_string()) {
      matches = has_type(value, types.get<std::string>());
    } else {
      for (const json& type : types) matches = matches || has_type(value, type.get<std::string>());
    }
    if (!matches) return path + ": expected type " + types.dump() + ", got " + value.dump();
  }
  if (schema.contains("enum")) {
    bool found = false;
    for (const json& option : schema["enum"]) found = found || option == value;
    if (!found) return path + ": " + value.dump() + " is not one of " + schema["enum"].dump();
  }
  if (schema.contains("oneOf")) {
    int matching = 0;
    for (const json& option : schema["oneOf"]) {
      if (schema_mismatch(value, option, document, path).empty()) ++matching;
    }
    if (matching != 1) {
      return path + ": matches " + std::to_string(matching) + " of oneOf, not exactly 1";
    }
  }
  if (value.is_number()) {
    if (schema.contains("minimum") && value.get<double>() < schema["minimum"].get<double>()) {
      return path + ": below minimum";
    }
    if (schema.contains("maximum") && value.get<double>() > schema["maximum"].get<double>()) {
      return path + ": above maximum";
    }
  }
  if (value.is_string()) {
    const size_t length = value.get_ref<const std::string&>().size();
    if (schema.contains("minLength") && length < schema["minLength"].get<size_t>()) {
      return path + ": shorter than minLength";
    }
    if (schema.contains("maxLength") && length > schema["maxLength"].get<size_t>()) {
      return path + ": longer than maxLength";
    }
  }
  if (value.is_object()) {
    for (const json& name : schema.value("required", json::array())) {
      if (!value.contains(name.get<std::string>())) {
        return path + ": missing required property " + name.dump();
      }
    }
    if (schema.contains("properties")) {
      for (const auto& [name, property] : schema["properties"].items()) {
        if (!value.contains(name)) continue;
        std::string mismatch = schema_mismatch(value[name], property, document, path + "." + name);
        if (!mismatch.empty()) return mismatch;
      }
    }
  }
  if (value.is_array()) {
    if (schema.contains("minItems") && value.size() < schema["minItems"].get<size_t>()) {
      return path + ": fewer than minItems";
    }
    if (schema.contains("maxItems") && value.size() > schema["maxItems"].get<size_t>()) {
      return path + ": more than maxItems";
    }
    if (schema.contains("items")) {
      for (size_t i = 0; i < value.size(); ++i) {
        std::string mismatch = schema_mismatch(value[i], schema["items"], document,
                                               path + "[" + std::to_string(i) + "]");
        if (!mismatch.empty()) return mismatch;
      }
    }
  }
  return "";
}

}  // namespace assay::testing
