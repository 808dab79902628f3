// Internal to the built-in registry: the per-namespace parts of the table and the shorthand its
// rows are written in. Each namespace file returns its rows; registry.cc joins them.
//
// A row reads like OPA's declaration it copies:
//   fn("count", kAggregates, {{"collection", Any(SetOf(A()), ArrayOf(A()), ...)}}, {"n", N()})
// with builder calls for the flags: .infix("+"), .nondeterministic(), .deprecated(), ...
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "src/rego/builtins/builtin_decl.h"
#include "src/rego/builtins/builtin_impl.h"
#include "src/rego/types.h"

namespace assay::rego::builtins {

using Rows = std::vector<BuiltinDecl>;

// One function per file, named after the file.
Rows aggregates_builtins();
Rows arrays_builtins();
Rows bits_builtins();
Rows conversions_builtins();
Rows crypto_builtins();
Rows encoding_builtins();
Rows glob_builtins();
Rows graph_builtins();
Rows graphql_builtins();
Rows http_builtins();
Rows jwt_builtins();
Rows misc_builtins();
Rows net_builtins();
Rows numbers_builtins();
Rows objects_builtins();
Rows operators_builtins();
Rows providers_builtins();
Rows regex_builtins();
Rows rego_builtins();
Rows semver_builtins();
Rows sets_builtins();
Rows strings_builtins();
Rows time_builtins();
Rows types_builtins();
Rows units_builtins();
Rows uuid_builtins();

// The shorthand OPA's declarations use (types.A, types.N, ..., types.NewSet).
inline types::TypePtr A() { return types::AnyOf({}); }
inline types::TypePtr B() { return types::Boolean(); }
inline types::TypePtr N() { return types::Number(); }
inline types::TypePtr S() { return types::String(); }
inline types::TypePtr Nl() { return types::Null(); }
inline types::TypePtr SetOf(types::TypePtr t) { return types::Set(std::move(t)); }
// array<t1, t2, ...>: a fixed-length tuple.
inline types::TypePtr Tuple(std::vector<types::TypePtr> elements) {
  return types::Array(std::move(elements), nullptr);
}
using types::Any;
using types::ArrayOf;
using types::ObjectOf;

// Categories OPA declares (its category(...) values).
inline constexpr std::string_view kAggregates = "aggregates";
inline constexpr std::string_view kComparison = "comparison";
inline constexpr std::string_view kConversions = "conversions";
inline constexpr std::string_view kEncoding = "encoding";
inline constexpr std::string_view kGraph = "graph";
inline constexpr std::string_view kNumbers = "numbers";
inline constexpr std::string_view kObject = "object";
inline constexpr std::string_view kProvidersAws = "providers.aws";
inline constexpr std::string_view kSets = "sets";
inline constexpr std::string_view kStrings = "strings";
inline constexpr std::string_view kTokens = "tokens";
inline constexpr std::string_view kTokenSign = "tokensign";
inline constexpr std::string_view kTracing = "tracing";
inline constexpr std::string_view kTypes = "types";

// A row under construction; converts to the BuiltinDecl it describes.
class Row {
 public:
  Row(std::string_view name, std::string_view category, std::vector<types::Param> args,
      types::Param result) {
    decl_.name = name;
    decl_.category = category;
    decl_.signature.args = std::move(args);
    decl_.signature.result = std::move(result);
  }

  Row& infix(std::string_view op) {
    decl_.infix_operator = true;
    decl_.infix = op;
    return *this;
  }
  Row& nondeterministic() {
    decl_.nondeterministic = true;
    return *this;
  }
  Row& needs_network() {
    decl_.needs_network = true;
    return *this;
  }
  Row& deprecated() {
    decl_.deprecated = true;
    return *this;
  }
  Row& relation() {
    decl_.relation = true;
    return *this;
  }
  // The row's implementation: a BuiltinImplementation with static storage duration, defined in
  // the same file as the row.
  Row& impl(const BuiltinImplementation& implementation) {
    decl_.impl = &implementation;
    return *this;
  }
  Row& variadic(types::TypePtr type) {
    decl_.signature.variadic = std::move(type);
    return *this;
  }

  operator BuiltinDecl() const { return decl_; }  // NOLINT: rows convert into the table

 private:
  BuiltinDecl decl_;
};

// A function declaration: fn(name, category, {{"arg", type}, ...}, {"result", type}).
inline Row fn(std::string_view name, std::string_view category, std::vector<types::Param> args,
              types::Param result) {
  return Row(name, category, std::move(args), std::move(result));
}

}  // namespace assay::rego::builtins
