// The YAML of a METADATA block decoded as OPA decodes it (yaml.v3 unmarshalling into OPA's
// rawAnnotation struct), on top of yaml-cpp; used by annotations.cc, which applies OPA's rules to
// the result.
//
// yaml.v3 and yaml-cpp differ; this layer makes yaml-cpp's result read as yaml.v3's would:
//   - scalars get yaml.v3's types (YAML 1.2 core schema with yaml.v3's extras: 0o17 and 017
//     octals, 0b101, underscores in numbers, timestamps kept as strings, yes/on/no/off as bools
//     only where a bool is wanted);
//   - a value of the wrong type for a known key is a type error worded as yaml.v3's, with the
//     1-based line, all of the block's collected in document order; a repeated known key or map
//     key is one too;
//   - yaml-cpp's syntax errors are reworded as libyaml's where the two agree, and a line that is
//     neither `key: value` nor a continuation (which yaml-cpp takes as a key with a null value)
//     is libyaml's "could not find expected ':'";
//   - control characters, unknown anchors and self-containing anchors fail as in yaml.v3.
// Not mirrored: merge keys (`<<`) are plain keys; explicit tags other than the core ones read as
// strings; the line yaml.v3 names for some parser errors is that of the enclosing collection,
// here it is the line of the error.
//
// Blocks of single-line `key: value` pairs with plain ASCII values for title, description, scope
// and entrypoint (the usual header of a policy) are read without yaml-cpp, whose setup costs more
// than parsing a small policy; the result is the same (annotations_test.cc compares the two).
//
// Work is bounded: the text must be at most kMaxAnnotationBytes (checked by the caller), nesting
// at most kMaxAnnotationDepth, and the nodes decoded (aliases expanded) at most a few per byte.
// Pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace assay::rego::annotation_yaml {

// A YAML value as yaml.v3 decodes it into Go's `any`.
struct Value {
  enum class Kind { kNull, kBool, kInt, kUint, kFloat, kString, kSeq, kMap };
  Kind kind = Kind::kNull;
  bool boolean = false;
  int64_t integer = 0;        // kInt
  uint64_t uinteger = 0;      // kUint: above int64's range
  double number = 0;          // kFloat
  std::string text;           // kString
  std::vector<Value> items;   // kSeq
  std::vector<Value> keys;    // kMap, in document order
  std::vector<Value> values;  // kMap: values[i] is the value of keys[i]
  bool string_keys = true;    // kMap: all keys are strings (Go's map[string]any, not map[any]any)
  int line = 0;               // 0-based line of the YAML text where the value starts
};

// OPA's rawAnnotation after yaml.v3 filled it in.
struct RawAnnotation {
  std::string scope;
  std::string title;
  std::string description;
  std::vector<std::string> organizations;
  std::vector<Value> related_resources;
  std::vector<Value> authors;
  std::vector<Value> schemas;  // each a map with string keys, or null
  bool entrypoint = false;
  Value custom;   // a map with string keys, or null when absent
  Value compile;  // a map with string keys, or null when absent
};

struct YamlError {
  int line = -1;        // 0-based line of the YAML text holding the error; -1 when unknown
  std::string message;  // as OPA prints it: "yaml: line 3: ...", "yaml: unmarshal errors:\n ..."
};

// Decodes `yaml` into *raw as yaml.v3 would decode it into OPA's rawAnnotation. Returns the error
// instead when yaml.v3 would fail (raw is then unspecified).
std::optional<YamlError> decode_raw_annotation(std::string_view yaml, RawAnnotation* raw);

// Go's fmt `%s` of a decoded value ("map[name:x]", "%!s(int=1)"), for OPA's messages that
// print one.
std::string go_format_s(const Value& v);

// Go's strconv.Quote, for OPA's messages that print a string with %q.
std::string go_quote(std::string_view s);

}  // namespace assay::rego::annotation_yaml
