// BuiltinDecl: one row of the table of Rego's built-in functions (registry.h) — a built-in's
// name, its signature as OPA's type checker uses it, and the facts the compiler and evaluator
// need about it, next to its implementation (DESIGN.md: "registries are tables", as OPA's
// ast/builtins.go and rego-cpp's builtins/ are).
//
// The rows are OPA 1.x's declarations (v1/ast/builtins.go): the same names, argument and result
// types and argument names (they appear in rego_type_error "want" lines), the same infix
// operators, and the same nondeterministic, deprecated and relation flags. Plain values, built
// once and then only read: thread-safe to read.
#pragma once

#include <cstddef>
#include <string_view>

#include "src/rego/types.h"

namespace assay::rego {

// The evaluator's implementation of a built-in (builtin_impl.h); null for the built-ins the
// evaluator handles itself (eq, assign, print, walk, ...) and for those not implemented yet.
struct BuiltinImplementation;
using BuiltinImpl = const BuiltinImplementation*;

struct BuiltinDecl {
  std::string_view name;          // "count", "strings.replace_n", "internal.member_2"
  types::FunctionType signature;  // arguments (with OPA's names), result, variadic type
  // OPA's categories, comma-separated ("strings", "sets,numbers"); where OPA declares none, the
  // name's namespace ("regex", "time", "crypto", ...); empty for the compiler's internal ones.
  std::string_view category;
  bool nondeterministic = false;  // OPA's Nondeterministic: time, randomness, network, runtime
  bool needs_network = false;     // ours: calls out (http.send, net.lookup_ip_addr)
  bool infix_operator = false;    // written as an operator: `x + y`, `x in xs`
  std::string_view infix;         // the operator's text ("+", "==", "in"); empty otherwise
  bool deprecated = false;        // OPA's Deprecated: v0-only (re_match, set_diff, any, ...)
  bool relation = false;          // OPA's Relation: one call yields many outputs (walk)
  BuiltinImpl impl = nullptr;     // see BuiltinImplementation

  size_t arity() const { return signature.arity(); }
};

}  // namespace assay::rego
