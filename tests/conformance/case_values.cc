#include "tests/conformance/case_values.h"

#include <vector>

namespace assay::conformance {

using rego::Value;

namespace {

Value scalar(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (node.Tag() == "!") return Value::string(text);  // quoted: always a string
  if (text == "null" || text == "~" || text == "Null" || text == "NULL" || text.empty()) {
    return Value::null();
  }
  if (text == "true" || text == "True" || text == "TRUE") return Value::boolean(true);
  if (text == "false" || text == "False" || text == "FALSE") return Value::boolean(false);
  if (std::optional<rego::Number> n = rego::Number::parse(text)) return Value::number(*n);
  return Value::string(text);
}

}  // namespace

std::optional<Value> yaml_value(const YAML::Node& node, bool regorus_encodings) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return Value::null();
    case YAML::NodeType::Scalar:
      if (regorus_encodings && node.Scalar() == "#undefined") return std::nullopt;
      return scalar(node);
    case YAML::NodeType::Sequence: {
      std::vector<Value> items;
      for (const YAML::Node& item : node) {
        std::optional<Value> v = yaml_value(item, regorus_encodings);
        if (!v) return std::nullopt;
        items.push_back(std::move(*v));
      }
      return Value::array(std::move(items));
    }
    case YAML::NodeType::Map: {
      if (regorus_encodings && node.size() == 1) {
        if (node["set!"] && node["set!"].IsSequence()) {
          std::vector<Value> members;
          for (const YAML::Node& item : node["set!"]) {
            std::optional<Value> v = yaml_value(item, true);
            if (!v) return std::nullopt;
            members.push_back(std::move(*v));
          }
          return Value::set(std::move(members));
        }
        if (node["object!"] && node["object!"].IsSequence()) {
          rego::ObjectBuilder object;
          for (const YAML::Node& item : node["object!"]) {
            std::optional<Value> key = yaml_value(item["key"], true);
            std::optional<Value> value = yaml_value(item["value"], true);
            if (!key || !value) return std::nullopt;
            object.insert(std::move(*key), std::move(*value));
          }
          return std::move(object).build();
        }
      }
      rego::ObjectBuilder object;
      for (const auto& entry : node) {
        std::optional<Value> v = yaml_value(entry.second, regorus_encodings);
        if (!v) return std::nullopt;
        object.insert(Value::string(entry.first.Scalar()), std::move(*v));
      }
      return std::move(object).build();
    }
  }
  return Value::null();
}

}  // namespace assay::conformance
