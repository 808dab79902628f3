// The registry of Rego's built-in functions: every declaration of OPA 1.x's built-ins
// (builtin_decl.h), including the deprecated ones v0 policies still call, found by name or by
// infix operator.
//
// The table is assembled from one file per namespace (operators.cc, strings.cc, time.cc, ...)
// on first use, then never changes: every function here is thread-safe, and the pointers and
// spans they return stay valid for the life of the program.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "src/rego/builtins/builtin_decl.h"

namespace assay::rego {

// The declaration named `name` ("count", "io.jwt.decode", "internal.member_2"), or nullptr when
// there is none. O(log n).
const BuiltinDecl* find_builtin(std::string_view name);

// Every declaration, sorted by name, names unique.
std::span<const BuiltinDecl> all_builtins();

// The declaration an infix operator stands for with `operands` operands (the operands written
// around the operator, not the output): find_infix("+") is plus, find_infix("in") is
// internal.member_2 and find_infix("in", 3) internal.member_3 (`k, v in xs`). nullptr when the
// text is no operator of that many operands.
const BuiltinDecl* find_infix(std::string_view op, size_t operands = 2);

}  // namespace assay::rego
