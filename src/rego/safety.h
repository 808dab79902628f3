// OPA's safety analysis (compile.go: outputVarsForExpr, reorderBodyForSafety, unify.go): which
// vars an expression binds ("output vars") given the vars already bound ("safe"), and the
// reordering of a body so that every var is bound before it is used. Used by the safety stages
// (safety.cc) and by the rewrites that need output vars earlier (`some x in xs`, template
// strings). Internal to the compiler; not thread-safe (works on one Context).
#pragma once

#include <unordered_map>
#include <utility>
#include <vector>

#include "src/rego/compile_stages.h"

namespace assay::rego::ir {

// The vars `a = b` binds when the vars in `safe` are bound (OPA's Unify).
VarSet unify(const VarSet& safe, const Term* a, const Term* b);

// The vars refs in x bind when their heads are safe (outputVarsForTerms), added to `out`.
void output_vars_for_terms(const Expr* e, const VarSet& safe, VarSet& out);
void output_vars_for_terms(const Term* t, const VarSet& safe, VarSet& out);

// The vars an equality binds (outputVarsForExprEq), with a fresh scratch set.
VarSet output_vars_for_expr_eq(const Expr* e, const VarSet& safe);

// Unsafe vars per expression (OPA's unsafeVars), in insertion order.
class UnsafeVars {
 public:
  void add(const Expr* e, VarId v);
  void set(const Expr* e, VarSet vars);
  void merge(const UnsafeVars& other);
  void erase(const Expr* e);
  VarSet* find(const Expr* e);
  bool empty() const { return entries_.empty(); }
  const std::vector<std::pair<const Expr*, VarSet>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<const Expr*, VarSet>> entries_;
};

// reorderBodyForSafety: the body reordered so vars are bound before use (closures checked
// recursively); `unsafe` receives what cannot be made safe.
Body reorder_body_for_safety(Context& c, const VarSet& globals, const Body& body,
                             UnsafeVars& unsafe);

// safetyErrorSlice: "var x is unsafe" per var at its first unsafe expression, or "expression is
// unsafe" when only generated vars are unsafe.
std::vector<RegoError> safety_errors(Context& c, const UnsafeVars& unsafe, const std::string& file);

}  // namespace assay::rego::ir
