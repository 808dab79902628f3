// BuiltinImplementation: how the evaluator calls a built-in function (the `impl` of a row of
// the builtin table, builtin_decl.h). Each namespace file (strings.cc, sets.cc, ...) defines
// its rows' implementations next to their declarations.
//
// A built-in receives its evaluated arguments and a BuiltinContext, and returns its result,
// nothing (undefined: the expression fails, as OPA's built-ins that "return undefined"), or an
// error with OPA's code and message. OPA's two error codes for built-ins:
//   eval_type_error     an operand of the wrong type: "operand 1 must be string but got number"
//                       (operand_type_error() formats it as OPA does);
//   eval_builtin_error  anything else the built-in refuses: "divide by zero", a bad regex, ...
// OPA prefixes messages with the built-in's name ("count: operand 1 must be ..."); the evaluator
// adds it, the implementation does not. Relations (walk) return all their outputs at once as an
// array of results. Implementations are pure functions of their arguments and the context:
// thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "src/rego/value.h"

namespace assay::rego {

struct BuiltinError {
  std::string code;  // "eval_type_error" or "eval_builtin_error"
  std::string message;
};

// What one evaluation offers its built-ins.
struct BuiltinContext {
  int64_t now_ns = 0;  // time.now_ns(): fixed for the whole query, as OPA fixes it
  std::function<void(const std::string&)> print;  // print(): one line of output
  uint64_t random_seed = 0;  // rand.intn: deterministic per query and seed, as OPA's cache
};

// The result of a call: a value, undefined (no value, no error), or an error.
struct BuiltinResult {
  std::variant<std::monostate, Value, BuiltinError> outcome;

  static BuiltinResult value(Value v) { return {std::move(v)}; }
  static BuiltinResult undefined() { return {std::monostate{}}; }
  static BuiltinResult error(std::string code, std::string message) {
    return {BuiltinError{std::move(code), std::move(message)}};
  }
};

struct BuiltinImplementation {
  BuiltinResult (*call)(BuiltinContext& context, std::span<const Value> args);
};

// "operand N must be <want> but got <have>", as OPA's builtins.NewOperandTypeErr formats it;
// `position` is 1-based.
BuiltinResult operand_type_error(int position, const Value& got, std::string_view want);

}  // namespace assay::rego
