// The stages of compile() (compiler.h), in the order OPA's compiler runs them (compile.go,
// NewCompiler's stage list), each a function over the working copy of the policy (compile_ir.h).
// A stage reports errors into the Context and compile() stops after the first stage that
// reported any, as OPA's compiler does: so a policy with a rule conflict and an unsafe var
// reports only the conflict.
//
// Internal to compiler.cc and its stage files. Not thread-safe: one Context per compile() call.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "src/rego/compile_ir.h"
#include "src/rego/error.h"
#include "src/rego/rule_tree.h"
#include "src/rego/types.h"

namespace assay::rego {
struct BuiltinDecl;
}

namespace assay::rego::ir {

// OPA's Compiler.err: errors up to the limit, then "error limit reached".
class ErrorSink {
 public:
  explicit ErrorSink(size_t max_errors) : max_(max_errors) {}
  // Adds errors; false once the limit is reached (the caller should stop its walk).
  bool add(std::vector<RegoError> errors);
  bool add(RegoError error);
  bool empty() const { return errors_.empty(); }
  std::vector<RegoError>& errors() { return errors_; }

 private:
  size_t max_;
  size_t count_ = 0;
  std::vector<RegoError> errors_;
};

// The types the type checker inferred for the rules of a compiled policy, by rule-tree node (a
// null type: OPA's nil), kept so that queries are checked against them.
using RuleTypeTable = std::unordered_map<const TreeNode*, types::TypePtr>;

struct Context {
  Policy& policy;
  ErrorSink& errors;
  bool strict = false;
  RuleTree* tree = nullptr;  // set by the SetRuleTree stage (owned by the CompiledPolicy)
  bool has_schema_annotations = false;  // a METADATA block declares `schemas`
  RuleTypeTable* rule_types_out = nullptr;         // compile(): filled by check_types
  const RuleTypeTable* base_rule_types = nullptr;  // compile_query(): the policy's

  RegoError error(const char* code, std::string message, const std::string& file,
                  SourceLocation at) const {
    return RegoError{code, std::move(message), file, at};
  }
  // The built-in named by a call's operator ref (`count`, `json.marshal`), or null.
  const BuiltinDecl* builtin(const Term* op) const;
  // OPA's GetArity: the built-in's arity, else the number of arguments of the rules at exactly
  // this ref, else -1.
  int arity(const Term* op) const;
};

// A policy compiled without errors, kept for check_query: the working copy and its rule tree.
struct CompiledPolicy {
  Policy policy;
  std::unique_ptr<RuleTree> tree;
  RuleTypeTable rule_types;
};

// A query compiled against a policy: its own names and arena (its VarIds are not the policy's),
// and the body the evaluator runs: the rule `query_rule`'s body.
struct CompiledQuery {
  Policy policy;
  RuleIr* query_rule = nullptr;
  const Body& body() const { return query_rule->body; }
};

// ---- Stages (one file each, named after the concept) ----

// resolve_refs.cc: refs to rules of the package and to imports made absolute; rule args that
// shadow `input`/`data`.
void resolve_refs(Context& c);
// module_checks.cc: keyword overrides (`input := 1`, a rule named `data`) and duplicate imports,
// in v1 modules (or strict mode).
void check_keyword_overrides(Context& c);
void check_imports(Context& c);
// local_vars.cc: `:=` and `some` vars renamed to generated locals; "var x assigned above",
// "declared var x unused", ...
void rewrite_local_vars(Context& c);
// rewrite_terms.cc: the rewrites between local vars and the checks.
void rewrite_rule_head_refs(Context& c);
void rewrite_template_strings(Context& c);
void check_void_calls(Context& c);
void rewrite_print_calls(Context& c);
void rewrite_expr_terms(Context& c);
void rewrite_comprehension_terms(Context& c);
void rewrite_refs_in_head(Context& c);
void rewrite_with_values(Context& c);
// conflicts.cc
void check_rule_conflicts(Context& c);
// function_calls.cc
void check_undefined_funcs(Context& c);
// safety.cc
void check_safety_rule_heads(Context& c);
void check_safety_rule_bodies(Context& c);
// recursion.cc: the dependency graph is taken after the expression rewrites, as OPA's SetGraph
// stage does, and checked after safety.
struct Graph;
std::shared_ptr<Graph> build_graph(Context& c);
void check_recursion(Context& c, const Graph& graph);
// type_check.cc
void check_types(Context& c);

// An import's name: its alias, else the last element of its path (Import.Name()); and the
// import as OPA prints it ("import data.foo as bar").
VarId import_name(const ImportIr& imp, Names& names);
std::string import_string(const ImportIr& imp, const Names& names);

// OPA's declaredVars (resolve_refs.cc): vars bound by `:=` and `some` in an expression or body,
// comprehensions excluded, `every` bodies included.
void declared_vars_in_expr(const Expr* e, VarSet& out, const WellKnown& w);
void declared_vars_in_body(const Body& body, VarSet& out, const WellKnown& w);

// Output vars of a body (safety.cc), for the stages that need them before safety runs.
VarSet output_vars_for_body(Context& c, const Body& body, const VarSet& safe);

}  // namespace assay::rego::ir
