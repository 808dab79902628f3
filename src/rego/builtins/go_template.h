// Go's text/template as OPA's strings.render_template uses it (template.New("template"),
// Option("missingkey=error"), Execute with the variables decoded from JSON: objects as maps,
// arrays as slices, numbers as json.Number): the parse tree (go_template.cc) and its execution
// (go_template_exec.cc).
//
// Supported: text and actions with "{{-" / "-}}" trimming and comments; pipelines with fields
// (.a.b), variables ($, $x, $x.a), declarations and assignments, literals, parentheses; if /
// else if / else, range (arrays, maps in key order, integers; with $i, $e := and else), with,
// break, continue; the functions and, or, not, len, index, print, printf, println, eq, ne, lt,
// le, gt, ge, html, urlquery. Anything else (define, template, block, slice, call, js) fails
// with a clear error. Parsing nests at most kMaxTemplateDepth levels; execution is bounded in
// steps and output.
//
// Pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "src/rego/builtins/builtin_impl.h"
#include "src/rego/value.h"

namespace assay::rego::builtins {

BuiltinResult render_template(BuiltinContext& context, std::span<const Value> args);

namespace go_template {

inline constexpr size_t kMaxTemplateDepth = 100;

struct Pipeline;

// One operand of a command: a literal, ., $var, a function name, a field chain or a
// parenthesised pipeline, followed by field names (.a.b) when it is a chain.
struct Operand {
  enum class Kind { kDot, kNil, kBool, kInt, kFloat, kString, kVariable, kField, kFunction,
                    kPipeline };
  Kind kind = Kind::kDot;
  size_t position = 0;  // byte offset in the template, for error messages
  std::string text;     // source text, for "at <...>" in errors
  bool boolean = false;
  int64_t integer = 0;
  double floating = 0;
  std::string name;                 // string literal, variable or function name
  std::vector<std::string> fields;  // fields applied after the operand
  std::shared_ptr<Pipeline> pipeline;
};

struct Command {
  std::vector<Operand> operands;
};

struct Pipeline {
  size_t position = 0;
  std::vector<std::string> variables;  // $x := ... / $i, $e := ... / $x = ...
  bool assignment = false;             // "=" rather than ":="
  std::vector<Command> commands;
};

struct Node;
using NodeList = std::vector<Node>;

struct Node {
  enum class Kind { kText, kAction, kIf, kRange, kWith, kBreak, kContinue };
  Kind kind = Kind::kText;
  size_t position = 0;
  std::string text;  // kText
  Pipeline pipeline;  // kAction, kIf, kRange, kWith
  NodeList body;      // kIf, kRange, kWith
  NodeList otherwise;  // their {{else}} part (an "else if" is an kIf node alone in it)
};

// The parse tree of `source`; nullopt with *error set to Go's message when it does not parse.
std::optional<NodeList> parse(std::string_view source, std::string* error);

// "template: template:LINE:COL" for the byte offset `position` of `source`.
std::string location(std::string_view source, size_t position, bool with_column = true);

}  // namespace go_template

}  // namespace assay::rego::builtins
