// Encodings and documents: json.* (marshalling, validity, filter/remove/patch, JSON Schema),
// yaml.*, base64.*, base64url.*, hex.* and urlquery.*.
//
// As OPA's v1/topdown/encoding.go on Go's encoding/base64, encoding/hex, net/url,
// encoding/json (go_json.h) and sigs.k8s.io/yaml (yaml_codec.h): the same strictness and the
// same error texts ("illegal base64 data at input byte 4", "encoding/hex: odd length hex string").
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/rego/builtins/go_json.h"
#include "src/rego/builtins/json_documents.h"
#include "src/rego/builtins/table.h"
#include "src/rego/builtins/text_support.h"
#include "src/rego/builtins/yaml_codec.h"

namespace assay::rego::builtins {

namespace {

constexpr std::string_view kStdAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64_encode(std::string_view in, std::string_view alphabet, bool pad) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += alphabet[(n >> shift) & 63];
  }
  size_t rest = in.size() - i;
  if (rest > 0) {
    uint32_t n = static_cast<unsigned char>(in[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    if (rest == 2) out += alphabet[(n >> 6) & 63];
    if (pad) out.append(rest == 2 ? 1 : 2, '=');
  }
  return out;
}

// Go's base64 Encoding.DecodeString with padding: '\r' and '\n' are skipped; errors are
// "illegal base64 data at input byte N".
std::optional<std::string> base64_decode(std::string_view src, std::string_view alphabet, std::string* error) {
  int8_t table[256];
  std::fill(std::begin(table), std::end(table), -1);
  for (size_t k = 0; k < alphabet.size(); ++k) table[static_cast<unsigned char>(alphabet[k])] = static_cast<int8_t>(k);
  auto corrupt = [&](size_t at) {
    *error = "illegal base64 data at input byte " + std::to_string(at);
    return std::nullopt;
  };
  auto newline = [&](size_t k) { return src[k] == '\n' || src[k] == '\r'; };
  std::string out;
  size_t si = 0;
  while (true) {
    uint8_t quantum[4] = {0, 0, 0, 0};
    size_t length = 4;
    bool end = false;
    for (size_t j = 0; j < 4; ++j) {
      if (si == src.size()) {
        if (j == 0) return out;
        return corrupt(si - j);  // padding is required
      }
      char in = src[si++];
      int8_t value = table[static_cast<unsigned char>(in)];
      if (value >= 0) {
        quantum[j] = static_cast<uint8_t>(value);
        continue;
      }
      if (in == '\n' || in == '\r') {
        --j;
        continue;
      }
      if (in != '=') return corrupt(si - 1);
      if (j < 2) return corrupt(si - 1);  // incorrect padding
      if (j == 2) {                       // "==" expected
        while (si < src.size() && newline(si)) ++si;
        if (si == src.size()) return corrupt(src.size());
        if (src[si] != '=') return corrupt(si - 1);
        ++si;
      }
      while (si < src.size() && newline(si)) ++si;
      if (si < src.size()) return corrupt(si);  // trailing garbage
      length = j;
      end = true;
      break;
    }
    uint32_t n = (quantum[0] << 18) | (quantum[1] << 12) | (quantum[2] << 6) | quantum[3];
    out += static_cast<char>(n >> 16);
    if (length > 2) out += static_cast<char>((n >> 8) & 0xFF);
    if (length > 3) out += static_cast<char>(n & 0xFF);
    if (end) return out;
  }
}


// ---- base64, base64url, hex ----------------------------------------------------------------

BuiltinResult string_result(std::string s) { return BuiltinResult::value(Value::string(std::move(s))); }

BuiltinResult base64_encode_builtin(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  return string_result(base64_encode(args[0].as_string(), kStdAlphabet, true));
}

BuiltinResult base64_decode_builtin(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  std::string error;
  std::optional<std::string> out = base64_decode(args[0].as_string(), kStdAlphabet, &error);
  if (!out) return builtin_error(error);
  return string_result(std::move(*out));
}

BuiltinResult base64_is_valid(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return BuiltinResult::value(Value::boolean(false));
  std::string error;
  return BuiltinResult::value(Value::boolean(base64_decode(args[0].as_string(), kStdAlphabet, &error).has_value()));
}

BuiltinResult base64url_encode(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  return string_result(base64_encode(args[0].as_string(), kUrlAlphabet, true));
}

BuiltinResult base64url_encode_no_pad(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  return string_result(base64_encode(args[0].as_string(), kUrlAlphabet, false));
}

BuiltinResult base64url_decode(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  std::string s(args[0].as_string());
  // Unpadded input is padded first (RFC 7515 appendix C), as OPA does.
  if (!s.ends_with("=")) {
    switch (s.size() % 4) {
      case 0: break;
      case 2: s += "=="; break;
      case 3: s += "="; break;
      default: return builtin_error("illegal base64url string: " + s);
    }
  }
  std::string error;
  std::optional<std::string> out = base64_decode(s, kUrlAlphabet, &error);
  if (!out) return builtin_error(error);
  return string_result(std::move(*out));
}

BuiltinResult hex_encode(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : args[0].as_string()) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return string_result(std::move(out));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Go's hex.InvalidByteError: "encoding/hex: invalid byte: U+0067 'g'" (%#U).
BuiltinResult invalid_hex_byte(unsigned char c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", c);
  std::string text = std::string("encoding/hex: invalid byte: ") + buf;
  if (c >= 0x20 && c != 0x7F && c != 0xAD && (c < 0x80 || c >= 0xA0)) {
    text += " '";
    append_rune(&text, c);
    text += "'";
  }
  return builtin_error(text);
}

BuiltinResult hex_decode(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  std::string_view s = args[0].as_string();
  std::string out;
  size_t j = 1;
  for (; j < s.size(); j += 2) {
    int a = hex_value(s[j - 1]), b = hex_value(s[j]);
    if (a < 0) return invalid_hex_byte(static_cast<unsigned char>(s[j - 1]));
    if (b < 0) return invalid_hex_byte(static_cast<unsigned char>(s[j]));
    out += static_cast<char>((a << 4) | b);
  }
  if (s.size() % 2 == 1) {
    if (hex_value(s[j - 1]) < 0) return invalid_hex_byte(static_cast<unsigned char>(s[j - 1]));
    return builtin_error("encoding/hex: odd length hex string");
  }
  return string_result(std::move(out));
}

// ---- urlquery ------------------------------------------------------------------------------

// Go's url.QueryEscape.
std::string query_escape(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string go_quoted(std::string_view s) {
  std::string error;
  return go_sprintf("%q", std::vector<Value>{Value::string(std::string(s))}, &error).value_or("");
}

// Go's url.QueryUnescape; errors as url.EscapeError: `invalid URL escape "%zz"`.
std::optional<std::string> query_unescape(std::string_view s, std::string* error) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size() || hex_value(s[i + 1]) < 0 || hex_value(s[i + 2]) < 0) {
        *error = "invalid URL escape " + go_quoted(s.substr(i, 3));
        return std::nullopt;
      }
      out += static_cast<char>((hex_value(s[i + 1]) << 4) | hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

BuiltinResult urlquery_encode(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  return string_result(query_escape(args[0].as_string()));
}

BuiltinResult urlquery_decode(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  std::string error;
  std::optional<std::string> out = query_unescape(args[0].as_string(), &error);
  if (!out) return builtin_error(error);
  return string_result(std::move(*out));
}

BuiltinResult urlquery_encode_object(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_object()) return operand_type_error(1, args[0], "object");
  const std::string_view kValuesError = "values must be string, array[string], or set[string]";
  // url.Values.Encode: keys sorted, each value of a key in order.
  std::vector<std::pair<std::string, std::vector<std::string>>> params;
  for (const auto& [key, value] : args[0].object_entries()) {
    std::vector<std::string> values;
    if (value.is_string()) {
      values.emplace_back(value.as_string());
    } else if (value.is_array() || value.is_set()) {
      for (const Value& item : value.is_array() ? value.array_items() : value.set_items()) {
        if (!item.is_string()) return operand_error(1, kValuesError);
        values.emplace_back(item.as_string());
      }
    } else {
      return operand_error(1, kValuesError);
    }
    params.emplace_back(key.is_string() ? std::string(key.as_string()) : go_json_marshal(key), std::move(values));
  }
  std::stable_sort(params.begin(), params.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out;
  for (const auto& [key, values] : params) {
    for (const std::string& v : values) {
      if (!out.empty()) out += '&';
      out += query_escape(key) + "=" + query_escape(v);
    }
  }
  return string_result(std::move(out));
}

BuiltinResult urlquery_decode_object(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  // url.ParseQuery: '&'-separated pairs; a ';' is an error; the first error is reported.
  std::vector<std::pair<std::string, std::vector<Value>>> params;
  std::string first_error;
  std::string_view query = args[0].as_string();
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.find(';') != std::string_view::npos) {
      if (first_error.empty()) first_error = "invalid semicolon separator in query";
      continue;
    }
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string error;
    std::optional<std::string> key = query_unescape(pair.substr(0, eq), &error);
    std::optional<std::string> value;
    if (key) value = query_unescape(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), &error);
    if (!key || !value) {
      if (first_error.empty()) first_error = error;
      continue;
    }
    auto it = std::find_if(params.begin(), params.end(), [&](const auto& p) { return p.first == *key; });
    if (it == params.end()) it = params.insert(params.end(), {*key, {}});
    it->second.push_back(Value::string(std::move(*value)));
  }
  if (!first_error.empty()) return builtin_error(first_error);
  std::vector<ObjectEntry> entries;
  for (auto& [key, values] : params) entries.emplace_back(Value::string(key), Value::array(std::move(values)));
  return BuiltinResult::value(Value::object(std::move(entries)));
}

// ---- json ----------------------------------------------------------------------------------

BuiltinResult json_marshal(BuiltinContext&, std::span<const Value> args) {
  return string_result(go_json_marshal(args[0]));
}

BuiltinResult json_marshal_with_options(BuiltinContext&, std::span<const Value> args) {
  if (!args[1].is_object()) return operand_type_error(2, args[1], "object");
  std::string indent = "\t", prefix;
  bool implicit_pretty = false, explicit_pretty_given = false, pretty = false;
  for (const auto& [key, value] : args[1].object_entries()) {
    if (!key.is_string()) return operand_error(2, "failed to stringify key " + value_to_rego(key));
    std::string_view name = key.as_string();
    if (name == "prefix" || name == "indent") {
      if (!value.is_string()) return operand_error(2, "key " + go_quoted(name) + " failed cast to string");
      (name == "prefix" ? prefix : indent) = std::string(value.as_string());
      implicit_pretty = true;
    } else if (name == "pretty") {
      explicit_pretty_given = true;
      if (!value.is_boolean()) return operand_error(2, "key " + go_quoted(name) + " failed cast to bool");
      pretty = value.as_boolean();
    } else {
      return operand_error(2, "object contained unknown key " + go_quoted(name));
    }
  }
  if (!explicit_pretty_given) pretty = implicit_pretty;
  if (!pretty) return string_result(go_json_marshal(args[0]));
  std::optional<std::string> text = go_json_marshal_indent(args[0], prefix, indent);
  if (!text) return builtin_error(std::string(kOutputTooLarge));
  return string_result(prefix + *text);  // MarshalIndent does not prefix the first line
}

BuiltinResult json_unmarshal(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  std::string_view text = args[0].as_string();
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return builtin_error("EOF");
  if (std::optional<std::string> syntax = go_json_syntax_error(text)) {
    // OPA decodes with a json.Decoder, which reports a truncated document as "unexpected EOF".
    return builtin_error(*syntax == "unexpected end of JSON input" ? "unexpected EOF" : *syntax);
  }
  std::string error;
  std::optional<Value> value = value_from_json(text, &error, kMaxJsonDepth);
  if (!value) return builtin_error(error);
  return BuiltinResult::value(std::move(*value));
}

BuiltinResult json_is_valid(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return BuiltinResult::value(Value::boolean(false));
  return BuiltinResult::value(Value::boolean(!go_json_syntax_error(args[0].as_string())));
}

// ---- yaml ----------------------------------------------------------------------------------

BuiltinResult yaml_marshal(BuiltinContext&, std::span<const Value> args) {
  return string_result(value_to_yaml(args[0]));
}

BuiltinResult yaml_unmarshal(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  std::string error;
  std::optional<Value> value = yaml_to_value(args[0].as_string(), &error);
  if (!value) return builtin_error(error);
  return BuiltinResult::value(std::move(*value));
}

BuiltinResult yaml_is_valid(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return BuiltinResult::value(Value::boolean(false));
  std::string error;
  return BuiltinResult::value(Value::boolean(yaml_to_value(args[0].as_string(), &error).has_value()));
}

const BuiltinImplementation kBase64Encode{&base64_encode_builtin};
const BuiltinImplementation kBase64Decode{&base64_decode_builtin};
const BuiltinImplementation kBase64IsValid{&base64_is_valid};
const BuiltinImplementation kBase64UrlEncode{&base64url_encode};
const BuiltinImplementation kBase64UrlEncodeNoPad{&base64url_encode_no_pad};
const BuiltinImplementation kBase64UrlDecode{&base64url_decode};
const BuiltinImplementation kHexEncode{&hex_encode};
const BuiltinImplementation kHexDecode{&hex_decode};
const BuiltinImplementation kUrlQueryEncode{&urlquery_encode};
const BuiltinImplementation kUrlQueryDecode{&urlquery_decode};
const BuiltinImplementation kUrlQueryEncodeObject{&urlquery_encode_object};
const BuiltinImplementation kUrlQueryDecodeObject{&urlquery_decode_object};
const BuiltinImplementation kJsonMarshal{&json_marshal};
const BuiltinImplementation kJsonMarshalWithOptions{&json_marshal_with_options};
const BuiltinImplementation kJsonUnmarshal{&json_unmarshal};
const BuiltinImplementation kJsonIsValid{&json_is_valid};
const BuiltinImplementation kJsonFilter{&json_filter};
const BuiltinImplementation kJsonRemove{&json_remove};
const BuiltinImplementation kJsonPatch{&json_patch};
const BuiltinImplementation kJsonVerifySchema{&json_verify_schema};
const BuiltinImplementation kJsonMatchSchema{&json_match_schema};
const BuiltinImplementation kYamlMarshal{&yaml_marshal};
const BuiltinImplementation kYamlUnmarshal{&yaml_unmarshal};
const BuiltinImplementation kYamlIsValid{&yaml_is_valid};

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
      fn("json.marshal", kEncoding, {{"x", A()}}, {"y", S()}).impl(kJsonMarshal),
      fn("json.marshal_with_options", kEncoding, {{"x", A()}, {"opts", marshal_options}},
         {"y", S()}).impl(kJsonMarshalWithOptions),
      fn("json.unmarshal", kEncoding, {{"x", S()}}, {"y", A()}).impl(kJsonUnmarshal),
      fn("json.is_valid", kEncoding, {{"x", S()}}, {"result", B()}).impl(kJsonIsValid),
      // OPA files the document functions under "object".
      fn("json.filter", kObject, {{"object", ObjectOf(A(), A())}, {"paths", paths}},
         {"filtered", A()}).impl(kJsonFilter),
      fn("json.remove", kObject, {{"object", ObjectOf(A(), A())}, {"paths", paths}},
         {"output", A()}).impl(kJsonRemove),
      fn("json.patch", kObject, {{"object", A()}, {"patches", ArrayOf(patch)}}, {"output", A()})
          .impl(kJsonPatch),
      fn("json.verify_schema", kObject, {{"schema", string_or_object}},
         {"output", Tuple({B(), Any(S(), Nl())})}).impl(kJsonVerifySchema),
      fn("json.match_schema", kObject,
         {{"document", string_or_object}, {"schema", string_or_object}},
         {"output", Tuple({B(), ArrayOf(schema_error)})}).impl(kJsonMatchSchema),
  };
}

}  // namespace

Rows encoding_builtins() {
  Rows rows = json_builtins();
  Rows others = {
      fn("base64.encode", kEncoding, {{"x", S()}}, {"y", S()}).impl(kBase64Encode),
      fn("base64.decode", kEncoding, {{"x", S()}}, {"y", S()}).impl(kBase64Decode),
      fn("base64.is_valid", kEncoding, {{"x", S()}}, {"result", B()}).impl(kBase64IsValid),
      fn("base64url.encode", kEncoding, {{"x", S()}}, {"y", S()}).impl(kBase64UrlEncode),
      fn("base64url.encode_no_pad", kEncoding, {{"x", S()}}, {"y", S()}).impl(kBase64UrlEncodeNoPad),
      fn("base64url.decode", kEncoding, {{"x", S()}}, {"y", S()}).impl(kBase64UrlDecode),
      fn("urlquery.decode", kEncoding, {{"x", S()}}, {"y", S()}).impl(kUrlQueryDecode),
      fn("urlquery.encode", kEncoding, {{"x", S()}}, {"y", S()}).impl(kUrlQueryEncode),
      fn("urlquery.encode_object", kEncoding,
         {{"object", ObjectOf(S(), Any(S(), ArrayOf(S()), SetOf(S())))}}, {"y", S()}).impl(kUrlQueryEncodeObject),
      fn("urlquery.decode_object", kEncoding, {{"x", S()}},
         {"object", ObjectOf(S(), ArrayOf(S()))}).impl(kUrlQueryDecodeObject),
      fn("yaml.marshal", kEncoding, {{"x", A()}}, {"y", S()}).impl(kYamlMarshal),
      fn("yaml.unmarshal", kEncoding, {{"x", S()}}, {"y", A()}).impl(kYamlUnmarshal),
      fn("yaml.is_valid", kEncoding, {{"x", S()}}, {"result", B()}).impl(kYamlIsValid),
      fn("hex.encode", kEncoding, {{"x", S()}}, {"y", S()}).impl(kHexEncode),
      fn("hex.decode", kEncoding, {{"x", S()}}, {"y", S()}).impl(kHexDecode),
  };
  rows.insert(rows.end(), others.begin(), others.end());
  return rows;
}

}  // namespace assay::rego::builtins
