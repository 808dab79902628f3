// Encodings and documents: json.* (marshalling, validity, filter/remove/patch, JSON Schema),
// yaml.*, base64.*, base64url.*, hex.* and urlquery.*.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

namespace {

Rows json_builtins() {
  types::TypePtr paths_element = Any(S(), ArrayOf(A()));
  types::TypePtr paths = Any(ArrayOf(paths_element), SetOf(paths_element));
  types::TypePtr string_or_object = Any(S(), ObjectOf(A(), A()));
  types::TypePtr patch =
      types::Object({{"op", S()}, {"path", A()}}, types::DynamicProperty{A(), A()});
  types::TypePtr schema_error =
      types::Object({{"error", S()}, {"type", S()}, {"field", S()}, {"desc", S()}}, std::nullopt);
  types::TypePtr marshal_options = types::Object(
      {{"pretty", B()}, {"indent", S()}, {"prefix", S()}}, types::DynamicProperty{S(), A()});
  return {
      fn("json.marshal", kEncoding, {{"x", A()}}, {"y", S()}),
      fn("json.marshal_with_options", kEncoding, {{"x", A()}, {"opts", marshal_options}},
         {"y", S()}),
      fn("json.unmarshal", kEncoding, {{"x", S()}}, {"y", A()}),
      fn("json.is_valid", kEncoding, {{"x", S()}}, {"result", B()}),
      // OPA files the document functions under "object".
      fn("json.filter", kObject, {{"object", ObjectOf(A(), A())}, {"paths", paths}},
         {"filtered", A()}),
      fn("json.remove", kObject, {{"object", ObjectOf(A(), A())}, {"paths", paths}},
         {"output", A()}),
      fn("json.patch", kObject, {{"object", A()}, {"patches", ArrayOf(patch)}}, {"output", A()}),
      fn("json.verify_schema", kObject, {{"schema", string_or_object}},
         {"output", Tuple({B(), Any(S(), Nl())})}),
      fn("json.match_schema", kObject,
         {{"document", string_or_object}, {"schema", string_or_object}},
         {"output", Tuple({B(), ArrayOf(schema_error)})}),
  };
}

}  // namespace

Rows encoding_builtins() {
  Rows rows = json_builtins();
  Rows others = {
      fn("base64.encode", kEncoding, {{"x", S()}}, {"y", S()}),
      fn("base64.decode", kEncoding, {{"x", S()}}, {"y", S()}),
      fn("base64.is_valid", kEncoding, {{"x", S()}}, {"result", B()}),
      fn("base64url.encode", kEncoding, {{"x", S()}}, {"y", S()}),
      fn("base64url.encode_no_pad", kEncoding, {{"x", S()}}, {"y", S()}),
      fn("base64url.decode", kEncoding, {{"x", S()}}, {"y", S()}),
      fn("urlquery.decode", kEncoding, {{"x", S()}}, {"y", S()}),
      fn("urlquery.encode", kEncoding, {{"x", S()}}, {"y", S()}),
      fn("urlquery.encode_object", kEncoding,
         {{"object", ObjectOf(S(), Any(S(), ArrayOf(S()), SetOf(S())))}}, {"y", S()}),
      fn("urlquery.decode_object", kEncoding, {{"x", S()}},
         {"object", ObjectOf(S(), ArrayOf(S()))}),
      fn("yaml.marshal", kEncoding, {{"x", A()}}, {"y", S()}),
      fn("yaml.unmarshal", kEncoding, {{"x", S()}}, {"y", A()}),
      fn("yaml.is_valid", kEncoding, {{"x", S()}}, {"result", B()}),
      fn("hex.encode", kEncoding, {{"x", S()}}, {"y", S()}),
      fn("hex.decode", kEncoding, {{"x", S()}}, {"y", S()}),
  };
  rows.insert(rows.end(), others.begin(), others.end());
  return rows;
}

}  // namespace assay::rego::builtins
